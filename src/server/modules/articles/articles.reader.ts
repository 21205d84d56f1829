import type { SearchCursor } from '../../../shared/urls.ts';
import type { Db } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { AuthorsService } from '../authors/index.ts';
import { creditIn, type MediaItem, type MediaService } from '../media/index.ts';
import type { SectionsService } from '../sections/index.ts';
import { articlesQueries, type ListQuery, type StoryRow } from './articles.queries.ts';
import { tagsRepo } from './tags.ts';

/** A row of a story list (feeds, sections, tags, authors, home blocks). */
export interface ArticleListItem {
  id: number;
  language: string;
  slug: string;
  title: string;
  source: string | null;
  lead: string;
  publishedAt: number;
  sectionId: number;
  hero: ListImage | null;
  /** Total views, or null when none were counted yet (a brand-new story shows no count). */
  views: number | null;
  /** news, opinion, analysis, interview, factcheck, live, sponsored (labelled in lists). */
  kind: string;
}

export interface ListImage {
  mediaId: number;
  width: number;
  height: number;
  widths: number[];
  alt: string;
}

export interface ArticleDetail {
  id: number;
  groupId: number;
  language: string;
  slug: string;
  title: string;
  source: string | null;
  lead: string;
  bodyHtml: string;
  status: string;
  publishedAt: number;
  updatedAt: number;
  createdAt: number;
  pinned: number;
  section: { id: number; slug: string; name: string };
  author: { id: number; slug: string; name: string };
  /** Further bylines, in order. */
  coAuthors: { id: number; slug: string; name: string }[];
  /** Search and social title and description ('' = headline and lead). */
  metaTitle: string;
  metaDescription: string;
  breaking: boolean;
  kind: string;
  /** Custom fields by name (a fact check's claim, its author and the rating). */
  fields: Record<string, string>;
  /** The sources the story lists, in order, and how it was reported ('' = not said). */
  sources: { name: string; url: string | null }[];
  methods: string;
  hero: {
    mediaId: number;
    width: number;
    height: number;
    widths: number[];
    credit: string;
    alt: string;
    caption: string;
    /** Where the picture's subject is (0–1), which crops keep in frame. */
    focalX: number;
    focalY: number;
  } | null;
  tags: { id: number; name: string; slug: string }[];
  views: number | null;
  /** Published versions in other languages (never the story itself). */
  versions: { id: number; language: string; slug: string; title: string }[];
}

/** A story as a feed shows it. */
export interface FeedRow {
  id: number;
  language: string;
  slug: string;
  title: string;
  lead: string;
  /** Null when the query did not ask for bodies. */
  bodyHtml: string | null;
  publishedAt: number;
  updatedAt: number;
  section: { id: number; slug: string; name: string };
  author: { id: number; slug: string; name: string };
  heroMediaId: number | null;
  heroWidths: number[];
  tags: string[];
}

/** A story as a sitemap shows it. */
export interface SitemapRow {
  id: number;
  groupId: number | null;
  language: string;
  slug: string;
  title: string;
  publishedAt: number;
  updatedAt: number;
  heroMediaId: number | null;
  heroWidths: number[];
  kind: string;
}

export interface ArticlesReaderOptions {
  db: Db;
  dialect: DialectHelpers;
  authors: AuthorsService;
  sections: SectionsService;
  media: MediaService;
  /** Total views per story, from the views area. */
  viewTotals: (ids: number[]) => Promise<Map<number, number>>;
}

/**
 * Published stories as the public side shows them: rows of the stories area joined, in
 * memory, with the names of sections and authors, the sizes of images and the view counts
 * their own areas keep. Nothing here writes.
 */
