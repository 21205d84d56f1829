import { type SqlBool, sql } from 'kysely';
import type { Cursor, SearchCursor } from '../../../shared/urls.ts';
import type { Executor } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import { searchKey, searchPlan, TERMS_VERSION, type Tier } from '../search/index.ts';
import { anyPending, bodyText, unindexedMatch } from './search-index.ts';
import { type StoryRecord, toRecord } from './story-record.ts';

/** A published story as lists, feeds and sitemaps need it (no body unless asked for). */
export interface StoryRow {
  id: number;
  groupId: number;
  language: string;
  slug: string;
  title: string;
  source: string | null;
  lead: string;
  publishedAt: number;
  updatedAt: number;
  sectionId: number;
  authorId: number;
  heroMediaId: number | null;
  heroAlt: string;
  /** news, opinion, analysis, interview, factcheck, live, sponsored. */
  kind: string;
  /** Only when the query asked for bodies. */
  bodyHtml: string | null;
}

export interface ListQuery {
  language: string;
  limit: number;
  before?: Cursor | null;
  sectionId?: number;
  authorId?: number;
  tagId?: number;
}

const ROW_COLUMNS = [
  'a.id',
  'a.group_id',
  'a.language',
  'a.slug',
  'a.title',
  'a.source',
  'a.lead',
  'a.published_at',
  'a.updated_at',
  'a.section_id',
  'a.author_id',
  'a.hero_media_id',
  'a.hero_alt',
  'a.kind',
] as const;

interface RawRow {
  id: number;
  group_id: number | null;
  language: string;
  slug: string;
  title: string;
  source: string | null;
  lead: string;
  published_at: number;
  updated_at: number;
  section_id: number;
  author_id: number;
  hero_media_id: number | null;
  hero_alt: string;
  kind: string;
  body_html?: string;
}

const toRow = (r: RawRow): StoryRow => ({
  id: r.id,
  groupId: r.group_id ?? r.id,
  language: r.language,
  slug: r.slug,
  title: r.title,
  source: r.source,
  lead: r.lead,
  publishedAt: Number(r.published_at),
  updatedAt: Number(r.updated_at),
  sectionId: r.section_id,
  authorId: r.author_id,
  heroMediaId: r.hero_media_id,
  heroAlt: r.hero_alt,
  kind: r.kind,
  bodyHtml: r.body_html ?? null,
});

/** The first window of a windowed search (a week of keys), and how much each next one grows. */
const FIRST_WINDOW = 7 * 86_400 * 1_048_576;
const WINDOW_GROWTH = 8;

/**
 * Read queries of the public side over the stories area's tables. Every list is keyset
 * pagination on (published_at, id) descending, served by the `articles_*_ix` indexes: no
 * OFFSET, so page 1 000 costs what page 1 costs; every count is an index-only GROUP BY.
 */
