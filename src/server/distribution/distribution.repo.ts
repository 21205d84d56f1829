import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

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
}

export interface VersionRow {
  id: number;
  groupId: number;
  language: string;
  slug: string;
}

const widthsOf = (s: string | null) => (s ? s.split(',').map(Number) : []);

/**
 * Read queries for feeds and sitemaps. Portable SQL only; every story walk is keyset
 * pagination on (published_at, id), served by the `articles_*_ix` indexes, and every count
 * is an index-only GROUP BY, so a million stories cost a scan of an index, never a sort of rows.
 */
export function createDistributionRepo(db: Db) {
  async function feedRows(q: {
    language: string;
    limit: number;
    withBody: boolean;
    sectionId?: number;
    authorId?: number;
  }): Promise<FeedRow[]> {
    let query = db
      .selectFrom('articles as a')
      .innerJoin('sections as s', 's.id', 'a.section_id')
      .leftJoin('section_names as sn', (j) =>
        j.onRef('sn.section_id', '=', 'a.section_id').onRef('sn.language', '=', 'a.language'),
      )
      .innerJoin('authors as au', 'au.id', 'a.author_id')
      .leftJoin('author_profiles as ap', (j) =>
        j.onRef('ap.author_id', '=', 'a.author_id').onRef('ap.language', '=', 'a.language'),
      )
      .leftJoin('media as m', 'm.id', 'a.hero_media_id')
      .select((eb) => [
        'a.id',
        'a.language',
        'a.slug',
        'a.title',
        'a.lead',
        'a.published_at',
        'a.updated_at',
        'a.hero_media_id',
        'm.variant_widths',
        's.id as section_id',
        's.slug as section_slug',
        'sn.name as section_name',
        'au.id as author_id',
        'au.slug as author_slug',
        // No profile in this language: any other, so a byline is never empty.
        eb.fn
          .coalesce(
            'ap.name',
            eb
              .selectFrom('author_profiles as ap2')
              .select('ap2.name')
              .whereRef('ap2.author_id', '=', 'a.author_id')
              .orderBy('ap2.language')
              .limit(1),
          )
          .as('author_name'),
        q.withBody ? 'a.body_html' : sql<string | null>`null`.as('body_html'),
      ])
      .where('a.language', '=', q.language)
      .where('a.status', '=', 'published');
    if (q.sectionId !== undefined) query = query.where('a.section_id', '=', q.sectionId);
    if (q.authorId !== undefined) query = query.where('a.author_id', '=', q.authorId);
    const rows = await query
      .orderBy('a.published_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(q.limit)
      .execute();
    const tagRows = rows.length
      ? await db
          .selectFrom('article_tags as at')
          .innerJoin('tags as t', 't.id', 'at.tag_id')
          .select(['at.article_id', 't.name'])
          .where(
            'at.article_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('at.article_id')
          .orderBy('at.position')
          .execute()
      : [];
    const tags = new Map<number, string[]>();
    for (const t of tagRows) {
      const list = tags.get(t.article_id) ?? [];
      list.push(t.name);
      tags.set(t.article_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      language: r.language,
      slug: r.slug,
      title: r.title,
      lead: r.lead,
      bodyHtml: r.body_html,
      publishedAt: r.published_at,
      updatedAt: r.updated_at,
      section: { id: r.section_id, slug: r.section_slug, name: r.section_name ?? r.section_slug },
      author: { id: r.author_id, slug: r.author_slug, name: r.author_name ?? r.author_slug },
      heroMediaId: r.hero_media_id,
      heroWidths: widthsOf(r.variant_widths),
      tags: tags.get(r.id) ?? [],
    }));
  }

  async function sectionBySlug(slug: string, language: string) {
    return db
      .selectFrom('sections as s')
      .leftJoin('section_names as n', (j) =>
        j.onRef('n.section_id', '=', 's.id').on('n.language', '=', language),
      )
      .select(['s.id', 's.slug', 'n.name', 'n.description'])
      .where('s.slug', '=', slug)
      .executeTakeFirst();
  }

  async function authorBySlug(slug: string, language: string) {
    const row = await db
      .selectFrom('authors as au')
      .leftJoin('author_profiles as p', (j) =>
        j.onRef('p.author_id', '=', 'au.id').on('p.language', '=', language),
      )
      .select(['au.id', 'au.slug', 'p.name'])
      .where('au.slug', '=', slug)
      .executeTakeFirst();
    if (!row || row.name !== null) return row;
    const any = await db
      .selectFrom('author_profiles')
      .select('name')
      .where('author_id', '=', row.id)
      .orderBy('language')
      .executeTakeFirst();
    return { ...row, name: any?.name ?? null };
  }

  async function slugsOf(table: 'sections' | 'authors', ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom(table).select(['id', 'slug']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, r.slug]));
  }

  /**
   * Published stories per time bucket `floor(published_at / width)` in [from, to), in one
   * language or all. The width is a literal: SQLite would bind a JS number as REAL and divide
   * exactly, and the bucket must be an integer on both databases.
   */
  async function countBuckets(q: {
    language?: string;
    from?: number;
    to?: number;
    width: number;
  }): Promise<{ bucket: number; count: number }[]> {
    if (!Number.isSafeInteger(q.width) || q.width <= 0) throw new RangeError(`Bad bucket width ${q.width}`);
    let query = db
      .selectFrom('articles')
      .select([
        sql<number>`published_at / ${sql.lit(q.width)}`.as('bucket'),
        (eb) => eb.fn.countAll<number>().as('n'),
      ])
      .where('status', '=', 'published');
    if (q.language !== undefined) query = query.where('language', '=', q.language);
    if (q.from !== undefined) query = query.where('published_at', '>=', q.from);
    if (q.to !== undefined) query = query.where('published_at', '<', q.to);
    const rows = await query.groupBy(sql.ref('bucket')).orderBy(sql.ref('bucket')).execute();
    return rows.map((r) => ({ bucket: Number(r.bucket), count: Number(r.n) }));
  }

  /**
   * One batch of published stories in [from, to), ascending by (published_at, id), after the
   * cursor: the keyset walk a streamed sitemap makes, `limit` rows at a time.
   */
  async function sitemapBatch(q: {
    language?: string;
    from: number;
    to: number;
    after: { publishedAt: number; id: number } | null;
    limit: number;
  }): Promise<SitemapRow[]> {
    let query = db
      .selectFrom('articles as a')
      .leftJoin('media as m', 'm.id', 'a.hero_media_id')
      .select([
        'a.id',
        'a.group_id',
        'a.language',
        'a.slug',
        'a.title',
        'a.published_at',
        'a.updated_at',
        'a.hero_media_id',
        'm.variant_widths',
      ])
      .where('a.status', '=', 'published')
      .where('a.published_at', '<', q.to);
    if (q.language !== undefined) query = query.where('a.language', '=', q.language);
    const after = q.after;
    if (after) {
      // The plain lower bound lets both planners seek the index; the OR settles ties on time.
      query = query
        .where('a.published_at', '>=', Math.max(after.publishedAt, q.from))
        .where((eb) =>
          eb.or([
            eb('a.published_at', '>', after.publishedAt),
            eb.and([eb('a.published_at', '=', after.publishedAt), eb('a.id', '>', after.id)]),
          ]),
        );
    } else {
      query = query.where('a.published_at', '>=', q.from);
    }
    const rows = await query.orderBy('a.published_at').orderBy('a.id').limit(q.limit).execute();
    return rows.map((r) => ({
      id: r.id,
      groupId: r.group_id,
      language: r.language,
      slug: r.slug,
      title: r.title,
      publishedAt: r.published_at,
      updatedAt: r.updated_at,
      heroMediaId: r.hero_media_id,
      heroWidths: widthsOf(r.variant_widths),
    }));
  }

  /** Published versions of these translation groups (the stories themselves included). */
  async function versions(groupIds: number[]): Promise<VersionRow[]> {
    if (groupIds.length === 0) return [];
    // Status is filtered here, not in SQL: given `status = ?` SQLite's planner prefers the
    // (status, published_at) index and scans every published story instead of seeking groups.
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'group_id', 'language', 'slug', 'status'])
      .where('group_id', 'in', groupIds)
      .execute();
    return rows
      .filter((r) => r.status === 'published')
      .map((r) => ({ id: r.id, groupId: r.group_id!, language: r.language, slug: r.slug }));
  }

  /** Newest publication time of a language's published stories (optionally one section or author). */
  async function newest(q: {
    language: string;
    sectionId?: number;
    authorId?: number;
  }): Promise<number | null> {
    let query = db
      .selectFrom('articles')
      .select('published_at')
      .where('language', '=', q.language)
      .where('status', '=', 'published');
    if (q.sectionId !== undefined) query = query.where('section_id', '=', q.sectionId);
    if (q.authorId !== undefined) query = query.where('author_id', '=', q.authorId);
    // ORDER BY … LIMIT 1 rather than max(): both planners read one index entry for it.
    const row = await query.orderBy('published_at', 'desc').limit(1).executeTakeFirst();
    return row?.published_at ?? null;
  }

  async function sections() {
    const rows = await db
      .selectFrom('sections')
      .select(['id', 'slug'])
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows;
  }

  /** Authors with their profile languages. */
  async function authors() {
    return db
      .selectFrom('authors as au')
      .innerJoin('author_profiles as p', 'p.author_id', 'au.id')
      .select(['au.id', 'au.slug', 'p.language'])
      .orderBy('au.id')
      .execute();
  }

  async function pages() {
    return db
      .selectFrom('pages')
      .select(['page_key', 'language', 'slug', 'updated_at'])
      .orderBy('page_key')
      .orderBy('language')
      .execute();
  }

  return {
    feedRows,
    sectionBySlug,
    authorBySlug,
    slugsOf,
    countBuckets,
    sitemapBatch,
    versions,
    newest,
    sections,
    authors,
    pages,
  };
}

export type DistributionRepo = ReturnType<typeof createDistributionRepo>;
