import { sql } from 'kysely';
import { z } from 'zod';
import type { Db, Executor } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import type { Languages } from '../../domain/languages.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';

export interface TagRow {
  id: number;
  language: string;
  name: string;
  slug: string;
  /** Stories carrying the tag, whatever their status. */
  stories: number;
}

const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase ASCII words joined by dashes')
  .max(120);

const listInput = z
  .object({
    language: z.string(),
    q: z.string().max(60).default(''),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    /** `name` (A–Я) or `stories` (most used first). */
    order: z.enum(['name', 'stories']).default('name'),
  })
  .strict();
const renameInput = z
  .object({ name: z.string().trim().min(1).max(80), slug: slugSchema.optional() })
  .strict();
const mergeInput = z.object({ into: z.number().int().positive() }).strict();

/** Queries of tags and their old slugs (the articles area owns both tables). */
export function tagsRepo(ex: Executor, dialect: DialectHelpers) {
  return {
    async byId(id: number) {
      return ex.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async bySlug(language: string, slug: string) {
      return ex
        .selectFrom('tags')
        .selectAll()
        .where('language', '=', language)
        .where('slug', '=', slug)
        .executeTakeFirst();
    },
    /** The tag an old slug now stands for. */
    async aliasOf(language: string, slug: string) {
      return ex
        .selectFrom('tag_aliases')
        .innerJoin('tags', 'tags.id', 'tag_aliases.tag_id')
        .select(['tags.id', 'tags.slug', 'tags.name'])
        .where('tag_aliases.language', '=', language)
        .where('tag_aliases.slug', '=', slug)
        .executeTakeFirst();
    },
    /**
     * A page of tags with their story counts. By name, counts are taken for the page's tags
     * only (index on tag_id); by use, every tag is counted, which costs more on a big archive.
     */
    async page(q: z.infer<typeof listInput>) {
      let query = ex.selectFrom('tags').where('tags.language', '=', q.language);
      if (q.q.trim()) query = query.where(dialect.contains('tags.name', q.q.trim()));
      const total = query.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const counted = (ids: number[]) =>
        ids.length === 0
          ? Promise.resolve([])
          : ex
              .selectFrom('article_tags')
              .select(['tag_id', sql<number>`count(*)`.as('n')])
              .where('tag_id', 'in', ids)
              .groupBy('tag_id')
              .execute();
      let rows: { id: number; language: string; name: string; slug: string; stories: number }[];
      if (q.order === 'stories') {
        const counts = ex
          .selectFrom('article_tags')
          .select(['tag_id', sql<number>`count(*)`.as('n')])
          .groupBy('tag_id')
          .as('c');
        rows = await query
          .leftJoin(counts, 'c.tag_id', 'tags.id')
          .select([
            'tags.id',
            'tags.language',
            'tags.name',
            'tags.slug',
            sql<number>`coalesce(c.n, 0)`.as('stories'),
          ])
          .orderBy(sql`coalesce(c.n, 0)`, 'desc')
          .orderBy('tags.name')
          .orderBy('tags.id')
          .limit(q.limit)
          .offset(q.offset)
          .execute();
      } else {
        const page = await query
          .select(['tags.id', 'tags.language', 'tags.name', 'tags.slug'])
          .orderBy('tags.name')
          .orderBy('tags.id')
          .limit(q.limit)
          .offset(q.offset)
          .execute();
        const counts = await counted(page.map((t) => t.id));
        rows = page.map((t) => ({ ...t, stories: counts.find((c) => c.tag_id === t.id)?.n ?? 0 }));
      }
      return {
        tags: rows.map((r) => ({ ...r, stories: Number(r.stories) })) as TagRow[],
        total: Number((await total).n),
      };
    },
    async storiesOf(tagId: number): Promise<number[]> {
      const rows = await ex
        .selectFrom('article_tags')
        .select('article_id')
        .where('tag_id', '=', tagId)
        .execute();
      return rows.map((r) => r.article_id);
    },
    async rename(id: number, name: string, slug: string): Promise<void> {
      await ex.updateTable('tags').set({ name, slug }).where('id', '=', id).execute();
    },
    /** Keeps `slug` (in `language`) pointing at `tagId`; an alias equal to a live tag's slug is dropped. */
    async alias(language: string, slug: string, tagId: number): Promise<void> {
      await ex
        .insertInto('tag_aliases')
        .values({ language, slug, tag_id: tagId })
        .onConflict((oc) => oc.columns(['language', 'slug']).doUpdateSet({ tag_id: tagId }))
        .execute();
    },
    async dropAlias(language: string, slug: string): Promise<void> {
      await ex.deleteFrom('tag_aliases').where('language', '=', language).where('slug', '=', slug).execute();
    },
    /** The merged tag's aliases now lead to the tag it went into. */
    async moveAliases(from: number, into: number): Promise<void> {
      await ex.updateTable('tag_aliases').set({ tag_id: into }).where('tag_id', '=', from).execute();
    },
    /**
     * Stories tagged `from` get `into` in its place (once: a story with both keeps one), then
     * `from` goes.
     */
    async merge(from: number, into: number): Promise<void> {
      const both = await ex
        .selectFrom('article_tags')
        .select('article_id')
        .where('tag_id', '=', into)
        .where(
          'article_id',
          'in',
          ex.selectFrom('article_tags').select('article_id').where('tag_id', '=', from),
        )
        .execute();
      if (both.length) {
        await ex
          .deleteFrom('article_tags')
          .where('tag_id', '=', from)
          .where(
            'article_id',
            'in',
            both.map((b) => b.article_id),
          )
          .execute();
      }
      await ex.updateTable('article_tags').set({ tag_id: into }).where('tag_id', '=', from).execute();
      await ex.deleteFrom('tags').where('id', '=', from).execute();
    },
    async remove(id: number): Promise<void> {
      await ex.deleteFrom('article_tags').where('tag_id', '=', id).execute();
      await ex.deleteFrom('tag_aliases').where('tag_id', '=', id).execute();
      await ex.deleteFrom('tags').where('id', '=', id).execute();
    },
  };
}

export interface TagsServiceOptions {
  db: Db;
  dialect: DialectHelpers;
  transactor: Transactor;
  languages: Languages;
}

/**
 * Tags as the newsroom keeps them tidy: a list per language with how many stories use each,
 * renaming (the old address redirects), merging duplicates ("Зеленський" into "Володимир
 * Зеленський": the stories move, the old address and name lead to the survivor) and deleting.
 * Tags themselves are made by writing them on a story.
 */
export function createTagsService(o: TagsServiceOptions) {
  async function existing(ex: Executor, id: number) {
    const tag = await tagsRepo(ex, o.dialect).byId(id);
    if (!tag) throw fail('TAG_NOT_FOUND', `No tag with id ${id}`);
    return tag;
  }

  return {
    async list(principal: Principal, input: unknown) {
      authorize(principal, 'story.read');
      const q = listInput.parse(input ?? {});
      o.languages.check(q.language);
      return tagsRepo(o.db, o.dialect).page(q);
    },

    async rename(principal: Principal, id: number, input: unknown): Promise<TagRow> {
      authorize(principal, 'tag.manage');
      const data = renameInput.parse(input);
      return o.transactor.run(principal, async (tx) => {
        const repo = tagsRepo(tx.db, o.dialect);
        const tag = await existing(tx.db, id);
        const slug = data.slug ?? tag.slug;
        if (slug !== tag.slug) {
          const taken = await repo.bySlug(tag.language, slug);
          if (taken) {
            throw fail(
              'TAG_SLUG_TAKEN',
              `Another tag already has the address ${slug}: merge the two instead`,
            );
          }
          await repo.dropAlias(tag.language, slug);
          await repo.alias(tag.language, tag.slug, id);
        }
        await repo.rename(id, data.name, slug);
        tx.record({ type: 'TagChanged', id, language: tag.language, change: 'updated', into: null });
        const stories = (await repo.storiesOf(id)).length;
        return { id, language: tag.language, name: data.name, slug, stories };
      });
    },

    async merge(principal: Principal, id: number, input: unknown): Promise<TagRow> {
      authorize(principal, 'tag.manage');
      const { into } = mergeInput.parse(input);
      if (into === id) throw fail('BAD_REQUEST', 'A tag cannot be merged into itself');
      return o.transactor.run(principal, async (tx) => {
        const repo = tagsRepo(tx.db, o.dialect);
        const from = await existing(tx.db, id);
        const target = await existing(tx.db, into);
        if (from.language !== target.language) {
          throw fail('BAD_REQUEST', 'Tags of different languages cannot be merged');
        }
        await repo.moveAliases(id, into);
        await repo.merge(id, into);
        await repo.alias(from.language, from.slug, into);
        tx.record({ type: 'TagChanged', id, language: from.language, change: 'merged', into });
        const stories = (await repo.storiesOf(into)).length;
        return { id: into, language: target.language, name: target.name, slug: target.slug, stories };
      });
    },

    async remove(principal: Principal, id: number): Promise<void> {
      authorize(principal, 'tag.manage');
      await o.transactor.run(principal, async (tx) => {
        const tag = await existing(tx.db, id);
        await tagsRepo(tx.db, o.dialect).remove(id);
        tx.record({ type: 'TagChanged', id, language: tag.language, change: 'deleted', into: null });
      });
    },

    /** The current address of a tag known by an old slug, or null. */
    async current(language: string, slug: string) {
      return (await tagsRepo(o.db, o.dialect).aliasOf(language, slug)) ?? null;
    },
  };
}

export type TagsService = ReturnType<typeof createTagsService>;
