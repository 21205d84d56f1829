/**
 * Date and time formatting for the site, always in an explicit time zone: the server may run
 * in UTC while readers expect Kyiv time, and a page rendered on either side of midnight must
 * not disagree with itself about "today".
 *
 * Every function reads the wall clock with a single `formatToParts` call on a cached
 * formatter (startOfLocalDay needs a few more to resolve DST). Calendar arithmetic is done on
 * UTC day numbers, never by subtracting 24 hours, because a DST day lasts 23 or 25 hours.
 */

export const DEFAULT_TIME_ZONE = 'Europe/Kyiv';

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Offset of local time from UTC, e.g. 180 for +03:00. */
  offsetMinutes: number;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** Pure cache: building a DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // en-US with numeric fields gives plain ASCII digits in every runtime; h23 avoids "24:00".
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * UTC offsets (minutes) by time zone and quarter-hour. Since 1970 every zone changes its
 * offset only on a quarter-hour, so within one bucket the offset is constant and the wall
 * clock is plain arithmetic: a page with 40 feed rows needs a handful of ICU calls, not 120.
 */
const offsets = new Map<string, Map<number, number>>();
const QUARTER_HOUR = 15 * MS_PER_MINUTE;
/** 1970-01-01 .. 2200-01-01: the range where the quarter-hour rule holds. */
const FAST_MIN = 0;
const FAST_MAX = 7_258_118_400_000;

function fastParts(ms: number, timeZone: string): ZonedParts {
  let byBucket = offsets.get(timeZone);
  if (byBucket === undefined) {
    byBucket = new Map();
    offsets.set(timeZone, byBucket);
  }
  const bucket = Math.floor(ms / QUARTER_HOUR);
  let offsetMinutes = byBucket.get(bucket);
  if (offsetMinutes === undefined) {
    offsetMinutes = slowParts(ms, timeZone).offsetMinutes;
    if (byBucket.size > 50_000) byBucket.clear();
    byBucket.set(bucket, offsetMinutes);
  }
  const local = new Date(ms + offsetMinutes * MS_PER_MINUTE);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    offsetMinutes,
  };
}

/** Wall-clock fields and UTC offset of the instant `ms` in `timeZone`. */
export function zonedParts(ms: number, timeZone: string = DEFAULT_TIME_ZONE): ZonedParts {
  if (!Number.isFinite(ms)) throw new RangeError(`Invalid timestamp: ${ms}`);
  if (ms >= FAST_MIN && ms < FAST_MAX) return fastParts(ms, timeZone);
  return slowParts(ms, timeZone);
}

/** The ICU path: one formatToParts call; valid for any instant and zone. Exported for tests. */
export function slowParts(ms: number, timeZone: string): ZonedParts {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let beforeCommonEra = false;
  for (const part of formatterFor(timeZone).formatToParts(ms)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        // Some ICU versions still print midnight as 24 despite h23.
        hour = Number(part.value) % 24;
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        beforeCommonEra = part.value === 'BC' || part.value === 'B';
        break;
    }
  }
  // The formatter counts years by era (1 BC follows AD 1); switch to astronomical numbering.
  if (beforeCommonEra) year = 1 - year;
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  const localAsUtc = utcFromFields(year, month, day, hour, minute, second);
  // Rounded because historical local mean time offsets carry seconds (Kyiv LMT was +2:02:04).
  const offsetMinutes = Math.round((localAsUtc - wholeSecond) / MS_PER_MINUTE);
  return { year, month, day, hour, minute, second, offsetMinutes };
}

