/**
 * Kyiv local time without Intl (the scale generator asks for it 100 000 times), and the
 * publication schedule: a newsroom publishes through the day and barely at night.
 */
import type { Rng } from './rng.ts';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Relative publishing rate per Kyiv-local hour: busy 08–21, quiet overnight. */
const HOUR_WEIGHTS: readonly number[] = [
  0.25, 0.15, 0.1, 0.1, 0.1, 0.15, 0.35, 0.8, 1.1, 1.3, 1.3, 1.25, 1.2, 1.2, 1.2, 1.2, 1.2, 1.25, 1.3, 1.2,
  1.1, 1.0, 0.8, 0.5,
];

/** 01:00 UTC on the last Sunday of a month: when the EU (and Ukraine) change the clocks. */
function lastSundayAt1Utc(year: number, monthIndex: number): number {
  const d = new Date(Date.UTC(year, monthIndex + 1, 0, 1));
  d.setUTCDate(d.getUTCDate() - d.getUTCDay());
  return d.getTime();
}

const dstCache = new Map<number, readonly [number, number]>();

/** Offset of Kyiv time from UTC at instant `t`: +3 h in summer, +2 h in winter. */
export function kyivOffset(t: number): number {
  const year = new Date(t).getUTCFullYear();
  let dst = dstCache.get(year);
  if (!dst) {
    dst = [lastSundayAt1Utc(year, 2), lastSundayAt1Utc(year, 9)];
    dstCache.set(year, dst);
  }
  return t >= dst[0] && t < dst[1] ? 3 * HOUR : 2 * HOUR;
}

export function kyivHour(t: number): number {
  return new Date(t + kyivOffset(t)).getUTCHours();
}

/** Calendar month 1–12 in Kyiv. */
export function kyivMonth(t: number): number {
  return new Date(t + kyivOffset(t)).getUTCMonth() + 1;
}

/** The instant the Kyiv calendar day containing `t` began. */
export function kyivDayStart(t: number): number {
  const off = kyivOffset(t);
  return Math.floor((t + off) / DAY) * DAY - off;
}

interface Segment {
  readonly from: number;
  readonly to: number;
  readonly rate: number;
}

/**
 * Pieces of [start, end) cut at whole UTC hours, each with the weight of its Kyiv hour; from
 * `quietFrom` on, the weights are multiplied by `quiet`. Kyiv midnight is a whole UTC hour.
 */
function* segments(start: number, end: number, quietFrom = end, quiet = 1): Generator<Segment> {
  let t = start;
  while (t < end) {
    const to = Math.min(end, Math.floor(t / HOUR) * HOUR + HOUR);
    yield { from: t, to, rate: HOUR_WEIGHTS[kyivHour(t)]! * (t >= quietFrom ? quiet : 1) };
    t = to;
  }
}

function weight(start: number, end: number): number {
  let total = 0;
  for (const s of segments(start, end)) total += (s.to - s.from) * s.rate;
  return total;
}

/** The quietest a day may be made: a third of the usual flow still looks like a newsroom. */
const MIN_QUIET = 0.3;

/**
 * `count` publication instants in [start, end], oldest first, the last one exactly at `end`.
 * Story i sits near the i-th quantile of the weighted day, jittered by less than half a slot,
 * so the order never breaks and the density follows HOUR_WEIGHTS. Times are whole minutes.
 *
 * With `maxToday`, the current Kyiv day (the one `end` falls in) is made quieter when needed,
 * so that at most about that many stories fall on it: a list of the newest stories then
 * always reaches back into yesterday, whatever the time of day.
 */
export function* schedule(
  start: number,
  end: number,
  count: number,
  rng: Rng,
  opts: { maxToday?: number } = {},
): Generator<number> {
  if (count <= 0) return;
  const today = kyivDayStart(end);
  let quiet = 1;
  if (opts.maxToday !== undefined && today > start && count > opts.maxToday) {
    const before = weight(start, today);
    const during = weight(today, end);
    // count · q·during / (before + q·during) ≤ maxToday, solved for q.
    if (during > 0) {
      quiet = Math.max(MIN_QUIET, Math.min(1, (opts.maxToday * before) / ((count - opts.maxToday) * during)));
    }
  }
  let total = 0;
  for (const s of segments(start, end, today, quiet)) total += (s.to - s.from) * s.rate;
  const it = segments(start, end, today, quiet);
  let seg = it.next();
  let cum = 0;
  for (let i = 0; i < count; i++) {
    if (i === count - 1 || seg.done) {
      yield Math.floor(end / MINUTE) * MINUTE;
      continue;
    }
    const target = ((i + 0.5 + (rng.next() - 0.5) * 0.8) / count) * total;
    while (!seg.done && cum + (seg.value.to - seg.value.from) * seg.value.rate < target) {
      cum += (seg.value.to - seg.value.from) * seg.value.rate;
      seg = it.next();
    }
    const t = seg.done ? end : seg.value.from + (target - cum) / seg.value.rate;
    yield Math.floor(Math.min(t, end) / MINUTE) * MINUTE;
  }
}
