import { sql } from 'kysely';
import type { Cursor } from '../../../shared/urls.ts';
import type { Db } from '../../db/database.ts';

/** A row of a story list (feeds, sections, tags, authors, home blocks). */
export interface ArticleListItem {
  id: number;
  slug: string;
  title: string;
  source: string | null;
  lead: string;
  publishedAt: number;
  sectionId: number;
  hero: ListImage | null;
  /** Total views, or null when none were counted yet (a brand-new story shows no count). */
  views: number | null;
}

export interface ListImage {
  mediaId: number;
  width: number;
  height: number;
  widths: number[];
  alt: string;
}

interface ListRow {
  id: number;
  slug: string;
  title: string;
  source: string | null;
  lead: string;
  published_at: number;
  section_id: number;
  hero_media_id: number | null;
  hero_alt: string;
  m_width: number | null;
  m_height: number | null;
  m_widths: string | null;
  views: number | null;
}

function toListItem(r: ListRow): ArticleListItem {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    source: r.source,
    lead: r.lead,
    publishedAt: r.published_at,
    sectionId: r.section_id,
    hero:
      r.hero_media_id !== null && r.m_width !== null
        ? {
            mediaId: r.hero_media_id,
            width: r.m_width,
            height: r.m_height ?? 0,
            widths: (r.m_widths ?? '').split(',').map(Number),
            alt: r.hero_alt,
          }
        : null,
    views: r.views === null ? null : Number(r.views),
  };
}

const LIST_COLUMNS = [
  'a.id',
  'a.slug',
  'a.title',
  'a.source',
  'a.lead',
  'a.published_at',
  'a.section_id',
  'a.hero_media_id',
  'a.hero_alt',
  'm.width as m_width',
  'm.height as m_height',
  'm.variant_widths as m_widths',
  'v.views',
] as const;

export interface ListQuery {
  language: string;
  limit: number;
  before?: Cursor | null;
  /** Folded search terms (src/shared/search.ts); every one must occur. */
  terms?: string[];
  sectionId?: number;
  authorId?: number;
  tagId?: number;
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
  hero: {
    mediaId: number;
    width: number;
    height: number;
    widths: number[];
    credit: string;
    alt: string;
    caption: string;
  } | null;
  tags: { id: number; name: string; slug: string }[];
  views: number | null;
  /** Published versions in other languages (never the story itself). */
  versions: { id: number; language: string; slug: string; title: string }[];
}

/**
 * Read queries for the public site. Every list uses keyset pagination on
 * (published_at, id) descending, served by the `articles_*_ix` indexes: no OFFSET,
 * so page 1 000 costs what page 1 costs.
 */
