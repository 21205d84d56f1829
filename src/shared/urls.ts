/**
 * The public URL scheme (docs/adr/0002-ids-and-urls.md). The first configured language
 * lives at `/`, every other one under `/<lang>/`. Stories are addressed by id; the slug
 * after it is decoration kept in sync with the title, so a stale slug can be redirected.
 */
export interface Urls {
  prefix(language: string): string;
  home(language: string): string;
  article(language: string, id: number, slug: string): string;
  latest(language: string, cursor?: string): string;
  section(language: string, slug: string, cursor?: string): string;
  tag(language: string, slug: string, cursor?: string): string;
  author(language: string, slug: string, cursor?: string): string;
  page(language: string, slug: string): string;
  search(language: string): string;
}

export function createUrls(languages: readonly string[]): Urls {
  const defaultLanguage = languages[0];
  const prefix = (language: string) => (language === defaultLanguage ? '' : `/${language}`);
  const withCursor = (url: string, cursor?: string) => (cursor ? `${url}?before=${cursor}` : url);
  return {
    prefix,
    home: (l) => `${prefix(l)}/`,
    article: (l, id, slug) => `${prefix(l)}/news/${id}-${slug}`,
    latest: (l, c) => withCursor(`${prefix(l)}/latest`, c),
    section: (l, s, c) => withCursor(`${prefix(l)}/section/${s}`, c),
    tag: (l, s, c) => withCursor(`${prefix(l)}/tag/${s}`, c),
    author: (l, s, c) => withCursor(`${prefix(l)}/author/${s}`, c),
    page: (l, s) => `${prefix(l)}/page/${s}`,
    search: (l) => `${prefix(l)}/search`,
  };
}

/** Keyset cursor: publication time (epoch ms) and id of the last row shown. */
export interface Cursor {
  publishedAt: number;
  id: number;
}

export function encodeCursor(c: Cursor): string {
  return `${c.publishedAt}.${c.id}`;
}

/** A place in ranked search results: relevance, then time, then id (all descending). */
/** Where a page of ranked search results ends: the rank, and the order key within it. */
export interface SearchCursor {
  score: number;
  key: number;
}

export function encodeSearchCursor(c: SearchCursor): string {
  return `${c.score}.${c.key}`;
}

/** Returns null for anything that is not exactly `<score>.<key>` with sane bounds. */
export function decodeSearchCursor(s: string): SearchCursor | null {
  const m = /^(\d{1,3})\.(\d{1,16})$/.exec(s);
  if (!m) return null;
  const key = Number(m[2]);
  return Number.isSafeInteger(key) ? { score: Number(m[1]), key } : null;
}

/** Returns null for anything that is not exactly `<ms>.<id>` with sane bounds. */
export function decodeCursor(s: string): Cursor | null {
  const m = /^(\d{1,15})\.(\d{1,10})$/.exec(s);
  if (!m) return null;
  const publishedAt = Number(m[1]);
  const id = Number(m[2]);
  if (!Number.isSafeInteger(publishedAt) || id > 2_147_483_647) return null;
  return { publishedAt, id };
}
