import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import {
  DEFAULT_TIME_ZONE,
  dayKey,
  dayLabel,
  formatDateline,
  formatIsoWithOffset,
  formatLongDate,
  formatTime,
  slowParts,
  startOfLocalDay,
  zonedParts,
} from './dates.ts';

const utc = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('zonedParts', () => {
  it('defaults to Kyiv', () => {
    assert.equal(DEFAULT_TIME_ZONE, 'Europe/Kyiv');
    assert.deepEqual(zonedParts(utc('2024-10-25T09:57:30Z')), {
      year: 2024,
      month: 10,
      day: 25,
      hour: 12,
      minute: 57,
      second: 30,
      offsetMinutes: 180,
    });
  });

  it('ignores milliseconds when working out the offset', () => {
    const p = zonedParts(utc('2024-10-25T09:57:59.999Z'));
    assert.equal(p.second, 59);
    assert.equal(p.offsetMinutes, 180);
  });

  it('reports winter and summer offsets', () => {
    assert.equal(zonedParts(utc('2024-01-15T10:00:00Z')).offsetMinutes, 120);
    assert.equal(zonedParts(utc('2024-07-15T10:00:00Z')).offsetMinutes, 180);
  });

  it('handles other zones, including negative and half-hour offsets', () => {
    assert.equal(zonedParts(utc('2024-07-15T10:00:00Z'), 'UTC').offsetMinutes, 0);
    assert.equal(zonedParts(utc('2024-07-15T10:00:00Z'), 'America/New_York').offsetMinutes, -240);
    assert.equal(zonedParts(utc('2024-07-15T10:00:00Z'), 'Asia/Kolkata').offsetMinutes, 330);
  });

  it('shows midnight as hour 0', () => {
    assert.equal(zonedParts(utc('2024-10-24T21:00:00Z')).hour, 0);
  });

  it('rejects bad input', () => {
    assert.throws(() => zonedParts(Number.NaN), RangeError);
    assert.throws(() => zonedParts(Number.POSITIVE_INFINITY), RangeError);
    assert.throws(() => zonedParts(0, 'Mars/Olympus_Mons'), RangeError);
  });
});