export function articlesQueries(ex: Executor, dialect: DialectHelpers) {
  async function list(q: ListQuery & { withBody?: boolean }): Promise<StoryRow[]> {
    if (q.authorId === undefined) return listBy(q, null);
    // An author's stories: those under their first byline and those they co-wrote, each read
    // by its own index and merged (an OR of the two would scan every published story).
    const [first, co] = await Promise.all([listBy(q, 'first'), listBy(q, 'co')]);
    const seen = new Set<number>();
    return [...first, ...co]
      .sort((x, y) => y.publishedAt - x.publishedAt || y.id - x.id)
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .slice(0, q.limit);
  }

  async function listBy(q: ListQuery & { withBody?: boolean }, byline: 'first' | 'co' | null) {
    let query = ex
      .selectFrom('articles as a')
      .select(ROW_COLUMNS)
      .where('a.language', '=', q.language)
      .where('a.status', '=', 'published');
    if (q.withBody) query = query.select('a.body_html');
    if (q.sectionId !== undefined) query = query.where('a.section_id', '=', q.sectionId);
    if (q.authorId !== undefined && byline === 'first') query = query.where('a.author_id', '=', q.authorId);
    if (q.authorId !== undefined && byline === 'co') {
      const authorId = q.authorId;
      query = query.where((eb) =>
        eb(
          'a.id',
          'in',
          eb.selectFrom('article_authors as aa').select('aa.article_id').where('aa.author_id', '=', authorId),
        ),
      );
    }
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
    return rows.map(toRow);
  }

  /**
   * Published stories with every word of the query, most relevant first (headline over lead
   * over text, the whole phrase over scattered words), then newest; keyset on both. Each rank
   * is one lookup in the full-text index, read newest first and stopped at the page's end, so
   * a word in half the stories costs what a rare one costs.
   */
  async function search(q: {
    /** Stories in any of these languages. */
    languages: readonly string[];
    query: string;
    before: SearchCursor | null;
    limit: number;
    sectionId?: number;
    /** First byline or co-author. */
    authorId?: number;
    /** Published at or after, and before (ms). */
    from?: number;
    to?: number;
  }): Promise<(StoryRow & { score: number; key: number })[]> {
    let plan = searchPlan(q.query);
    if (!plan) return [];
    return dialect.fullText.planned(ex, async (ex) => {
      // No story has the phrase: the ranks that test it would find nothing and cost a lookup each.
      if (plan?.phrase) {
        const any = await ex
          .selectFrom('search_fts')
          .select(sql<number>`1`.as('one'))
          .where(dialect.fullText.match(plan.phrase))
          .limit(1)
          .executeTakeFirst();
        if (!any) plan = searchPlan(q.query, { withPhrase: false });
      }
      if (!plan) return [];
      // The same filters on the index's lookups and on the fallback below.
      const filters = [
        sql<SqlBool>`a.language in (${sql.join(q.languages)})`,
        sql<SqlBool>`a.status = 'published'`,
      ];
      if (q.sectionId !== undefined) filters.push(sql<SqlBool>`a.section_id = ${q.sectionId}`);
      if (q.from !== undefined) filters.push(sql<SqlBool>`a.published_at >= ${q.from}`);
      if (q.to !== undefined) filters.push(sql<SqlBool>`a.published_at < ${q.to}`);
      if (q.authorId !== undefined) {
        filters.push(
          sql<SqlBool>`(a.author_id = ${q.authorId} or a.id in (select article_id from article_authors where author_id = ${q.authorId}))`,
        );
      }
      const scope = sql<SqlBool>`(${sql.join(filters, sql` and `)})`;
      const out: (StoryRow & { score: number; key: number })[] = [];
      const fullText = dialect.fullText;
      // One rank's stories with keys in [lo, hi), newest first.
      const page = async (tier: Tier, lo: number | null, hi: number | null, limit: number) => {
        if (!fullText.windowed) {
          // FTS5 reads its own index newest first and stops at the limit.
          let query = ex
            .selectFrom('search_fts')
            .innerJoin('articles as a', (j) => j.on(sql<SqlBool>`a.search_key = ${sql.ref(fullText.key)}`))
            .select(ROW_COLUMNS)
            .select(sql<number>`${sql.ref(fullText.key)}`.as('skey'))
            .where(fullText.match(tier.match))
            .where('a.search_version', '=', TERMS_VERSION)
            .where(scope);
          if (lo !== null) query = query.where(sql.ref(fullText.key), '>=', lo);
          if (hi !== null) query = query.where(sql.ref(fullText.key), '<', hi);
          return query.orderBy(sql.ref(fullText.key), 'desc').limit(limit).execute();
        }
        // GIN has no order: the matches of one window are found through the index (materialised
        // first, so the planner cannot walk the key order instead and test every document).
        return ex
          .with(
            (cte) => cte('m').materialized(),
            (db) => {
              let inner = db
                .selectFrom('search_fts')
                .select(sql<number>`${sql.ref(fullText.key)}`.as('k'))
                .where(fullText.match(tier.match));
              if (lo !== null) inner = inner.where(sql.ref(fullText.key), '>=', lo);
              if (hi !== null) inner = inner.where(sql.ref(fullText.key), '<', hi);
              return inner;
            },
          )
          .selectFrom('m')
          .innerJoin('articles as a', (j) => j.on(sql<SqlBool>`a.search_key = m.k`))
          .select(ROW_COLUMNS)
          .select(sql<number>`m.k`.as('skey'))
          .where('a.search_version', '=', TERMS_VERSION)
          .where(scope)
          .orderBy(sql`m.k`, 'desc')
          .limit(limit)
          .execute();
      };
      // Windows of time going back, each WINDOW_GROWTH times the last, then everything left.
      const newest = searchKey(Date.now() + 86_400_000, 0);
      for (const tier of plan.tiers) {
        if (out.length >= q.limit) return out;
        if (q.before && tier.score > q.before.score) continue;
        let hi = q.before && tier.score === q.before.score ? q.before.key : null;
        let span = fullText.windowed ? FIRST_WINDOW : null;
        for (;;) {
          const top = hi ?? newest;
          const lo = span === null || top - span <= 0 ? null : top - span;
          const rows = await page(tier, lo, hi, q.limit - out.length);
          for (const r of rows) out.push({ ...toRow(r), score: tier.score, key: Number(r.skey) });
          if (out.length >= q.limit || lo === null) break;
          hi = lo;
          span = span === null ? null : span * WINDOW_GROWTH;
        }
      }
      // Stories not indexed yet (after an upgrade, until the background pass reaches them):
      // found by their headline, source and lead, below everything the index found.
      if (out.length >= q.limit || !(await anyPending(ex))) return out;
      const key = sql<number>`(${dialect.bucket('a.published_at', 1000)} * 1048576 + a.id % 1048576)`;
      let query = ex
        .selectFrom('articles as a')
        .select(ROW_COLUMNS)
        .select(key.as('skey'))
        .where(unindexedMatch(plan, { version: 'a.search_version', text: 'a.search_text' }, dialect))
        .where(scope);
      if (q.before && q.before.score === 0) query = query.where(key, '<', q.before.key);
      const rows = await query
        .orderBy(key, 'desc')
        .limit(q.limit - out.length)
        .execute();
      for (const r of rows) out.push({ ...toRow(r), score: 0, key: Number(r.skey) });
      return out;
    });
  }

  return {
    list,
    search,

    /** The sources a story lists, in order. */
    async sources(id: number): Promise<{ name: string; url: string | null }[]> {
      return ex
        .selectFrom('article_sources')
        .select(['name', 'url'])
        .where('article_id', '=', id)
        .orderBy('position')
        .execute();
    },

    /** A story's custom fields by name. */
    async fields(id: number): Promise<Record<string, string>> {
      const rows = await ex
        .selectFrom('article_fields')
        .select(['name', 'value'])
        .where('article_id', '=', id)
        .execute();
      return Object.fromEntries(rows.map((r) => [r.name, r.value]));
    },

    /** The newest published story of a language flagged as breaking news, if any. */
    async breaking(language: string): Promise<StoryRow | undefined> {
      const r = await ex
        .selectFrom('articles as a')
        .select(ROW_COLUMNS)
        .where('a.language', '=', language)
        .where('a.status', '=', 'published')
        .where('a.breaking', '=', 1)
        .orderBy('a.published_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r ? toRow(r) : undefined;
    },

    async pinned(language: string, limit: number): Promise<StoryRow[]> {
      const rows = await ex
        .selectFrom('articles as a')
        .select(ROW_COLUMNS)
        .where('a.language', '=', language)
        .where('a.status', '=', 'published')
        .where('a.pinned', '>', 0)
        .orderBy('a.pinned')
        .orderBy('a.published_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRow);
    },

    /** Published stories among these ids (any language), for lists built elsewhere ("most read"). */
    /** The plain text of these stories' bodies (search snippets). */
    async bodyTexts(ids: number[]): Promise<Map<number, string>> {
      if (ids.length === 0) return new Map();
      const rows = await ex
        .selectFrom('article_bodies')
        .select(['article_id', 'body'])
        .where('article_id', 'in', ids)
        .execute();
      return new Map(
        rows.map((r) => {
          let doc: unknown = null;
          try {
            doc = JSON.parse(r.body);
          } catch {
            doc = null;
          }
          return [r.article_id, bodyText(doc)];
        }),
      );
    },

    async publishedByIds(ids: number[]): Promise<StoryRow[]> {
      if (ids.length === 0) return [];
      const rows = await ex
        .selectFrom('articles as a')
        .select(ROW_COLUMNS)
        .where('a.id', 'in', ids)
        .where('a.status', '=', 'published')
        .execute();
      return rows.map(toRow);
    },

    /**
     * A story as its page shows it: every column a page needs and none it does not (the
     * document body and the bookkeeping after it in the row stay on disk).
     */
    async pageRow(id: number) {
      const r = await ex
        .selectFrom('articles as a')
        .select([
          ...ROW_COLUMNS,
          'a.body_html',
          'a.hero_caption',
          'a.status',
          'a.created_at',
          'a.pinned',
          'a.meta_title',
          'a.meta_description',
          'a.breaking',
          'a.kind',
          'a.methods',
        ])
        .where('a.id', '=', id)
        .executeTakeFirst();
      return r
        ? {
            ...toRow(r),
            bodyHtml: r.body_html,
            heroCaption: r.hero_caption,
            status: r.status,
            createdAt: Number(r.created_at),
            pinned: r.pinned,
            metaTitle: r.meta_title,
            metaDescription: r.meta_description,
            breaking: r.breaking === 1,
            kind: r.kind,
            methods: r.methods,
          }
        : undefined;
    },

    /** A story with its document (the editor's and the write path's view). */
    async record(id: number): Promise<StoryRecord | undefined> {
      const [row, body] = await Promise.all([
        ex.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst(),
        ex.selectFrom('article_bodies').select('body').where('article_id', '=', id).executeTakeFirst(),
      ]);
      return row ? toRecord(row, body?.body ?? null) : undefined;
    },

    /** Bylines after the first, in order. */
    async coAuthors(id: number): Promise<number[]> {
      return (
        await ex
          .selectFrom('article_authors')
          .select('author_id')
          .where('article_id', '=', id)
          .orderBy('position')
          .execute()
      ).map((r) => r.author_id);
    },

    async tags(id: number) {
      return ex
        .selectFrom('article_tags as at')
        .innerJoin('tags as t', 't.id', 'at.tag_id')
        .select(['t.id', 't.name', 't.slug'])
        .where('at.article_id', '=', id)
        .orderBy('at.position')
        .execute();
    },

    /** Tag names of many stories, each in its order. */
    async tagNames(ids: number[]): Promise<Map<number, string[]>> {
      const out = new Map<number, string[]>();
      if (ids.length === 0) return out;
      const rows = await ex
        .selectFrom('article_tags as at')
        .innerJoin('tags as t', 't.id', 'at.tag_id')
        .select(['at.article_id', 't.name'])
        .where('at.article_id', 'in', ids)
        .orderBy('at.article_id')
        .orderBy('at.position')
        .execute();
      for (const r of rows) {
        const list = out.get(r.article_id) ?? [];
        list.push(r.name);
        out.set(r.article_id, list);
      }
      return out;
    },

    /** Every version of a translation group whatever its status (the desk shows drafts too). */
    async groupVersions(groupId: number) {
      return ex
        .selectFrom('articles')
        .select(['id', 'language', 'status'])
        .where('group_id', '=', groupId)
        .execute();
    },

    /** Published versions of these translation groups (one row per language at most). */
    async publishedVersions(groupIds: number[]) {
      if (groupIds.length === 0) return [];
      const rows = await ex
        .selectFrom('articles')
        .select(['id', 'group_id', 'language', 'slug', 'title'])
        .where('group_id', 'in', groupIds)
        .where('status', '=', 'published')
        .execute();
      return rows.map((r) => ({ ...r, group_id: r.group_id ?? r.id }));
    },

    /** Stories published since `since`, counted per section and per first byline. */
    async publishedSince(since: number) {
      const base = ex
        .selectFrom('articles')
        .where('status', '=', 'published')
        .where('published_at', '>=', since);
      const [bySection, byAuthor] = await Promise.all([
        base
          .select(['section_id', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('section_id')
          .execute(),
        base
          .select(['author_id', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('author_id')
          .execute(),
      ]);
      return {
        bySection: bySection.map((r) => ({ sectionId: r.section_id, count: Number(r.n) })),
        byAuthor: byAuthor.map((r) => ({ authorId: r.author_id, count: Number(r.n) })),
      };
    },

    async existingIds(ids: number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      return (await ex.selectFrom('articles').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
    },

    /** Where a story lives: just enough to build its URL and decide visibility (one indexed row). */
    async location(id: number) {
      return ex
        .selectFrom('articles')
        .select(['id', 'language', 'slug', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Many stories' locations with their headlines (a list that names stories it holds). */
    async locations(ids: number[]) {
      if (ids.length === 0) return [];
      return ex
        .selectFrom('articles')
        .select(['id', 'language', 'slug', 'status', 'title'])
        .where('id', 'in', ids)
        .execute();
    },

    async tagBySlug(language: string, slug: string) {
      return ex
        .selectFrom('tags')
        .select(['id', 'name', 'slug', 'language'])
        .where('language', '=', language)
        .where('slug', '=', slug)
        .executeTakeFirst();
    },

    /** Published stories per time bucket `floor(published_at / width)` in [from, to). */
    async countBuckets(q: {
      language?: string;
      from?: number;
      to?: number;
      width: number;
    }): Promise<{ bucket: number; count: number }[]> {
      let query = ex
        .selectFrom('articles')
        .select([
          dialect.bucket('published_at', q.width).as('bucket'),
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .where('status', '=', 'published');
      if (q.language !== undefined) query = query.where('language', '=', q.language);
      if (q.from !== undefined) query = query.where('published_at', '>=', q.from);
      if (q.to !== undefined) query = query.where('published_at', '<', q.to);
      const rows = await query.groupBy('bucket').orderBy('bucket').execute();
      return rows.map((r) => ({ bucket: Number(r.bucket), count: Number(r.n) }));
    },

    /**
     * One batch of published stories in [from, to), ascending by (published_at, id), after the
     * cursor: the keyset walk a streamed sitemap makes, `limit` rows at a time.
     */
    async ascending(q: {
      language?: string;
      from: number;
      to: number;
      after: { publishedAt: number; id: number } | null;
      limit: number;
    }): Promise<StoryRow[]> {
      let query = ex
        .selectFrom('articles as a')
        .select(ROW_COLUMNS)
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
      return rows.map(toRow);
    },

    /** Newest publication time of a language's published stories (optionally one section or author). */
    async newest(q: { language: string; sectionId?: number; authorId?: number }): Promise<number | null> {
      let query = ex
        .selectFrom('articles')
        .select('published_at')
        .where('language', '=', q.language)
        .where('status', '=', 'published');
      if (q.sectionId !== undefined) query = query.where('section_id', '=', q.sectionId);
      // ORDER BY … LIMIT 1 rather than max(): both planners read one index entry for it.
      const newestOf = async (qb: typeof query) => {
        const row = await qb.orderBy('published_at', 'desc').limit(1).executeTakeFirst();
        return row ? Number(row.published_at) : null;
      };
      if (q.authorId === undefined) return newestOf(query);
      const authorId = q.authorId;
      // Under the first byline or as a co-author.
      const times = await Promise.all([
        newestOf(query.where('author_id', '=', authorId)),
        newestOf(
          query.where((eb) =>
            eb(
              'id',
              'in',
              eb.selectFrom('article_authors').select('article_id').where('author_id', '=', authorId),
            ),
          ),
        ),
      ]);
      const known = times.filter((x): x is number => x !== null);
      return known.length ? Math.max(...known) : null;
    },
  };
}

export type ArticlesQueries = ReturnType<typeof articlesQueries>;
