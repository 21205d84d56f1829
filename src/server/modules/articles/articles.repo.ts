import { type SqlBool, sql } from 'kysely';
import { slugify } from '../../../shared/translit.ts';
import type { Executor } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { ArticleStatus, NewArticleRow } from '../../db/schema.ts';
import type { SearchPlan } from '../search/index.ts';
import { matchesAll } from './search-index.ts';
import { type StoryRecord, type StorySnapshot, toRecord } from './story-record.ts';

export interface RevisionSummary {
  revision: number;
  createdAt: number;
  actor: { kind: string; id: number | null; name: string };
  fields: string[];
  note: string;
}

export interface RevisionRow extends RevisionSummary {
  snapshot: StorySnapshot;
}

export interface AdminListQuery {
  status?: ArticleStatus;
  language?: string;
  sectionId?: number;
  authorId?: number;
  /**
   * Every word of a query, in any field (null plan: a query that can match nothing);
   * `pending`: some stories are not indexed yet, match those by their headline and lead.
   */
  search?: { plan: SearchPlan | null; pending: boolean };
  /** Publication time in [from, to). */
  from?: number;
  to?: number;
  /** Stories changed before this point (keyset cursor on updated_at, id). */
  before?: { updatedAt: number; id: number } | null;
  limit: number;
}

/**
 * The stories area's tables (`articles`, `article_tags`, `tags`, `article_revisions`): no other
 * module queries them. Every function takes the executor it runs on, the database or the open
 * transaction of a use case.
 */