describe('formatDateline, formatTime, dayKey, formatIsoWithOffset', () => {
  it('formats the reference example', () => {
    const ms = utc('2024-10-25T09:57:00Z');
    assert.equal(formatDateline(ms), '25-10-2024, 12:57');
    assert.equal(formatTime(ms), '12:57');
    assert.equal(dayKey(ms), '2024-10-25');
    assert.equal(formatIsoWithOffset(ms), '2024-10-25T12:57:00+03:00');
  });

  it('uses +02:00 in winter and +03:00 in summer', () => {
    assert.equal(formatIsoWithOffset(utc('2024-01-15T10:00:00Z')), '2024-01-15T12:00:00+02:00');
    assert.equal(formatIsoWithOffset(utc('2024-07-15T10:00:00Z')), '2024-07-15T13:00:00+03:00');
    assert.equal(formatDateline(utc('2024-01-05T07:05:00Z')), '05-01-2024, 09:05');
  });

  it('crosses midnight on the local calendar, not the UTC one', () => {
    assert.equal(dayKey(utc('2024-10-24T20:59:59Z')), '2024-10-24');
    assert.equal(formatDateline(utc('2024-10-24T20:59:59Z')), '24-10-2024, 23:59');
    assert.equal(dayKey(utc('2024-10-24T21:00:00Z')), '2024-10-25');
    assert.equal(formatDateline(utc('2024-10-24T21:00:00Z')), '25-10-2024, 00:00');
    assert.equal(formatTime(utc('2024-10-24T21:00:00Z')), '00:00');
    assert.equal(dayKey(utc('2023-12-31T22:00:00Z')), '2024-01-01');
    assert.equal(dayKey(utc('2023-12-31T22:00:00Z'), 'UTC'), '2023-12-31');
  });

  it('jumps from 02:59 to 04:00 on 2024-03-31 (spring forward)', () => {
    assert.equal(formatDateline(utc('2024-03-31T00:59:59Z')), '31-03-2024, 02:59');
    assert.equal(formatDateline(utc('2024-03-31T01:00:00Z')), '31-03-2024, 04:00');
    assert.equal(formatIsoWithOffset(utc('2024-03-31T00:59:59Z')), '2024-03-31T02:59:59+02:00');
    assert.equal(formatIsoWithOffset(utc('2024-03-31T01:00:00Z')), '2024-03-31T04:00:00+03:00');
  });

  it('repeats 03:00–03:59 on 2024-10-27 (fall back) with different offsets', () => {
    const first = utc('2024-10-27T00:30:00Z');
    const second = utc('2024-10-27T01:30:00Z');
    assert.equal(formatDateline(first), '27-10-2024, 03:30');
    assert.equal(formatDateline(second), '27-10-2024, 03:30');
    assert.equal(formatIsoWithOffset(first), '2024-10-27T03:30:00+03:00');
    assert.equal(formatIsoWithOffset(second), '2024-10-27T03:30:00+02:00');
    assert.equal(formatDateline(utc('2024-10-27T00:59:59Z')), '27-10-2024, 03:59');
    assert.equal(formatDateline(utc('2024-10-27T01:00:00Z')), '27-10-2024, 03:00');
  });

  it('round-trips: the ISO string parses back to the same instant', () => {
    for (const iso of [
      '2024-03-31T00:59:59Z',
      '2024-03-31T01:00:00Z',
      '2024-10-27T00:30:00Z',
      '2024-10-27T01:30:00Z',
    ]) {
      assert.equal(Date.parse(formatIsoWithOffset(utc(iso))), utc(iso));
    }
  });

  it('writes negative and fractional offsets', () => {
    assert.equal(
      formatIsoWithOffset(utc('2024-07-15T10:00:00Z'), 'America/New_York'),
      '2024-07-15T06:00:00-04:00',
    );
    assert.equal(
      formatIsoWithOffset(utc('2024-07-15T10:00:00Z'), 'Asia/Kolkata'),
      '2024-07-15T15:30:00+05:30',
    );
    assert.equal(formatIsoWithOffset(utc('2024-07-15T10:00:00Z'), 'UTC'), '2024-07-15T10:00:00+00:00');
  });
});