export function createArticlesReader(o: ArticlesReaderOptions) {
  const q = articlesQueries(o.db, o.dialect);

  async function sectionOf(id: number, language: string) {
    const s = (await o.sections.list()).find((x) => x.id === id);
    const slug = s?.slug ?? String(id);
    return { id, slug, name: s?.names[language] ?? slug };
  }

  async function authorOf(id: number, language: string) {
    const a = (await o.authors.all()).get(id);
    return { id, slug: a?.slug ?? String(id), name: a ? o.authors.displayName(a, language) : String(id) };
  }

  const imageOf = (r: StoryRow, media: Map<number, MediaItem>): ListImage | null => {
    const m = r.heroMediaId === null ? undefined : media.get(r.heroMediaId);
    return m ? { mediaId: m.id, width: m.width, height: m.height, widths: m.widths, alt: r.heroAlt } : null;
  };

  async function toItems(rows: StoryRow[]): Promise<ArticleListItem[]> {
    if (rows.length === 0) return [];
    const [media, views] = await Promise.all([
      o.media.dims(rows.flatMap((r) => (r.heroMediaId === null ? [] : [r.heroMediaId]))),
      o.viewTotals(rows.map((r) => r.id)),
    ]);
    return rows.map((r) => ({
      id: r.id,
      language: r.language,
      slug: r.slug,
      title: r.title,
      source: r.source,
      lead: r.lead,
      publishedAt: r.publishedAt,
      sectionId: r.sectionId,
      hero: imageOf(r, media),
      views: views.get(r.id) ?? null,
      kind: r.kind,
    }));
  }

  /** Everything a story page shows about the story itself, whatever its status. */
  async function detail(id: number): Promise<ArticleDetail | undefined> {
    const a = await q.pageRow(id);
    if (!a) return undefined;
    const [section, author, media, tags, members, views, coAuthorIds, fields, sources] = await Promise.all([
      sectionOf(a.sectionId, a.language),
      authorOf(a.authorId, a.language),
      a.heroMediaId !== null ? o.media.dims([a.heroMediaId]) : Promise.resolve(new Map<number, MediaItem>()),
      q.tags(id),
      q.publishedVersions([a.groupId]),
      o.viewTotals([id]),
      q.coAuthors(id),
      q.fields(id),
      q.sources(id),
    ]);
    const coAuthors = await Promise.all(coAuthorIds.map((c) => authorOf(c, a.language)));
    const m = a.heroMediaId !== null ? media.get(a.heroMediaId) : undefined;
    return {
      id: a.id,
      groupId: a.groupId,
      language: a.language,
      slug: a.slug,
      title: a.title,
      source: a.source,
      lead: a.lead,
      bodyHtml: a.bodyHtml ?? '',
      status: a.status,
      publishedAt: a.publishedAt,
      updatedAt: a.updatedAt,
      createdAt: a.createdAt,
      pinned: a.pinned,
      section,
      author,
      coAuthors,
      metaTitle: a.metaTitle,
      metaDescription: a.metaDescription,
      breaking: a.breaking,
      kind: a.kind,
      fields,
      sources,
      methods: a.methods,
      hero: m
        ? {
            mediaId: m.id,
            width: m.width,
            height: m.height,
            widths: m.widths,
            credit: creditIn(m, a.language),
            alt: a.heroAlt,
            caption: a.heroCaption,
            focalX: m.focalX,
            focalY: m.focalY,
          }
        : null,
      tags,
      views: views.get(id) ?? null,
      versions: members
        .filter((v) => v.id !== id)
        .map(({ id, language, slug, title }) => ({ id, language, slug, title })),
    };
  }

  return {
    detail,
    list: async (query: ListQuery) => toItems(await q.list(query)),
    /** Ranked search results, each with the cursor of the page after it. */
    async search(
      query: Parameters<typeof q.search>[0],
    ): Promise<{ items: ArticleListItem[]; last: SearchCursor | null }> {
      const rows = await q.search(query);
      const end = rows[rows.length - 1];
      return {
        items: await toItems(rows),
        last: end ? { score: end.score, key: end.key } : null,
      };
    },
    /** The plain text of these stories' bodies (search snippets). */
    bodyTexts: (ids: number[]) => q.bodyTexts(ids),
    pinned: async (language: string, limit: number) => toItems(await q.pinned(language, limit)),
    /** Published stories among these ids as list rows, in the order of the ids. */
    async publishedItems(ids: number[]): Promise<ArticleListItem[]> {
      const rows = new Map((await q.publishedByIds(ids)).map((r) => [r.id, r]));
      return toItems(ids.flatMap((id) => rows.get(id) ?? []));
    },
    /** The newest published story of a language flagged as breaking news, or null. */
    async breaking(language: string): Promise<ArticleListItem | null> {
      const row = await q.breaking(language);
      return row ? ((await toItems([row]))[0] ?? null) : null;
    },
    /** Published stories among these ids, keeping the order of the ids. */
    async published(ids: number[]): Promise<StoryRow[]> {
      const rows = new Map((await q.publishedByIds(ids)).map((r) => [r.id, r]));
      return ids.flatMap((id) => rows.get(id) ?? []);
    },
    location: (id: number) => q.location(id),
    locations: (ids: number[]) => q.locations(ids),
    tagBySlug: (language: string, slug: string) => q.tagBySlug(language, slug),
    /** The tag an old (renamed or merged) tag slug now stands for. */
    tagAlias: (language: string, slug: string) => tagsRepo(o.db, o.dialect).aliasOf(language, slug),

    async feedRows(query: {
      language: string;
      limit: number;
      withBody: boolean;
      sectionId?: number;
      authorId?: number;
    }): Promise<FeedRow[]> {
      const rows = await q.list(query);
      const [media, tags] = await Promise.all([
        o.media.dims(rows.flatMap((r) => (r.heroMediaId === null ? [] : [r.heroMediaId]))),
        q.tagNames(rows.map((r) => r.id)),
      ]);
      return Promise.all(
        rows.map(async (r) => ({
          id: r.id,
          language: r.language,
          slug: r.slug,
          title: r.title,
          lead: r.lead,
          bodyHtml: r.bodyHtml,
          publishedAt: r.publishedAt,
          updatedAt: r.updatedAt,
          section: await sectionOf(r.sectionId, r.language),
          author: await authorOf(r.authorId, r.language),
          heroMediaId: r.heroMediaId,
          heroWidths: r.heroMediaId === null ? [] : (media.get(r.heroMediaId)?.widths ?? []),
          tags: tags.get(r.id) ?? [],
        })),
      );
    },

    async sitemapBatch(query: {
      language?: string;
      from: number;
      to: number;
      after: { publishedAt: number; id: number } | null;
      limit: number;
    }): Promise<SitemapRow[]> {
      const rows = await q.ascending(query);
      const media = await o.media.dims(rows.flatMap((r) => (r.heroMediaId === null ? [] : [r.heroMediaId])));
      return rows.map((r) => ({
        id: r.id,
        groupId: r.groupId,
        language: r.language,
        slug: r.slug,
        title: r.title,
        publishedAt: r.publishedAt,
        updatedAt: r.updatedAt,
        heroMediaId: r.heroMediaId,
        heroWidths: r.heroMediaId === null ? [] : (media.get(r.heroMediaId)?.widths ?? []),
        kind: r.kind,
      }));
    },

    countBuckets: q.countBuckets,
    publishedSince: q.publishedSince,
    newest: q.newest,

    /** Published versions of these translation groups (the stories themselves included). */
    async versions(groupIds: number[]) {
      return (await q.publishedVersions(groupIds)).map((r) => ({
        id: r.id,
        groupId: r.group_id,
        language: r.language,
        slug: r.slug,
      }));
    },

    /** Publication state and language of a story (what the view counter asks), or null. */
    async storyState(id: number) {
      const l = await q.location(id);
      return l ? { published: l.status === 'published', language: l.language } : null;
    },

    /** Which of these stories exist. */
    async existing(ids: number[]): Promise<Set<number>> {
      const out = new Set<number>();
      for (let i = 0; i < ids.length; i += 500) {
        for (const id of await q.existingIds(ids.slice(i, i + 500))) out.add(id);
      }
      return out;
    },
  };
}

export type ArticlesReader = ReturnType<typeof createArticlesReader>;