export function articlesRepo(ex: Executor, dialect: DialectHelpers) {
  /** Tag names to ids in one language, creating missing tags; names with one slug collapse. */
  async function tagIds(language: string, names: string[], memo?: Map<string, number>): Promise<number[]> {
    const ids: number[] = [];
    for (const name of names) {
      const slug = slugify(name, language);
      const key = `${language}:${slug}`;
      let id = memo?.get(key);
      if (id === undefined) {
        // A name renamed or merged away leads to the tag it became.
        const row =
          (await ex
            .selectFrom('tags')
            .select('id')
            .where('language', '=', language)
            .where('slug', '=', slug)
            .executeTakeFirst()) ??
          (await ex
            .selectFrom('tag_aliases')
            .select('tag_id as id')
            .where('language', '=', language)
            .where('slug', '=', slug)
            .executeTakeFirst()) ??
          (await ex
            .insertInto('tags')
            .values({ language, name, slug })
            .onConflict((oc) => oc.columns(['language', 'slug']).doUpdateSet({ name }))
            .returning('id')
            .executeTakeFirstOrThrow());
        id = row.id;
        memo?.set(key, id);
      }
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  async function setTags(articleId: number, ids: number[]): Promise<void> {
    await ex.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
    if (ids.length) {
      await ex
        .insertInto('article_tags')
        .values(ids.map((tag_id, position) => ({ article_id: articleId, tag_id, position })))
        .execute();
    }
  }

  async function insert(values: NewArticleRow): Promise<number> {
    const row = await ex.insertInto('articles').values(values).returning('id').executeTakeFirstOrThrow();
    // A story that translates none starts its own translation group, keyed by its own id.
    if (values.group_id === null || values.group_id === undefined) {
      await ex.updateTable('articles').set({ group_id: row.id }).where('id', '=', row.id).execute();
    }
    return row.id;
  }

  return {
    tagIds,
    setTags,
    insert,

    /** Bylines after the first, in order. */
    async setCoAuthors(articleId: number, authorIds: number[]): Promise<void> {
      await ex.deleteFrom('article_authors').where('article_id', '=', articleId).execute();
      if (authorIds.length) {
        await ex
          .insertInto('article_authors')
          .values(authorIds.map((author_id, position) => ({ article_id: articleId, author_id, position })))
          .execute();
      }
    },

    /** Takes or renews the lock of a story for a user; a lock unseen for `staleMs` may be taken. */
    async lock(v: {
      articleId: number;
      userId: number;
      holder: string;
      at: number;
      staleMs: number;
      takeOver: boolean;
    }) {
      const current = await ex
        .selectFrom('story_locks')
        .selectAll()
        .where('article_id', '=', v.articleId)
        .executeTakeFirst();
      const free = !current || current.user_id === v.userId || Number(current.seen_at) < v.at - v.staleMs;
      if (!free && !v.takeOver) return { taken: false as const, lock: current! };
      const takenFrom =
        current && current.user_id !== v.userId && !free
          ? current.holder
          : current?.user_id === v.userId
            ? current.taken_from
            : null;
      await ex.deleteFrom('story_locks').where('article_id', '=', v.articleId).execute();
      await ex
        .insertInto('story_locks')
        .values({
          article_id: v.articleId,
          user_id: v.userId,
          holder: v.holder,
          since: current?.user_id === v.userId ? Number(current.since) : v.at,
          seen_at: v.at,
          taken_from: takenFrom,
        })
        .execute();
      return { taken: true as const, lock: current ?? null };
    },

    async unlock(articleId: number, userId: number): Promise<void> {
      await ex
        .deleteFrom('story_locks')
        .where('article_id', '=', articleId)
        .where('user_id', '=', userId)
        .execute();
    },

    async locks(articleIds: number[], freshSince: number) {
      if (articleIds.length === 0) return [];
      return ex
        .selectFrom('story_locks')
        .selectAll()
        .where('article_id', 'in', articleIds)
        .where('seen_at', '>=', freshSince)
        .execute();
    },

    async tagsLike(language: string, prefix: string, limit: number) {
      return ex
        .selectFrom('tags')
        .select(['id', 'name', 'slug'])
        .where('language', '=', language)
        .where(dialect.contains('name', prefix))
        .orderBy('name')
        .limit(limit)
        .execute();
    },

    async update(id: number, set: Partial<NewArticleRow>): Promise<void> {
      await ex.updateTable('articles').set(set).where('id', '=', id).execute();
    },

    async remove(id: number): Promise<void> {
      await ex.deleteFrom('article_sources').where('article_id', '=', id).execute();
      await ex.deleteFrom('article_fields').where('article_id', '=', id).execute();
      await ex.deleteFrom('article_tags').where('article_id', '=', id).execute();
      await ex.deleteFrom('article_authors').where('article_id', '=', id).execute();
      await ex.deleteFrom('article_bodies').where('article_id', '=', id).execute();
      await ex.deleteFrom('articles').where('id', '=', id).execute();
    },

    /** The version of a translation group in one language, if there is one. */
    async versionIn(groupId: number, language: string) {
      return ex
        .selectFrom('articles')
        .select('id')
        .where('group_id', '=', groupId)
        .where('language', '=', language)
        .executeTakeFirst();
    },

    /**
     * Claims every scheduled story whose time has come by flipping it to published: the UPDATE
     * is the claim, so two nodes running this at once publish each story exactly once.
     */
    async claimDue(t: number): Promise<number[]> {
      const rows = await ex
        .updateTable('articles')
        .set({ status: 'published', updated_at: t })
        .where('status', '=', 'scheduled')
        .where('published_at', '<=', t)
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async addRevision(r: {
      articleId: number;
      revision: number;
      at: number;
      actor: { kind: string; id: number | null; name: string };
      fields: string[];
      note?: string;
      snapshot: StorySnapshot;
    }): Promise<void> {
      await ex
        .insertInto('article_revisions')
        .values({
          article_id: r.articleId,
          revision: r.revision,
          created_at: r.at,
          actor_kind: r.actor.kind,
          actor_id: r.actor.id,
          actor_name: r.actor.name,
          fields: JSON.stringify(r.fields),
          note: r.note ?? '',
          snapshot: JSON.stringify(r.snapshot),
        })
        .execute();
      await ex.updateTable('articles').set({ revision: r.revision }).where('id', '=', r.articleId).execute();
    },

    async revisions(articleId: number): Promise<RevisionSummary[]> {
      const rows = await ex
        .selectFrom('article_revisions')
        .select(['revision', 'created_at', 'actor_kind', 'actor_id', 'actor_name', 'fields', 'note'])
        .where('article_id', '=', articleId)
        .orderBy('revision', 'desc')
        .execute();
      return rows.map((r) => ({
        revision: r.revision,
        createdAt: Number(r.created_at),
        actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
        fields: JSON.parse(r.fields) as string[],
        note: r.note,
      }));
    },

    async revision(articleId: number, revision: number): Promise<RevisionRow | undefined> {
      const r = await ex
        .selectFrom('article_revisions')
        .selectAll()
        .where('article_id', '=', articleId)
        .where('revision', '=', revision)
        .executeTakeFirst();
      if (!r) return undefined;
      return {
        revision: r.revision,
        createdAt: Number(r.created_at),
        actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
        fields: JSON.parse(r.fields) as string[],
        note: r.note,
        snapshot: JSON.parse(r.snapshot) as StorySnapshot,
      };
    },

    /** The newsroom's story list: any status, most recently changed first, with the total. */
    async adminPage(q: AdminListQuery): Promise<{ rows: StoryRecord[]; total: number }> {
      let base = ex.selectFrom('articles');
      if (q.status !== undefined) base = base.where('status', '=', q.status);
      if (q.language !== undefined) base = base.where('language', '=', q.language);
      if (q.sectionId !== undefined) base = base.where('section_id', '=', q.sectionId);
      if (q.authorId !== undefined) {
        const authorId = q.authorId;
        base = base.where((eb) =>
          eb.or([
            eb('author_id', '=', authorId),
            eb.exists(
              eb
                .selectFrom('article_authors as aa')
                .select('aa.article_id')
                .whereRef('aa.article_id', '=', 'articles.id')
                .where('aa.author_id', '=', authorId),
            ),
          ]),
        );
      }
      if (q.from !== undefined) base = base.where('published_at', '>=', q.from);
      if (q.to !== undefined) base = base.where('published_at', '<', q.to);
      if (q.search) {
        const { plan } = q.search;
        base = base.where(
          plan === null
            ? sql<SqlBool>`1 = 0`
            : matchesAll(
                plan,
                {
                  key: 'articles.search_key',
                  version: 'search_version',
                  text: 'search_text',
                },
                dialect,
                q.search.pending,
              ),
        );
      }
      let page = base.selectAll();
      const before = q.before;
      if (before) {
        page = page.where((eb) =>
          eb.or([
            eb('updated_at', '<', before.updatedAt),
            eb.and([eb('updated_at', '=', before.updatedAt), eb('id', '<', before.id)]),
          ]),
        );
      }
      const [rows, count] = await Promise.all([
        page.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows: rows.map((r) => toRecord(r, null)), total: Number(count.n) };
    },

    /** Stories whose body is still HTML only, oldest id first (the content upgrade walks these). */
    async unconverted(afterId: number, limit: number) {
      return ex
        .selectFrom('articles as a')
        .leftJoin('article_bodies as b', 'b.article_id', 'a.id')
        .select(['a.id', 'a.body_html'])
        .where('b.article_id', 'is', null)
        .where('a.id', '>', afterId)
        .orderBy('a.id')
        .limit(limit)
        .execute();
    },

    /**
     * Many new stories at once (imports), returning their ids in the order given: one
     * statement assigns its rows' ids in order, on both databases, so sorted ids follow it.
     */
    async insertMany(rows: NewArticleRow[]): Promise<number[]> {
      const ids: number[] = [];
      // Under both databases' limits on bound values per statement (about 25 a row).
      for (let i = 0; i < rows.length; i += 250) {
        const made = await ex
          .insertInto('articles')
          .values(rows.slice(i, i + 250))
          .returning('id')
          .execute();
        ids.push(...made.map((r) => r.id).sort((a, b) => a - b));
      }
      return ids;
    },

    /** Stories that translate none: each starts its own translation group, keyed by its id. */
    async groupsOfTheirOwn(ids: number[]): Promise<void> {
      for (let i = 0; i < ids.length; i += 500) {
        await ex
          .updateTable('articles')
          .set((eb) => ({ group_id: eb.ref('id') }))
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
      }
    },

    /** Documents of many stories (replacing those they had). */
    async setDocuments(docs: { id: number; body: string }[]): Promise<void> {
      for (let i = 0; i < docs.length; i += 500) {
        await ex
          .insertInto('article_bodies')
          .values(docs.slice(i, i + 500).map((d) => ({ article_id: d.id, body: d.body })))
          .onConflict((oc) =>
            oc.column('article_id').doUpdateSet((eb) => ({ body: eb.ref('excluded.body') })),
          )
          .execute();
      }
    },

    /** Tags of many stories; `replacing` lists those whose old tags go first. */
    async setTagsMany(tags: Map<number, number[]>, replacing: number[]): Promise<void> {
      for (let i = 0; i < replacing.length; i += 500) {
        await ex
          .deleteFrom('article_tags')
          .where('article_id', 'in', replacing.slice(i, i + 500))
          .execute();
      }
      const rows = [...tags].flatMap(([article_id, ids]) =>
        ids.map((tag_id, position) => ({ article_id, tag_id, position })),
      );
      for (let i = 0; i < rows.length; i += 1000) {
        await ex
          .insertInto('article_tags')
          .values(rows.slice(i, i + 1000))
          .execute();
      }
    },

    /** Custom fields of many stories, replacing those they had. */
    async setFieldsMany(fields: { id: number; fields: Record<string, string> }[]): Promise<void> {
      const ids = fields.map((f) => f.id);
      for (let i = 0; i < ids.length; i += 500) {
        await ex
          .deleteFrom('article_fields')
          .where('article_id', 'in', ids.slice(i, i + 500))
          .execute();
      }
      const rows = fields.flatMap((f) =>
        Object.entries(f.fields).map(([name, value]) => ({ article_id: f.id, name, value })),
      );
      for (let i = 0; i < rows.length; i += 1000) {
        await ex
          .insertInto('article_fields')
          .values(rows.slice(i, i + 1000))
          .execute();
      }
    },

    /** Stories in id order with their tags' ids, a page at a time, whatever their status (exports). */
    async exportPage(afterId: number, limit: number) {
      const rows = await ex
        .selectFrom('articles')
        .select([
          'id',
          'group_id',
          'language',
          'slug',
          'title',
          'lead',
          'body_html',
          'section_id',
          'author_id',
          'hero_media_id',
          'status',
          'published_at',
          'pinned',
        ])
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
      const tags = rows.length
        ? await ex
            .selectFrom('article_tags')
            .select(['article_id', 'tag_id'])
            .where(
              'article_id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('article_id')
            .orderBy('position')
            .execute()
        : [];
      return rows.map((r) => ({
        ...r,
        published_at: Number(r.published_at),
        tagIds: tags.filter((t) => t.article_id === r.id).map((t) => t.tag_id),
      }));
    },

    /** Every tag (exports). */
    async allTags() {
      return ex.selectFrom('tags').select(['id', 'slug', 'name', 'language']).orderBy('id').execute();
    },

    /** The sources a story lists, replacing those it had. */
    async setSources(id: number, sources: { name: string; url?: string | undefined }[]): Promise<void> {
      await ex.deleteFrom('article_sources').where('article_id', '=', id).execute();
      if (sources.length) {
        await ex
          .insertInto('article_sources')
          .values(
            sources.map((s, position) => ({ article_id: id, position, name: s.name, url: s.url ?? null })),
          )
          .execute();
      }
    },

    /** Stores a story's document (replacing the one it had). */
    async setDocument(id: number, body: string): Promise<void> {
      await ex
        .insertInto('article_bodies')
        .values({ article_id: id, body })
        .onConflict((oc) => oc.column('article_id').doUpdateSet({ body }))
        .execute();
    },

    /** Gives a story stored as HTML only its document, unless it has one already (idempotent). */
    async adoptDocument(id: number, body: string): Promise<void> {
      await ex
        .insertInto('article_bodies')
        .values({ article_id: id, body })
        .onConflict((oc) => oc.column('article_id').doNothing())
        .execute();
    },
  };
}

export type ArticlesRepo = ReturnType<typeof articlesRepo>;
