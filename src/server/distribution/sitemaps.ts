import { element, emptyElement, XML_DECLARATION } from './xml.ts';

/**
 * Sitemap XML (sitemaps.org 0.9 with Google's image, news and xhtml hreflang extensions) and
 * the arithmetic that splits a month of stories into files of at most 50 000 URLs.
 */

/** The sitemaps.org limit of URLs per file. */
export const MAX_URLS_PER_SITEMAP = 50_000;
/** Google News reads at most 1 000 URLs per news sitemap. */
export const MAX_URLS_PER_NEWS_SITEMAP = 1_000;

export const URLSET_OPEN =
  `${XML_DECLARATION}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" ` +
  'xmlns:xhtml="http://www.w3.org/1999/xhtml" ' +
  'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" ' +
  'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n';
export const URLSET_CLOSE = '</urlset>\n';

export interface SitemapAlternate {
  /** A language code or `x-default`. */
  hreflang: string;
  href: string;
}

export interface SitemapNews {
  publicationName: string;
  language: string;
  /** W3C date-time with offset. */
  publicationDate: string;
  title: string;
}

export interface SitemapUrl {
  loc: string;
  /** W3C date-time with offset. */
  lastmod?: string | null;
  alternates?: SitemapAlternate[];
  images?: string[];
  news?: SitemapNews | null;
}

/** One `<url>` element; the schema wants loc and lastmod first, extensions after. */
export function sitemapUrl(u: SitemapUrl): string {
  let out = `<url>${element('loc', u.loc)}`;
  if (u.lastmod) out += element('lastmod', u.lastmod);
  for (const a of u.alternates ?? []) {
    out += emptyElement('xhtml:link', { rel: 'alternate', hreflang: a.hreflang, href: a.href });
  }
  for (const image of u.images ?? []) out += `<image:image>${element('image:loc', image)}</image:image>`;
  if (u.news) {
    out +=
      '<news:news><news:publication>' +
      element('news:name', u.news.publicationName) +
      element('news:language', u.news.language) +
      '</news:publication>' +
      element('news:publication_date', u.news.publicationDate) +
      element('news:title', u.news.title) +
      '</news:news>';
  }
  return `${out}</url>\n`;
}

/** A whole `<urlset>` for the small sitemaps that are rendered in one piece and cached. */
export function urlset(urls: SitemapUrl[]): string {
  return URLSET_OPEN + urls.map(sitemapUrl).join('') + URLSET_CLOSE;
}

export function sitemapIndex(entries: { loc: string; lastmod?: string | null }[]): string {
  const rows = entries.map(
    (e) => `<sitemap>${element('loc', e.loc)}${e.lastmod ? element('lastmod', e.lastmod) : ''}</sitemap>\n`,
  );
  return (
    `${XML_DECLARATION}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n` +
    `${rows.join('')}</sitemapindex>\n`
  );
}

/**
 * hreflang alternates of one story: every published language version and `x-default` (the
 * first configured language's version, as in the page heads). None for a story alone in its group.
 */
export function alternatesOf(
  versions: { language: string; href: string }[],
  languages: readonly string[],
): SitemapAlternate[] {
  if (versions.length < 2) return [];
  const sorted = [...versions].sort((a, b) => rank(languages, a.language) - rank(languages, b.language));
  return [
    ...sorted.map((v) => ({ hreflang: v.language, href: v.href })),
    { hreflang: 'x-default', href: sorted[0]!.href },
  ];
}

function rank(languages: readonly string[], language: string): number {
  const i = languages.indexOf(language);
  return i === -1 ? languages.length : i;
}

// ---------------------------------------------------------------------------------------------
// Splitting a time range into files of at most `limit` URLs, without OFFSET and without
// reading the rows: counts per time bucket (an index-only GROUP BY) are packed greedily.

export const DAY_MS = 86_400_000;
/** Bucket widths tried in turn when a bucket alone holds more than the limit. */
const WIDTHS = [DAY_MS, 3_600_000, 60_000, 1_000, 1] as const;

/** `count` stories with `from <= published_at < to`. */
export interface Bucket {
  from: number;
  to: number;
  count: number;
}

/** Counts per bucket `floor(published_at / width)` within [from, to), ascending, non-empty only. */
export type CountBuckets = (
  from: number,
  to: number,
  width: number,
) => Promise<{ bucket: number; count: number }[]>;

/** A file's share of a range: [from, to) and how many stories it held when planned. */
export interface Part {
  from: number;
  to: number;
  count: number;
}

/**
 * Splits [from, to) into parts of at most `limit` stories, in time order. `days` are the
 * day counts of the range when the caller already has them (the sitemap index reads every
 * day at once). Parts tile the whole range, gaps included, so a story written between
 * planning and reading still lands in exactly one part. Only a single millisecond holding
 * more than `limit` stories could exceed it.
 */
export async function planParts(
  range: { from: number; to: number },
  limit: number,
  count: CountBuckets,
  days?: { bucket: number; count: number }[],
): Promise<Part[]> {
  const leaves = await bucketsOf(range, 0, limit, count, days);
  const parts: Part[] = [];
  for (const leaf of leaves) {
    const last = parts[parts.length - 1];
    if (last && last.count + leaf.count <= limit) {
      last.to = leaf.to;
      last.count += leaf.count;
    } else {
      parts.push({ ...leaf });
    }
  }
  if (parts.length === 0) return [];
  // Stretch the parts over the gaps between them and to both ends of the range.
  parts[0]!.from = range.from;
  for (let i = 1; i < parts.length; i++) parts[i - 1]!.to = parts[i]!.from;
  parts[parts.length - 1]!.to = range.to;
  return parts;
}

async function bucketsOf(
  range: { from: number; to: number },
  level: number,
  limit: number,
  count: CountBuckets,
  known?: { bucket: number; count: number }[],
): Promise<Bucket[]> {
  const width = WIDTHS[level]!;
  const rows = known ?? (await count(range.from, range.to, width));
  const out: Bucket[] = [];
  for (const r of rows) {
    const from = Math.max(r.bucket * width, range.from);
    const to = Math.min((r.bucket + 1) * width, range.to);
    if (r.count > limit && level < WIDTHS.length - 1) {
      out.push(...(await bucketsOf({ from, to }, level + 1, limit, count)));
    } else {
      out.push({ from, to, count: r.count });
    }
  }
  return out;
}

/** [from, to) of a UTC calendar month; month is 1–12. */
export function monthRange(year: number, month: number): { from: number; to: number } {
  return { from: Date.UTC(year, month - 1, 1), to: Date.UTC(year, month, 1) };
}

/** Day counts (buckets of DAY_MS) grouped by their UTC month, in time order. */
export function daysByMonth(
  days: { bucket: number; count: number }[],
): { year: number; month: number; days: { bucket: number; count: number }[]; count: number }[] {
  const months = new Map<string, { year: number; month: number; days: typeof days; count: number }>();
  for (const d of days) {
    const date = new Date(d.bucket * DAY_MS);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const key = `${year}-${month}`;
    let m = months.get(key);
    if (!m) {
      m = { year, month, days: [], count: 0 };
      months.set(key, m);
    }
    m.days.push(d);
    m.count += d.count;
  }
  return [...months.values()].sort((a, b) => a.year - b.year || a.month - b.month);
}
