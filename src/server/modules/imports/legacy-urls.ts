import { slugify } from '../../../shared/translit.ts';
import type { Urls } from '../../../shared/urls.ts';
import type { Db } from '../../db/database.ts';
import { importedItemsRepo } from './imported-items.repo.ts';

/**
 * The old site's addresses, years of them in search engines and readers' bookmarks, lead to
 * what they became (a permanent redirect). Asked only for paths no route of ours answers, and
 * only once something was imported.
 */

export interface LegacyUrlsOptions {
  db: Db;
  urls: Urls;
  languages: readonly string[];
  sectionSlug(id: number): Promise<string | undefined>;
  authorSlug(id: number): Promise<string | undefined>;
  /** A published story's address (null: no such story, or not published). */
  storyUrl(id: number): Promise<string | null>;
  /** A static page's address. */
  pageUrl(id: number): Promise<string | null>;
}

/** DLE categories: /{alt}/, /{parent}/{alt}/, with /page/{n}/ after them. */
const CATEGORY_PATH = /^\/((?:[^/.]+\/)*[^/.]+?)\/?(?:\/page\/\d+\/?)?$/;

/** How long "nothing was imported" is believed before the table is looked at again (ms). */
const RECHECK_MS = 10_000;

export function createLegacyUrls(o: LegacyUrlsOptions) {
  const repo = importedItemsRepo(o.db);
  let imported = false;
  let checkedAt = -Infinity;

  async function post(kind: string, key: string): Promise<string | null> {
    const id = await repo.target(kind, key);
    return id === undefined ? null : o.storyUrl(id);
  }

  async function page(kind: string, key: string): Promise<string | null> {
    const id = await repo.target(kind, key);
    return id === undefined ? null : o.pageUrl(id);
  }

  async function section(language: string, path: string): Promise<string | null> {
    const id = await repo.target('category-path', path.toLowerCase());
    const slug = id === undefined ? undefined : await o.sectionSlug(id);
    return slug ? o.urls.section(language, slug) : null;
  }

  /** Where an old address went, or null (then it is a 404 as before). */
  async function locate(rawUrl: string): Promise<string | null> {
    if (rawUrl.length > 2000) return null;
    if (!imported) {
      const now = Date.now();
      if (now - checkedAt < RECHECK_MS) return null;
      checkedAt = now;
      imported = await repo.any();
      if (!imported) return null;
    }
    const [rawPath = '/', query = ''] = rawUrl.split('?', 2);
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return null;
    }
    // A language prefix of ours (`/ru/…`) is kept: the new address is in that language.
    const first = path.split('/')[1] ?? '';
    const language = o.languages.slice(1).includes(first) ? first : o.languages[0]!;
    if (language !== o.languages[0]) path = path.slice(first.length + 1) || '/';
    const params = new URLSearchParams(query);

    // DLE: /index.php?newsid=123 (and /?newsid=123)
    const newsid = params.get('newsid');
    if ((path === '/index.php' || path === '/') && newsid && /^\d{1,10}$/.test(newsid)) {
      return post('post', String(Number(newsid)));
    }
    // WordPress: /?p=123
    const p = params.get('p');
    if (path === '/' && p && /^\d{1,10}$/.test(p)) return post('wp-post', String(Number(p)));

    for (const [pattern, to] of routes) {
      const m = pattern.exec(path);
      if (!m) continue;
      const found = await to(m, language);
      // A category path that is not one falls through to a WordPress page of that slug.
      if (found || pattern !== CATEGORY_PATH) return found;
    }
    return null;
  }

  type Route = [RegExp, (m: RegExpExecArray, language: string) => Promise<string | null>];
  const routes: Route[] = [
    // DLE: /{category}/{id}-{alt_name}.html and /{id}-{alt_name}.html
    [/^\/(?:[^/]+\/)*(\d{1,10})-[^/]*\.html$/, (m) => post('post', String(Number(m[1])))],
    // DLE: /{YYYY}/{MM}/{DD}/{alt_name}.html
    [
      /^\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+)\.html$/,
      (m) => post('post-date', `${m[1]}/${m[2]}/${m[3]}/${m[4]!.toLowerCase()}`),
    ],
    // WordPress: /{YYYY}/{MM}/{DD}/{slug}/
    [
      /^\/(\d{4})\/(\d{2})\/(\d{2})\/([^/]+)\/?$/,
      (m) => post('wp-date', `${m[1]}/${m[2]}/${m[3]}/${m[4]!.toLowerCase()}`),
    ],
    [/^\/(?:rss\.xml|feed\/?)$/, async (_m, language) => `${o.urls.prefix(language)}/feed.xml`],
    [/^\/lastnews\/?$/, async (_m, language) => o.urls.latest(language)],
    // Tags by name (DLE /tags/{name}/, WordPress /tag/{slug}/): our tag of that name.
    [
      /^\/(?:tags|tag)\/([^/]+)\/?$/,
      async (m, language) => {
        const slug = slugify(m[1]!, language);
        return slug ? o.urls.tag(language, slug) : null;
      },
    ],
    // Authors by login (DLE /user/{login}/, WordPress /author/{login}/).
    [
      /^\/(?:user|author)\/([^/]+)\/?$/,
      async (m, language) => {
        const id = await repo.target('user', m[1]!.toLowerCase());
        const slug = id === undefined ? undefined : await o.authorSlug(id);
        return slug ? o.urls.author(language, slug) : null;
      },
    ],
    // DLE static pages: /{name}.html
    [/^\/([^/]+)\.html$/, (m) => page('static', m[1]!.toLowerCase())],
    // WordPress: /category/{slug}/ (and its parents)
    [
      /^\/category\/((?:[^/]+\/)*?[^/]+?)\/?(?:page\/\d+\/?)?$/,
      (m, language) => section(language, `wp:${m[1]}`),
    ],
    // DLE categories: /{alt}/, /{parent}/{alt}/, with /page/{n}/ after them.
    [CATEGORY_PATH, (m, language) => section(language, m[1]!.replace(/\/page\/\d+$/, ''))],
    // WordPress: /{slug}/ (a post, or a page, at the root)
    [
      /^\/([^/]+)\/?$/,
      async (m) =>
        (await post('wp-slug', m[1]!.toLowerCase())) ?? (await page('wp-page', m[1]!.toLowerCase())),
    ],
  ];

  return {
    locate,
    /** An import happened: look at once instead of waiting for the next check. */
    imported(): void {
      imported = true;
    },
  };
}

export type LegacyUrls = ReturnType<typeof createLegacyUrls>;
