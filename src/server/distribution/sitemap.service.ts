import { formatIsoWithOffset } from '../../shared/dates.ts';
import { tags as cacheTags } from '../site/cache-tags.ts';
import type { RenderedPage } from '../site/page-cache.ts';
import type { SitemapRow } from './distribution.repo.ts';
import { NEWS_SITEMAP_PATH, SITEMAP_INDEX_PATH, type SitemapName, sitemapPath } from './distribution-urls.ts';
import type { DistributionServiceOptions } from './options.ts';
import {
  alternatesOf,
  type CountBuckets,
  DAY_MS,
  daysByMonth,
  MAX_URLS_PER_NEWS_SITEMAP,
  MAX_URLS_PER_SITEMAP,
  monthRange,
  type Part,
  planParts,
  type SitemapUrl,
  sitemapIndex,
  sitemapUrl,
  URLSET_CLOSE,
  URLSET_OPEN,
  urlset,
} from './sitemaps.ts';

export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** Sitemaps, the Google News sitemap and robots.txt. */
export function createSitemapService(o: DistributionServiceOptions) {
  const { repo, urls, languages, publicUrl } = o;
  const now = o.now ?? Date.now;
  const maxUrls = o.maxUrlsPerSitemap ?? MAX_URLS_PER_SITEMAP;
  const maxNewsUrls = o.maxUrlsPerNewsSitemap ?? MAX_URLS_PER_NEWS_SITEMAP;
  const batchSize = o.batchSize ?? 1000;
  const newsWindowMs = o.newsWindowMs ?? 2 * DAY_MS;
  const abs = (path: string) => `${publicUrl}${path}`;
  const iso = (ms: number) => formatIsoWithOffset(ms, o.timeZone);
  const latestTags = () => languages.map(cacheTags.latest);

  const countIn =
    (language?: string): CountBuckets =>
    (from, to, width) =>
      repo.countBuckets({ from, to, width, ...(language !== undefined ? { language } : {}) });

  function imagesOf(r: { heroMediaId: number | null; heroWidths: number[] }): string[] {
    if (r.heroMediaId === null || r.heroWidths.length === 0) return [];
    // Search engines want the largest image there is.
    return [abs(`/media/${r.heroMediaId}/${Math.max(...r.heroWidths)}.jpg`)];
  }

  /** `<url>` elements of a batch of stories, with their language versions (one query per batch). */
  async function storyUrls(rows: SitemapRow[], news: boolean): Promise<string> {
    const groupIds = [...new Set(rows.map((r) => r.groupId).filter((g): g is number => g !== null))];
    const byGroup = new Map<number, { language: string; href: string }[]>();
    for (const v of await repo.versions(groupIds)) {
      const list = byGroup.get(v.groupId) ?? [];
      list.push({ language: v.language, href: abs(urls.article(v.language, v.id, v.slug)) });
      byGroup.set(v.groupId, list);
    }
    let out = '';
    for (const r of rows) {
      // Sponsored content is not news: never offered to Google News.
      if (news && r.kind === 'sponsored') continue;
      out += sitemapUrl({
        loc: abs(urls.article(r.language, r.id, r.slug)),
        lastmod: iso(Math.max(r.updatedAt, r.publishedAt)),
        alternates: r.groupId === null ? [] : alternatesOf(byGroup.get(r.groupId) ?? [], languages),
        images: imagesOf(r),
        news: news
          ? {
              publicationName: o.siteName,
              language: r.language,
              publicationDate: iso(r.publishedAt),
              title: r.title,
            }
          : null,
      });
    }
    return out;
  }

  /**
   * The `<url>` elements of one time range, written as they are read: `batchSize` rows per
   * keyset query, one string per batch, so memory holds one batch however long the range.
   */
  async function* streamStories(q: { language?: string; from: number; to: number }, news: boolean) {
    let after: { publishedAt: number; id: number } | null = null;
    for (;;) {
      const rows = await repo.sitemapBatch({ ...q, after, limit: batchSize });
      if (rows.length === 0) return;
      yield await storyUrls(rows, news);
      if (rows.length < batchSize) return;
      const last = rows[rows.length - 1]!;
      after = { publishedAt: last.publishedAt, id: last.id };
    }
  }

  /** The files one language's stories take: per UTC month, split at `maxUrls`. */
  async function storySitemaps(language: string): Promise<SitemapName[]> {
    const days = await repo.countBuckets({ language, width: DAY_MS });
    const names: SitemapName[] = [];
    for (const m of daysByMonth(days)) {
      const parts =
        m.count <= maxUrls
          ? 1
          : (await planParts(monthRange(m.year, m.month), maxUrls, countIn(language), m.days)).length;
      for (let part = 1; part <= parts; part++) {
        names.push({ kind: 'articles', language, year: m.year, month: m.month, part });
      }
    }
    return names;
  }

  async function sitemapIndexPage(): Promise<RenderedPage> {
    const names: SitemapName[] = [{ kind: 'pages' }];
    const [sections, authors] = await Promise.all([repo.sections(), repo.authors()]);
    if (sections.length) names.push({ kind: 'sections' });
    if (authors.some((a) => languages.includes(a.language))) names.push({ kind: 'authors' });
    for (const language of languages) names.push(...(await storySitemaps(language)));
    return {
      status: 200,
      html: sitemapIndex(names.map((n) => ({ loc: abs(sitemapPath(n)) }))),
      tags: latestTags(),
      contentType: XML_CONTENT_TYPE,
    };
  }

  /** One month part of a language's stories as a stream, or null when there is no such part. */
  async function storySitemap(
    name: Extract<SitemapName, { kind: 'articles' }>,
  ): Promise<AsyncIterable<string> | null> {
    if (!languages.includes(name.language)) return null;
    const range = monthRange(name.year, name.month);
    if (range.from > now()) return null;
    const parts = await planParts(range, maxUrls, countIn(name.language));
    const part = parts[name.part - 1];
    if (!part) return null;
    const language = name.language;
    return (async function* () {
      yield URLSET_OPEN;
      yield* streamStories({ language, from: part.from, to: part.to }, false);
      yield URLSET_CLOSE;
    })();
  }

  async function newsParts(t: number): Promise<Part[]> {
    return planParts({ from: t - newsWindowMs, to: t + 1 }, maxNewsUrls, countIn());
  }

  /**
   * The Google News sitemap: stories of the last two days in every language. Up to the limit
   * `news.xml` is the sitemap itself; beyond it, an index of `news-<n>.xml` files. With no
   * story in the window it is an empty `<urlset>` (see the ADR: well-formed, accepted by
   * Google, though the 2008 XSD wants one URL).
   */
  async function newsSitemap(partNumber: number | null): Promise<RenderedPage | null> {
    const t = now();
    const parts = await newsParts(t);
    const page = (html: string): RenderedPage => ({
      status: 200,
      html,
      tags: latestTags(),
      contentType: XML_CONTENT_TYPE,
      // Stories leave the window as time passes, with no change to purge on.
      expiresAt: t + 60_000,
    });
    if (partNumber === null && parts.length > 1) {
      return page(
        sitemapIndex(parts.map((_, i) => ({ loc: abs(sitemapPath({ kind: 'news', part: i + 1 })) }))),
      );
    }
    const index = (partNumber ?? 1) - 1;
    const part = parts[index];
    if (!part) return index === 0 ? page(URLSET_OPEN + URLSET_CLOSE) : null;
    let body = '';
    for await (const chunk of streamStories({ from: part.from, to: part.to }, true)) body += chunk;
    return page(URLSET_OPEN + body + URLSET_CLOSE);
  }

  async function sectionsSitemap(): Promise<RenderedPage | null> {
    const sections = await repo.sections();
    if (sections.length === 0) return null;
    const entries: SitemapUrl[] = [];
    for (const s of sections) {
      const versions = languages.map((l) => ({ language: l, href: abs(urls.section(l, s.slug)) }));
      const alternates = alternatesOf(versions, languages);
      for (const l of languages) {
        const newest = await repo.newest({ language: l, sectionId: s.id });
        entries.push({ loc: abs(urls.section(l, s.slug)), lastmod: newest ? iso(newest) : null, alternates });
      }
    }
    return {
      status: 200,
      html: urlset(entries),
      tags: [...latestTags(), ...sections.map((s) => cacheTags.section(s.id))],
      contentType: XML_CONTENT_TYPE,
    };
  }

  /** Author pages in the languages the author has a profile in. */
  async function authorsSitemap(): Promise<RenderedPage | null> {
    const rows = await repo.authors();
    if (rows.length === 0) return null;
    const byAuthor = new Map<number, { slug: string; languages: string[] }>();
    for (const r of rows) {
      if (!languages.includes(r.language)) continue;
      const a = byAuthor.get(r.id) ?? { slug: r.slug, languages: [] };
      a.languages.push(r.language);
      byAuthor.set(r.id, a);
    }
    const entries: SitemapUrl[] = [];
    for (const [id, a] of byAuthor) {
      const mine = languages.filter((l) => a.languages.includes(l));
      const alternates = alternatesOf(
        mine.map((l) => ({ language: l, href: abs(urls.author(l, a.slug)) })),
        languages,
      );
      for (const l of mine) {
        const newest = await repo.newest({ language: l, authorId: id });
        entries.push({ loc: abs(urls.author(l, a.slug)), lastmod: newest ? iso(newest) : null, alternates });
      }
    }
    if (entries.length === 0) return null;
    return {
      status: 200,
      html: urlset(entries),
      tags: [...latestTags(), ...[...byAuthor.keys()].map(cacheTags.author)],
      contentType: XML_CONTENT_TYPE,
    };
  }

  /** Home and latest-news pages of every language, and the static pages. */
  async function pagesSitemap(): Promise<RenderedPage> {
    const entries: SitemapUrl[] = [];
    const homes = alternatesOf(
      languages.map((l) => ({ language: l, href: abs(urls.home(l)) })),
      languages,
    );
    const latest = alternatesOf(
      languages.map((l) => ({ language: l, href: abs(urls.latest(l)) })),
      languages,
    );
    for (const l of languages) {
      const newest = await repo.newest({ language: l });
      const lastmod = newest ? iso(newest) : null;
      entries.push({ loc: abs(urls.home(l)), lastmod, alternates: homes });
      entries.push({ loc: abs(urls.latest(l)), lastmod, alternates: latest });
    }
    const pages = (await repo.pages()).filter((p) => languages.includes(p.language));
    const byKey = new Map<string, typeof pages>();
    for (const p of pages) byKey.set(p.page_key, [...(byKey.get(p.page_key) ?? []), p]);
    const rank = (l: string) => languages.indexOf(l);
    for (const versions of byKey.values()) versions.sort((a, b) => rank(a.language) - rank(b.language));
    for (const versions of byKey.values()) {
      const alternates = alternatesOf(
        versions.map((v) => ({ language: v.language, href: abs(urls.page(v.language, v.slug)) })),
        languages,
      );
      for (const v of versions) {
        entries.push({ loc: abs(urls.page(v.language, v.slug)), lastmod: iso(v.updated_at), alternates });
      }
    }
    return {
      status: 200,
      html: urlset(entries),
      tags: [...latestTags(), ...[...byKey.keys()].map(cacheTags.page)],
      contentType: XML_CONTENT_TYPE,
      // A page added under a new key announces only that key: look again within the hour.
      expiresAt: now() + 3_600_000,
    };
  }

  function robots(): RenderedPage {
    return {
      status: 200,
      html: [
        'User-agent: *',
        'Disallow: /api/',
        '',
        `Sitemap: ${abs(SITEMAP_INDEX_PATH)}`,
        `Sitemap: ${abs(NEWS_SITEMAP_PATH)}`,
        '',
      ].join('\n'),
      tags: [],
      contentType: 'text/plain; charset=utf-8',
    };
  }

  return {
    sitemapIndex: sitemapIndexPage,
    storySitemap,
    newsSitemap,
    sectionsSitemap,
    authorsSitemap,
    pagesSitemap,
    robots,
  };
}