export function createArticlesRepo(db: Db) {
  async function list(q: ListQuery): Promise<ArticleListItem[]> {
    let query = db
      .selectFrom('articles as a')
      .leftJoin('media as m', 'm.id', 'a.hero_media_id')
      .leftJoin('article_views as v', 'v.article_id', 'a.id')
      .select(LIST_COLUMNS)
      .where('a.language', '=', q.language)
      .where('a.status', '=', 'published');
    if (q.sectionId !== undefined) query = query.where('a.section_id', '=', q.sectionId);
    if (q.authorId !== undefined) query = query.where('a.author_id', '=', q.authorId);
    if (q.tagId !== undefined) {
      const tagId = q.tagId;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('article_tags as t')
            .select('t.article_id')
            .whereRef('t.article_id', '=', 'a.id')
            .where('t.tag_id', '=', tagId),
        ),
      );
    }
    for (const term of q.terms ?? []) {
      // LIKE wildcards in the reader's query are literal characters.
      const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where(sql<boolean>`a.search_text like ${pattern} escape '\\'`);
    }
    if (q.before) {
      const { publishedAt, id } = q.before;
      query = query.where((eb) =>
        eb.or([
          eb('a.published_at', '<', publishedAt),
          eb.and([eb('a.published_at', '=', publishedAt), eb('a.id', '<', id)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('a.published_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(q.limit)
      .execute();
    return rows.map(toListItem);
  }

  async function pinned(language: string, limit: number): Promise<ArticleListItem[]> {
    const rows = await db
      .selectFrom('articles as a')
      .leftJoin('media as m', 'm.id', 'a.hero_media_id')
      .leftJoin('article_views as v', 'v.article_id', 'a.id')
      .select(LIST_COLUMNS)
      .where('a.language', '=', language)
      .where('a.status', '=', 'published')
      .where('a.pinned', '>', 0)
      .orderBy('a.pinned')
      .orderBy('a.published_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toListItem);
  }

  /** Everything an article page shows about the story itself; undefined when there is no such row. */
  async function detail(id: number): Promise<ArticleDetail | undefined> {
    const a = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) return undefined;
    const [section, author, media, tagRows, versionRows, viewRow] = await Promise.all([
      db
        .selectFrom('sections as s')
        .leftJoin('section_names as n', (j) =>
          j.onRef('n.section_id', '=', 's.id').on('n.language', '=', a.language),
        )
        .select(['s.id', 's.slug', 'n.name'])
        .where('s.id', '=', a.section_id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('authors as au')
        .leftJoin('author_profiles as p', (j) =>
          j.onRef('p.author_id', '=', 'au.id').on('p.language', '=', a.language),
        )
        .select(['au.id', 'au.slug', 'p.name'])
        .where('au.id', '=', a.author_id)
        .executeTakeFirstOrThrow(),
      a.hero_media_id === null
        ? Promise.resolve(undefined)
        : db.selectFrom('media').selectAll().where('id', '=', a.hero_media_id).executeTakeFirst(),
      db
        .selectFrom('article_tags as at')
        .innerJoin('tags as t', 't.id', 'at.tag_id')
        .select(['t.id', 't.name', 't.slug'])
        .where('at.article_id', '=', id)
        .orderBy('at.position')
        .execute(),
      a.group_id === null
        ? Promise.resolve([])
        : // Only the group key in SQL (a group has one row per language), so the planner
          // always takes the (group_id, language) index; the rest is filtered here.
          db
            .selectFrom('articles')
            .select(['id', 'language', 'slug', 'title', 'status'])
            .where('group_id', '=', a.group_id)
            .execute()
            .then((rows) =>
              rows
                .filter((r) => r.id !== id && r.status === 'published')
                .map(({ id, language, slug, title }) => ({ id, language, slug, title })),
            ),
      db.selectFrom('article_views').select('views').where('article_id', '=', id).executeTakeFirst(),
    ]);
    let authorName = author.name;
    if (authorName === null) {
      // No profile in this language: fall back to any, so a byline is never empty.
      const any = await db
        .selectFrom('author_profiles')
        .select('name')
        .where('author_id', '=', a.author_id)
        .executeTakeFirst();
      authorName = any?.name ?? author.slug;
    }
    return {
      id: a.id,
      groupId: a.group_id ?? a.id,
      language: a.language,
      slug: a.slug,
      title: a.title,
      source: a.source,
      lead: a.lead,
      bodyHtml: a.body_html,
      status: a.status,
      publishedAt: a.published_at,
      updatedAt: a.updated_at,
      createdAt: a.created_at,
      pinned: a.pinned,
      section: { id: section.id, slug: section.slug, name: section.name ?? section.slug },
      author: { id: author.id, slug: author.slug, name: authorName },
      hero: media
        ? {
            mediaId: media.id,
            width: media.width,
            height: media.height,
            widths: media.variant_widths.split(',').map(Number),
            credit: media.credit,
            alt: a.hero_alt,
            caption: a.hero_caption,
          }
        : null,
      tags: tagRows,
      views: viewRow ? Number(viewRow.views) : null,
      versions: versionRows,
    };
  }

  /** Where a story lives: just enough to build its URL and decide visibility (one indexed row). */
  async function location(id: number) {
    return db
      .selectFrom('articles')
      .select(['id', 'language', 'slug', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async function tagBySlug(language: string, slug: string) {
    return db
      .selectFrom('tags')
      .select(['id', 'name', 'slug', 'language'])
      .where('language', '=', language)
      .where('slug', '=', slug)
      .executeTakeFirst();
  }

  return { list, pinned, detail, location, tagBySlug };
}

export type ArticlesRepo = ReturnType<typeof createArticlesRepo>;
