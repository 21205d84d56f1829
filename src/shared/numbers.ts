/**
 * Number formatting for counters shown to readers.
 */

/** Narrow no-break space: the Ukrainian and Russian digit-group separator that never wraps. */
const NARROW_NBSP = '\u202f';

interface Suffixes {
  thousand: string;
  million: string;
}

const CYRILLIC_SUFFIXES: Suffixes = { thousand: 'т', million: 'м' };
const LATIN_SUFFIXES: Suffixes = { thousand: 'k', million: 'M' };

function baseLanguage(language: string): string {
  return language.toLowerCase().split(/[-_]/, 1)[0] ?? '';
}

function isCyrillicLanguage(language: string): boolean {
  const base = baseLanguage(language);
  return base === 'uk' || base === 'ru';
}

/**
 * Floor division of non-negative integers. Subtracting the remainder first makes the division
 * exact, so no float rounding can push a result across an integer.
 */
function intDiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** `count` in `unit`s with one floored decimal, '.0' dropped: 1349 in thousands → '1.3'. */
function withTenth(count: number, unit: number): string {
  const tenths = intDiv(count, unit / 10);
  const whole = intDiv(tenths, 10);
  const fraction = tenths % 10;
  return fraction === 0 ? String(whole) : `${whole}.${fraction}`;
}

/**
 * Short view counter: '492', '1.3т', '12т', '1.2м', '12м' (uk and ru; 'k' and 'M' otherwise).
 * Always rounds down, because a counter must never claim more views than there were:
 * 1 049 is '1т' and 999 999 is '999т'. Negative and non-finite values show as '0';
 * fractions are dropped.
 */
export function abbreviateCount(n: number, language: string): string {
  if (!Number.isFinite(n) || n < 0) return '0';
  const count = Math.floor(n);
  const { thousand, million } = isCyrillicLanguage(language) ? CYRILLIC_SUFFIXES : LATIN_SUFFIXES;
  if (count < 1_000) return String(count);
  if (count < 10_000) return `${withTenth(count, 1_000)}${thousand}`;
  if (count < 1_000_000) return `${intDiv(count, 1_000)}${thousand}`;
  if (count < 10_000_000) return `${withTenth(count, 1_000_000)}${million}`;
  return `${intDiv(count, 1_000_000)}${million}`;
}

/**
 * Whole number with digit groups: '12 345' with a narrow no-break space for uk and ru,
 * '12,345' otherwise. Fractions are truncated; non-finite values show as '0'.
 * Grouping is done by hand because Intl uses U+00A0 for Ukrainian, which is wider than the
 * typographic norm, and its choice differs between ICU versions.
 */
export function formatInteger(n: number, language: string): string {
  if (!Number.isFinite(n)) return '0';
  const truncated = Math.trunc(n);
  // BigInt keeps the digits exact past 1e21, where String() would switch to exponent notation.
  const digits = BigInt(Math.abs(truncated)).toString();
  const separator = isCyrillicLanguage(language) ? NARROW_NBSP : ',';
  let grouped = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const group = digits.slice(Math.max(0, end - 3), end);
    grouped = grouped === '' ? group : `${group}${separator}${grouped}`;
  }
  return truncated < 0 ? `-${grouped}` : grouped;
}