describe('dayLabel', () => {
  const now = utc('2024-10-25T09:57:00Z'); // 25 Oct 2024, 12:57 in Kyiv

  it('names today and yesterday in each language', () => {
    assert.equal(dayLabel(utc('2024-10-25T05:00:00Z'), now, 'uk'), 'Сьогодні');
    assert.equal(dayLabel(utc('2024-10-25T05:00:00Z'), now, 'ru'), 'Сегодня');
    assert.equal(dayLabel(utc('2024-10-25T05:00:00Z'), now, 'en'), 'Today');
    assert.equal(dayLabel(utc('2024-10-24T05:00:00Z'), now, 'uk'), 'Вчора');
    assert.equal(dayLabel(utc('2024-10-24T05:00:00Z'), now, 'ru'), 'Вчера');
    assert.equal(dayLabel(utc('2024-10-24T05:00:00Z'), now, 'de'), 'Yesterday');
  });

  it('writes older days in words with genitive month names', () => {
    assert.equal(dayLabel(utc('2024-10-23T05:00:00Z'), now, 'uk'), '23 жовтня');
    assert.equal(dayLabel(utc('2024-10-23T05:00:00Z'), now, 'ru'), '23 октября');
    assert.equal(dayLabel(utc('2024-10-23T05:00:00Z'), now, 'en'), '23 October');
    assert.equal(dayLabel(utc('2024-05-01T05:00:00Z'), now, 'uk'), '1 травня');
    assert.equal(dayLabel(utc('2024-05-01T05:00:00Z'), now, 'ru'), '1 мая');
  });

  it('adds the year outside the current year', () => {
    assert.equal(dayLabel(utc('2023-10-23T05:00:00Z'), now, 'uk'), '23 жовтня 2023');
    assert.equal(dayLabel(utc('2023-10-23T05:00:00Z'), now, 'ru'), '23 октября 2023');
    const newYear = utc('2024-01-01T08:00:00Z');
    assert.equal(dayLabel(utc('2023-12-31T10:00:00Z'), newYear, 'uk'), 'Вчора');
    assert.equal(dayLabel(utc('2023-12-30T10:00:00Z'), newYear, 'uk'), '30 грудня 2023');
  });

  it('switches at local midnight, not after 24 hours', () => {
    const justAfterMidnight = utc('2024-10-24T21:05:00Z'); // 25 Oct, 00:05
    assert.equal(dayLabel(utc('2024-10-24T20:55:00Z'), justAfterMidnight, 'uk'), 'Вчора'); // 23:55
    assert.equal(dayLabel(utc('2024-10-24T21:00:00Z'), justAfterMidnight, 'uk'), 'Сьогодні'); // 00:00
    assert.equal(dayLabel(utc('2024-10-23T21:00:00Z'), justAfterMidnight, 'uk'), 'Вчора'); // 24 Oct, 00:00
    assert.equal(dayLabel(utc('2024-10-23T20:59:59Z'), justAfterMidnight, 'uk'), '23 жовтня');
  });

  it('counts calendar days across the 23-hour day of 2024-03-31', () => {
    const now = utc('2024-03-31T21:30:00Z'); // 1 Apr, 00:30 (+03:00)
    assert.equal(dayLabel(utc('2024-03-30T22:00:00Z'), now, 'uk'), 'Вчора'); // 31 Mar, 00:00 (+02:00)
    assert.equal(dayLabel(utc('2024-03-30T21:30:00Z'), now, 'uk'), '30 березня'); // 30 Mar, 23:30
    const onTheDay = utc('2024-03-31T20:30:00Z'); // 31 Mar, 23:30 (+03:00)
    assert.equal(dayLabel(utc('2024-03-30T22:00:00Z'), onTheDay, 'ru'), 'Сегодня');
    assert.equal(dayLabel(utc('2024-03-30T21:59:59Z'), onTheDay, 'ru'), 'Вчера');
  });

  it('counts calendar days across the 25-hour day of 2024-10-27', () => {
    const lateOnTheDay = utc('2024-10-27T21:30:00Z'); // 27 Oct, 23:30 (+02:00)
    // 24 hours earlier is already 27 Oct, 00:30 local: a "now − 24 h" rule would call it yesterday.
    assert.equal(dayLabel(utc('2024-10-26T21:30:00Z'), lateOnTheDay, 'uk'), 'Сьогодні');
    assert.equal(dayLabel(utc('2024-10-26T20:59:59Z'), lateOnTheDay, 'uk'), 'Вчора'); // 26 Oct, 23:59:59
    assert.equal(dayLabel(utc('2024-10-25T21:00:00Z'), lateOnTheDay, 'uk'), 'Вчора'); // 26 Oct, 00:00
    assert.equal(dayLabel(utc('2024-10-25T20:59:59Z'), lateOnTheDay, 'uk'), '25 жовтня');
  });

  it('uses the given time zone for both instants', () => {
    const now = utc('2024-10-25T01:00:00Z'); // 25 Oct in Kyiv, 24 Oct in New York
    const earlier = utc('2024-10-24T20:00:00Z'); // 24 Oct in both
    assert.equal(dayLabel(earlier, now, 'en'), 'Yesterday');
    assert.equal(dayLabel(earlier, now, 'en', 'America/New_York'), 'Today');
  });

  it('accepts regional language tags', () => {
    assert.equal(dayLabel(utc('2024-10-23T05:00:00Z'), now, 'uk-UA'), '23 жовтня');
  });
});

describe('formatLongDate', () => {
  it('writes the day, genitive month and year', () => {
    const ms = utc('2024-10-25T09:57:00Z');
    assert.equal(formatLongDate(ms, 'uk'), '25 жовтня 2024');
    assert.equal(formatLongDate(ms, 'ru'), '25 октября 2024');
    assert.equal(formatLongDate(ms, 'en'), '25 October 2024');
  });

  it('uses the local day', () => {
    assert.equal(formatLongDate(utc('2023-12-31T22:30:00Z'), 'uk'), '1 січня 2024');
    assert.equal(formatLongDate(utc('2023-12-31T22:30:00Z'), 'ru', 'UTC'), '31 декабря 2023');
  });
});

