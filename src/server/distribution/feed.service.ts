import fs from 'node:fs/promises';
import { dictionary } from '../../shared/i18n.ts';
import { tags as cacheTags } from '../site/cache-tags.ts';
import type { RenderedPage } from '../site/page-cache.ts';
import type { FeedRow } from './distribution.repo.ts';
import { type FeedFormat, type FeedScope, feedPath, feedPathsOf } from './distribution-urls.ts';
import { FEED_CONTENT_TYPES, type FeedDocument, type FeedEntry, renderFeed } from './feeds.ts';
import type { DistributionServiceOptions } from './options.ts';

/** The day of the tag URIs' authority; fixed forever, or every GUID would change. */
const TAG_DATE = '2024';
/** Feed readers show images at column width; a larger file only costs their bandwidth. */
const FEED_IMAGE_WIDTH = 1200;

/** Feeds per language, section and author, and the feeds a change touches (the WebSub topics). */
export function createFeedService(o: DistributionServiceOptions) {
  const { repo, urls, languages, publicUrl } = o;
  const now = o.now ?? Date.now;
  const feedSize = o.feedSize ?? 50;
  const host = new URL(publicUrl).hostname;
  const abs = (path: string) => `${publicUrl}${path}`;

  /** Internal links and images in stored bodies are root-relative; feed readers need absolute ones. */
  function absolutize(html: string): string {
    return html.replace(/(\s(?:href|src)=")\/(?!\/)/g, `$1${publicUrl}/`);
  }

  async function feedImage(mediaId: number | null, widths: number[]): Promise<FeedEntry['image']> {
    if (mediaId === null || widths.length === 0) return null;
    const fitting = widths.filter((w) => w <= FEED_IMAGE_WIDTH);
    const width = fitting.length ? Math.max(...fitting) : Math.min(...widths);
    const file = await o.mediaFile(mediaId, `${width}.jpg`);
    if (!file) return null;
    try {
      const { size } = await fs.stat(file);
      return { url: abs(`/media/${mediaId}/${width}.jpg`), length: size, type: 'image/jpeg' };
    } catch {
      // The file is gone (a half-deleted upload): no enclosure rather than a broken one.
      return null;
    }
  }

  async function toEntry(r: FeedRow): Promise<FeedEntry> {
    return {
      guid: `tag:${host},${TAG_DATE}:article:${r.id}`,
      url: abs(urls.article(r.language, r.id, r.slug)),
      title: r.title,
      summary: r.lead,
      contentHtml: r.bodyHtml === null ? null : absolutize(r.bodyHtml),
      published: r.publishedAt,
      updated: Math.max(r.updatedAt, r.publishedAt),
      author: { name: r.author.name, url: abs(urls.author(r.language, r.author.slug)) },
      categories: [r.section.name, ...r.tags],
      image: await feedImage(r.heroMediaId, r.heroWidths),
      language: r.language,
    };
  }

  async function feed(
    language: string,
    scope: FeedScope,
    format: FeedFormat,
    full: boolean,
  ): Promise<RenderedPage | null> {
    if (!languages.includes(language)) return null;
    const dict = dictionary(language);
    let title = o.siteName;
    let description = dict.latestNews;
    let homePath = urls.home(language);
    let id = `tag:${host},${TAG_DATE}:feed:${language}`;
    // Stories announce their section and author on every change, so only the site feed needs `latest`.
    const tags: string[] = [];
    const filter: { sectionId?: number; authorId?: number } = {};
    if (scope.kind === 'site') {
      tags.push(cacheTags.latest(language));
    } else if (scope.kind === 'section') {
      const s = await repo.sectionBySlug(scope.slug, language);
      if (!s) return null;
      const name = s.name ?? s.slug;
      title = `${name} — ${o.siteName}`;
      description = s.description || name;
      homePath = urls.section(language, s.slug);
      id += `:section:${s.id}`;
      tags.push(cacheTags.section(s.id));
      filter.sectionId = s.id;
    } else if (scope.kind === 'author') {
      const a = await repo.authorBySlug(scope.slug, language);
      if (!a) return null;
      const name = a.name ?? a.slug;
      title = `${name} — ${o.siteName}`;
      description = `${dict.storiesBy}: ${name}`;
      homePath = urls.author(language, a.slug);
      id += `:author:${a.id}`;
      tags.push(cacheTags.author(a.id));
      filter.authorId = a.id;
    }
    const rows = await repo.feedRows({ language, limit: feedSize, withBody: full, ...filter });
    const entries = await Promise.all(rows.map(toEntry));
    // Bylines are shown, so renaming any author shown purges the feed too.
    for (const authorId of new Set(rows.map((r) => r.author.id))) tags.push(cacheTags.author(authorId));
    const doc: FeedDocument = {
      id,
      language,
      title,
      description,
      homePageUrl: abs(homePath),
      selfUrl: abs(feedPath(urls, language, scope, format, full)),
      hubUrl: o.hubUrl,
      updated: entries.reduce((t, e) => Math.max(t, e.updated), 0) || now(),
      siteName: o.siteName,
      timeZone: o.timeZone,
      entries,
    };
    return {
      status: 200,
      html: renderFeed(doc, format),
      tags: [...new Set(tags)],
      contentType: FEED_CONTENT_TYPES[format],
    };
  }

  /**
   * Absolute URLs of the feeds a change touches, from the cache tags services announce
   * (src/server/modules/changes.ts): `latest:<lang>` the language's site feeds, `section:<id>`
   * and `author:<id>` their feeds in the languages the change names (all when it names none),
   * `all` every language's site feeds. Every format and the full-text variant are topics.
   */
  async function feedUrlsFor(changed: string[]): Promise<string[]> {
    const named = new Set<string>();
    const sectionIds: number[] = [];
    const authorIds: number[] = [];
    let all = false;
    for (const tag of changed) {
      const [kind, value = ''] = tag.split(':', 2);
      if (kind === 'latest' && languages.includes(value)) named.add(value);
      else if (kind === 'section' && /^\d+$/.test(value)) sectionIds.push(Number(value));
      else if (kind === 'author' && /^\d+$/.test(value)) authorIds.push(Number(value));
      else if (tag === cacheTags.all) all = true;
    }
    const scoped = named.size ? [...named] : languages;
    const paths: string[] = [];
    for (const l of all ? languages : named) paths.push(...feedPathsOf(urls, l, { kind: 'site' }));
    const [sections, authors] = await Promise.all([
      repo.slugsOf('sections', [...new Set(sectionIds)]),
      repo.slugsOf('authors', [...new Set(authorIds)]),
    ]);
    for (const l of scoped) {
      for (const slug of sections.values()) paths.push(...feedPathsOf(urls, l, { kind: 'section', slug }));
      for (const slug of authors.values()) paths.push(...feedPathsOf(urls, l, { kind: 'author', slug }));
    }
    return [...new Set(paths)].map(abs);
  }

  return { feed, feedUrlsFor };
}
