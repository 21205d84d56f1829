import type { Urls } from '../../shared/urls.ts';

/**
 * The URL scheme of feeds and sitemaps (docs/adr/0004-feeds-and-sitemaps.md). Feeds sit beside
 * the page they syndicate, under its language prefix; sitemaps are site-wide, at the root.
 */

export type FeedFormat = 'rss' | 'atom' | 'json';
export const FEED_FORMATS: readonly FeedFormat[] = ['rss', 'atom', 'json'];

/** What a feed covers: the whole site in one language, one section, or one author. */
export type FeedScope =
  | { kind: 'site' }
  | { kind: 'section'; slug: string }
  | { kind: 'author'; slug: string };

export const FEED_FILES: Readonly<Record<FeedFormat, string>> = {
  rss: 'feed.xml',
  atom: 'atom.xml',
  json: 'feed.json',
};

/** Media types for `<link rel="alternate" type>`; responses add `; charset=utf-8`. */
export const FEED_TYPES: Readonly<Record<FeedFormat, string>> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

const FORMAT_NAMES: Readonly<Record<FeedFormat, string>> = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' };

/** The query that asks for full text instead of summaries; part of the feed's identity (and WebSub topic). */
export const FULL_TEXT_QUERY = 'full=1';

/** Root-relative path of a feed, e.g. `/ru/section/politics/atom.xml?full=1`. */
export function feedPath(
  urls: Urls,
  language: string,
  scope: FeedScope,
  format: FeedFormat,
  full = false,
): string {
  const base =
    scope.kind === 'site'
      ? `${urls.prefix(language)}/`
      : `${scope.kind === 'section' ? urls.section(language, scope.slug) : urls.author(language, scope.slug)}/`;
  return `${base}${FEED_FILES[format]}${full ? `?${FULL_TEXT_QUERY}` : ''}`;
}

/** Every variant of one scope's feed (each format, summaries and full text): the WebSub topics. */
export function feedPathsOf(urls: Urls, language: string, scope: FeedScope): string[] {
  return FEED_FORMATS.flatMap((f) => [
    feedPath(urls, language, scope, f),
    feedPath(urls, language, scope, f, true),
  ]);
}

/** One `<link rel="alternate" type href title>` for a page head. */
export interface FeedLink {
  type: string;
  /** Root-relative, like the site's other links. */
  href: string;
  title: string;
}

/**
 * The feed links a page head carries: every page its language's site feeds; a section or
 * author page additionally that section's or author's feeds (call twice and concatenate).
 * `name` is the section's or author's display name for the link title.
 */
export function createFeedLinks(o: { urls: Urls; siteName: string }) {
  return function feedLinks(
    language: string,
    kind: FeedScope['kind'],
    slug?: string,
    name?: string,
  ): FeedLink[] {
    if (kind !== 'site' && !slug) return [];
    const scope: FeedScope = kind === 'site' ? { kind } : { kind, slug: slug! };
    const label = kind === 'site' ? o.siteName : `${o.siteName}: ${name ?? slug}`;
    return FEED_FORMATS.map((format) => ({
      type: FEED_TYPES[format],
      href: feedPath(o.urls, language, scope, format),
      title: `${label} (${FORMAT_NAMES[format]})`,
    }));
  };
}

export type FeedLinks = ReturnType<typeof createFeedLinks>;

export const SITEMAP_INDEX_PATH = '/sitemap.xml';
export const NEWS_SITEMAP_PATH = '/sitemaps/news.xml';

/** A sitemap file under `/sitemaps/`, as parsed from its name. */
export type SitemapName =
  | { kind: 'news'; part: number | null }
  | { kind: 'articles'; language: string; year: number; month: number; part: number }
  | { kind: 'sections' }
  | { kind: 'authors' }
  | { kind: 'pages' };

const pad2 = (n: number) => String(n).padStart(2, '0');

export function sitemapPath(name: SitemapName): string {
  switch (name.kind) {
    case 'news':
      return name.part === null ? NEWS_SITEMAP_PATH : `/sitemaps/news-${name.part}.xml`;
    case 'articles':
      return `/sitemaps/articles-${name.language}-${name.year}-${pad2(name.month)}-${name.part}.xml`;
    default:
      return `/sitemaps/${name.kind}.xml`;
  }
}

/**
 * The file name after `/sitemaps/`, or null when it is not one we could ever serve (the
 * caller answers 404). Only the shape is checked here; whether the part exists is not.
 */
export function parseSitemapName(file: string): SitemapName | null {
  if (file === 'sections.xml') return { kind: 'sections' };
  if (file === 'authors.xml') return { kind: 'authors' };
  if (file === 'pages.xml') return { kind: 'pages' };
  const news = /^news(?:-([1-9]\d{0,3}))?\.xml$/.exec(file);
  if (news) return { kind: 'news', part: news[1] ? Number(news[1]) : null };
  const m = /^articles-([a-z]{2,3})-(\d{4})-(\d{2})-([1-9]\d{0,3})\.xml$/.exec(file);
  if (!m) return null;
  const year = Number(m[2]);
  const month = Number(m[3]);
  if (year < 1970 || month < 1 || month > 12) return null;
  return { kind: 'articles', language: m[1]!, year, month, part: Number(m[4]) };
}