describe('startOfLocalDay', () => {
  it('returns local midnight on ordinary days', () => {
    const expected = utc('2024-10-24T21:00:00Z');
    assert.equal(startOfLocalDay(utc('2024-10-25T09:57:00Z')), expected);
    assert.equal(startOfLocalDay(expected), expected);
    assert.equal(startOfLocalDay(expected - 1), utc('2024-10-23T21:00:00Z'));
    assert.equal(startOfLocalDay(utc('2024-01-15T10:00:00Z')), utc('2024-01-14T22:00:00Z'));
    assert.equal(startOfLocalDay(utc('2024-07-15T10:00:00Z')), utc('2024-07-14T21:00:00Z'));
  });

  it('handles the 23-hour day of 2024-03-31', () => {
    const start = utc('2024-03-30T22:00:00Z'); // 00:00 at +02:00
    for (const iso of [
      '2024-03-30T22:00:00Z',
      '2024-03-31T00:59:59Z',
      '2024-03-31T01:00:00Z',
      '2024-03-31T20:59:59Z',
    ]) {
      assert.equal(startOfLocalDay(utc(iso)), start, iso);
    }
    const next = startOfLocalDay(utc('2024-03-31T21:00:00Z'));
    assert.equal(next, utc('2024-03-31T21:00:00Z')); // 00:00 at +03:00
    assert.equal(next - start, 23 * HOUR);
  });

  it('handles the 25-hour day of 2024-10-27', () => {
    const start = utc('2024-10-26T21:00:00Z'); // 00:00 at +03:00
    for (const iso of [
      '2024-10-26T21:00:00Z',
      '2024-10-27T00:30:00Z',
      '2024-10-27T01:30:00Z',
      '2024-10-27T21:59:59Z',
    ]) {
      assert.equal(startOfLocalDay(utc(iso)), start, iso);
    }
    const next = startOfLocalDay(utc('2024-10-27T22:00:00Z'));
    assert.equal(next, utc('2024-10-27T22:00:00Z')); // 00:00 at +02:00
    assert.equal(next - start, 25 * HOUR);
  });

  it('starts the day at the switch where DST skips midnight (Havana, 2024-03-10)', () => {
    // 00:00 EST becomes 01:00 CDT, so the day begins at 05:00 UTC.
    assert.equal(startOfLocalDay(utc('2024-03-10T16:00:00Z'), 'America/Havana'), utc('2024-03-10T05:00:00Z'));
  });

  it('takes the first of two midnights where DST repeats it (Havana, 2024-11-03)', () => {
    // 01:00 CDT becomes 00:00 CST: midnight happens at 04:00 and again at 05:00 UTC.
    const first = utc('2024-11-03T04:00:00Z');
    assert.equal(startOfLocalDay(utc('2024-11-03T05:30:00Z'), 'America/Havana'), first);
    assert.equal(startOfLocalDay(utc('2024-11-03T16:00:00Z'), 'America/Havana'), first);
  });
});

test('the cached-offset path agrees with ICU around every kind of offset change', () => {
  const zones = [
    'Europe/Kyiv',
    'America/New_York',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'UTC',
  ];
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (const tz of zones) {
    // Dense around the 2024 switches, plus random instants over 1970–2100.
    const around = [
      Date.UTC(2024, 2, 31, 1),
      Date.UTC(2024, 9, 27, 1),
      Date.UTC(2024, 3, 7, 15),
      Date.UTC(2024, 8, 28, 14),
    ];
    const samples: number[] = [];
    for (const t of around) for (let m = -180; m <= 180; m += 7) samples.push(t + m * 60_000 + 13_000);
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(random() * 4_102_444_800_000));
    for (const ms of samples) {
      assert.deepEqual(zonedParts(ms, tz), slowParts(ms, tz), `${tz} ${new Date(ms).toISOString()}`);
    }
  }
});