/** Date.UTC without its quirk of mapping years 0–99 to 1900–1999. */
function utcFromFields(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function padYear(year: number): string {
  if (year < 0) return `-${String(-year).padStart(6, '0')}`;
  return year < 1000 ? String(year).padStart(4, '0') : String(year);
}

/** '25-10-2024, 12:57' — the dateline under a headline. */
export function formatDateline(ms: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = zonedParts(ms, timeZone);
  return `${pad2(p.day)}-${pad2(p.month)}-${padYear(p.year)}, ${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** '12:57' (24-hour clock). */
export function formatTime(ms: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = zonedParts(ms, timeZone);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** '2024-10-25' — the local calendar day, for grouping and archive URLs. */
export function dayKey(ms: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = zonedParts(ms, timeZone);
  return `${padYear(p.year)}-${pad2(p.month)}-${pad2(p.day)}`;
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/**
 * '2024-10-25T12:57:00+03:00' — local time with its offset, for <time datetime> and structured
 * data. UTC is written '+00:00' rather than 'Z' so every value has the same shape.
 */
export function formatIsoWithOffset(ms: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = zonedParts(ms, timeZone);
  return (
    `${padYear(p.year)}-${pad2(p.month)}-${pad2(p.day)}` +
    `T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}${formatOffset(p.offsetMinutes)}`
  );
}

/** Genitive month names, as used after a day number ("23 жовтня"). */
const MONTHS_GENITIVE: Readonly<Record<'uk' | 'ru' | 'en', readonly string[]>> = {
  uk: [
    'січня',
    'лютого',
    'березня',
    'квітня',
    'травня',
    'червня',
    'липня',
    'серпня',
    'вересня',
    'жовтня',
    'листопада',
    'грудня',
  ],
  ru: [
    'января',
    'февраля',
    'марта',
    'апреля',
    'мая',
    'июня',
    'июля',
    'августа',
    'сентября',
    'октября',
    'ноября',
    'декабря',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

const RELATIVE_DAYS: Readonly<Record<'uk' | 'ru' | 'en', { today: string; yesterday: string }>> = {
  uk: { today: 'Сьогодні', yesterday: 'Вчора' },
  ru: { today: 'Сегодня', yesterday: 'Вчера' },
  en: { today: 'Today', yesterday: 'Yesterday' },
};

/** The site speaks uk and ru; anything else gets English words. */
function wordsLanguage(language: string): 'uk' | 'ru' | 'en' {
  const base = language.toLowerCase().split(/[-_]/, 1)[0];
  return base === 'uk' || base === 'ru' ? base : 'en';
}

function dayInWords(p: ZonedParts, lang: 'uk' | 'ru' | 'en', withYear: boolean): string {
  const text = `${p.day} ${MONTHS_GENITIVE[lang][p.month - 1]}`;
  return withYear ? `${text} ${p.year}` : text;
}

/** Days since the epoch of the local calendar date, so differences count calendar days. */
function dayNumber(p: ZonedParts): number {
  return Math.round(utcFromFields(p.year, p.month, p.day) / MS_PER_DAY);
}

/**
 * 'Сьогодні' / 'Вчора' for the local day of `nowMs` and the one before it, otherwise the date in
 * words ('23 жовтня'), with the year when it is not the current one ('23 жовтня 2023').
 * English words for languages other than uk and ru.
 */
export function dayLabel(
  ms: number,
  nowMs: number,
  language: string,
  timeZone: string = DEFAULT_TIME_ZONE,
): string {
  const lang = wordsLanguage(language);
  const p = zonedParts(ms, timeZone);
  const now = zonedParts(nowMs, timeZone);
  const daysAgo = dayNumber(now) - dayNumber(p);
  if (daysAgo === 0) return RELATIVE_DAYS[lang].today;
  if (daysAgo === 1) return RELATIVE_DAYS[lang].yesterday;
  return dayInWords(p, lang, p.year !== now.year);
}

/** '25 жовтня 2024' / '25 октября 2024' / '25 October 2024'. */
export function formatLongDate(ms: number, language: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  return dayInWords(zonedParts(ms, timeZone), wordsLanguage(language), true);
}

/**
 * Epoch ms of the first instant of the local day containing `ms`: local midnight, or, in zones
 * whose DST switch skips midnight, the moment the day actually begins.
 */
export function startOfLocalDay(ms: number, timeZone: string = DEFAULT_TIME_ZONE): number {
  const p = zonedParts(ms, timeZone);
  const midnightAsUtc = utcFromFields(p.year, p.month, p.day);
  // Local midnight lies within [midnightAsUtc - 14 h, midnightAsUtc + 12 h] (the extreme UTC
  // offsets), so the offsets in force at the two ends of that window cover both sides of a
  // DST switch near midnight. Each offset yields one candidate; the earliest one that falls
  // on the same local day is where the day starts (when midnight repeats, its first instance;
  // when it is skipped, the instant of the switch).
  const offsets = new Set([
    p.offsetMinutes,
    zonedParts(midnightAsUtc - 14 * 60 * MS_PER_MINUTE, timeZone).offsetMinutes,
    zonedParts(midnightAsUtc + 12 * 60 * MS_PER_MINUTE, timeZone).offsetMinutes,
  ]);
  let start = midnightAsUtc - p.offsetMinutes * MS_PER_MINUTE;
  let found = false;
  for (const offset of offsets) {
    const candidate = midnightAsUtc - offset * MS_PER_MINUTE;
    const q = zonedParts(candidate, timeZone);
    const sameDay = q.year === p.year && q.month === p.month && q.day === p.day;
    if (sameDay && (!found || candidate < start)) {
      start = candidate;
      found = true;
    }
  }
  return start;
}

/**
 * The instant a wall-clock time in a time zone names (`2024-05-03 14:20:00` in Kyiv): the
 * zone's offset at that moment, looked up twice so that a time next to a change of offset
 * lands on the right side of it.
 */
export function zonedToEpoch(
  p: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  timeZone: string = DEFAULT_TIME_ZONE,
): number {
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const first = wall - zonedParts(wall, timeZone).offsetMinutes * MS_PER_MINUTE;
  return wall - zonedParts(first, timeZone).offsetMinutes * MS_PER_MINUTE;
}
