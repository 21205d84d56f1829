import { z } from 'zod';
import { foldForSearch } from '../../../shared/search.ts';
import { slugify } from '../../../shared/translit.ts';
import type { Urls } from '../../../shared/urls.ts';
import type { Db } from '../../db/database.ts';
import type { ArticleStatus } from '../../db/schema.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import type { AuthorsService } from '../authors/index.ts';
import { tags as cacheTags, type PublishChange } from '../changes.ts';
import type { ArticleDetail, ArticlesRepo } from './articles.repo.ts';
import { sanitizeBody } from './sanitize.ts';

/** Bumped when the body pipeline changes, so stored HTML can be re-derived. */
export const RENDER_VERSION = 1;

const isoDate = z.iso.datetime({ offset: true }).transform((s) => Date.parse(s));

const heroInput = z.object({
  mediaId: z.number().int().positive(),
  alt: z.string().trim().max(300).default(''),
  caption: z.string().trim().max(500).default(''),
});

export const articleInput = z
  .object({
    language: z.string(),
    title: z.string().trim().min(1).max(300),
    source: z.string().trim().max(80).nullable().optional(),
    lead: z.string().trim().max(1000).default(''),
    body: z.string().max(500_000).default(''),
    section: z.string().min(1).max(60),
    tags: z.array(z.string().trim().min(1).max(60)).max(20).default([]),
    author: z.object({ name: z.string().trim().min(1).max(120) }).optional(),
    authorId: z.number().int().positive().optional(),
    status: z.enum(['draft', 'published', 'scheduled']).default('draft'),
    publishedAt: isoDate.optional(),
    translationOf: z.number().int().positive().optional(),
    heroImage: heroInput.nullable().optional(),
    pinned: z.number().int().min(0).max(100).optional(),
  })
  .strict()
  .refine((v) => v.author !== undefined || v.authorId !== undefined, {
    message: 'either author {name} or authorId is required',
    path: ['author'],
  });

export const articlePatch = z
  .object({
    title: z.string().trim().min(1).max(300),
    source: z.string().trim().max(80).nullable(),
    lead: z.string().trim().max(1000),
    body: z.string().max(500_000),
    section: z.string().min(1).max(60),
    tags: z.array(z.string().trim().min(1).max(60)).max(20),
    author: z.object({ name: z.string().trim().min(1).max(120) }),
    authorId: z.number().int().positive(),
    status: z.enum(['draft', 'published', 'scheduled']),
    publishedAt: isoDate,
    heroImage: heroInput.nullable(),
    pinned: z.number().int().min(0).max(100),
  })
  .partial()
  .strict();

export interface ArticlesServiceOptions {
  db: Db;
  repo: ArticlesRepo;
  authors: AuthorsService;
  languages: string[];
  urls: Urls;
  publishChange: PublishChange;
  now?: () => number;
}

export interface ArticleOut extends ArticleDetail {
  url: string;
}

/** Editorial use cases for stories: create, edit, delete, publish scheduled ones. */
export function createArticlesService(opts: ArticlesServiceOptions) {
  const { db, repo, authors, languages, urls, publishChange, now = Date.now } = opts;

  async function sectionId(slug: string): Promise<number> {
    const s = await db.selectFrom('sections').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!s) throw badRequest('UNKNOWN_SECTION', `No section with slug "${slug}"`);
    return s.id;
  }

  async function resolveAuthor(
    language: string,
    author?: { name: string },
    authorId?: number,
  ): Promise<number> {
    if (authorId !== undefined) {
      const a = await db.selectFrom('authors').select('id').where('id', '=', authorId).executeTakeFirst();
      if (!a) throw badRequest('UNKNOWN_AUTHOR', `No author with id ${authorId}`);
      return a.id;
    }
    return (await authors.findOrCreateByName(language, author!.name)).id;
  }

  async function checkMedia(id: number) {
    const m = await db.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst();
    if (!m) throw badRequest('UNKNOWN_MEDIA', `No media with id ${id}`);
  }

  /** Tag names to ids in one language, creating missing tags; duplicates by slug collapse. */
  async function tagIds(language: string, names: string[]): Promise<number[]> {
    const ids: number[] = [];
    for (const name of names) {
      const slug = slugify(name, language);
      let row = await db
        .selectFrom('tags')
        .select('id')
        .where('language', '=', language)
        .where('slug', '=', slug)
        .executeTakeFirst();
      if (!row) {
        row = await db
          .insertInto('tags')
          .values({ language, name, slug })
          .onConflict((oc) => oc.columns(['language', 'slug']).doUpdateSet({ name }))
          .returning('id')
          .executeTakeFirstOrThrow();
      }
      if (!ids.includes(row.id)) ids.push(row.id);
    }
    return ids;
  }

  async function writeTags(articleId: number, ids: number[]) {
    await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
    if (ids.length) {
      await db
        .insertInto('article_tags')
        .values(ids.map((tag_id, position) => ({ article_id: articleId, tag_id, position })))
        .execute();
    }
  }

  /** A story set to "published" with a future time waits as "scheduled". */
  function effectiveStatus(status: ArticleStatus, publishedAt: number, t: number): ArticleStatus {
    return status === 'published' && publishedAt > t ? 'scheduled' : status;
  }

  async function get(id: number): Promise<ArticleOut> {
    const d = await repo.detail(id);
    if (!d) throw notFound('ARTICLE_NOT_FOUND', `No article with id ${id}`);
    return { ...d, url: urls.article(d.language, d.id, d.slug) };
  }

  /** Cache tags a story touches where it is shown: its page, lists and its other versions. */
  function touched(d: ArticleDetail, visible: boolean): string[] {
    const t = [cacheTags.article(d.id), cacheTags.group(d.groupId)];
    if (visible) {
      t.push(
        cacheTags.home(d.language),
        cacheTags.latest(d.language),
        cacheTags.section(d.section.id),
        cacheTags.author(d.author.id),
        ...d.tags.map((x) => cacheTags.tag(x.id)),
      );
    }
    return t;
  }

  async function create(input: unknown): Promise<ArticleOut> {
    const data = articleInput.parse(input);
    if (!languages.includes(data.language)) {
      throw badRequest('UNKNOWN_LANGUAGE', `Language "${data.language}" is not configured`);
    }
    const t = now();
    const publishedAt = data.publishedAt ?? t;
    if (data.status === 'scheduled' && data.publishedAt === undefined) {
      throw badRequest('VALIDATION_FAILED', 'publishedAt: a scheduled story needs a publication time');
    }
    const section = await sectionId(data.section);
    const authorId = await resolveAuthor(data.language, data.author, data.authorId);
    if (data.heroImage) await checkMedia(data.heroImage.mediaId);

    let groupId: number | null = null;
    if (data.translationOf !== undefined) {
      const original = await db
        .selectFrom('articles')
        .select(['id', 'group_id', 'language'])
        .where('id', '=', data.translationOf)
        .executeTakeFirst();
      if (!original)
        throw badRequest('UNKNOWN_TRANSLATION_SOURCE', `No article with id ${data.translationOf}`);
      groupId = original.group_id ?? original.id;
      const clash = await db
        .selectFrom('articles')
        .select('id')
        .where('group_id', '=', groupId)
        .where('language', '=', data.language)
        .executeTakeFirst();
      if (clash) {
        throw conflict(
          'TRANSLATION_EXISTS',
          `The story already has a "${data.language}" version (id ${clash.id})`,
        );
      }
    }

    const id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('articles')
        .values({
          group_id: groupId,
          language: data.language,
          slug: slugify(data.title, data.language),
          title: data.title,
          source: data.source ?? null,
          lead: data.lead,
          body_html: sanitizeBody(data.body),
          render_version: RENDER_VERSION,
          section_id: section,
          author_id: authorId,
          hero_media_id: data.heroImage?.mediaId ?? null,
          hero_alt: data.heroImage?.alt ?? '',
          hero_caption: data.heroImage?.caption ?? '',
          status: effectiveStatus(data.status, publishedAt, t),
          published_at: publishedAt,
          created_at: t,
          updated_at: t,
          pinned: data.pinned ?? 0,
          search_text: foldForSearch(`${data.title} ${data.source ?? ''} ${data.lead}`),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (groupId === null) {
        await trx.updateTable('articles').set({ group_id: row.id }).where('id', '=', row.id).execute();
      }
      return row.id;
    });
    await writeTags(id, await tagIds(data.language, data.tags));
    const out = await get(id);
    publishChange(touched(out, out.status === 'published'));
    return out;
  }

  async function update(id: number, input: unknown): Promise<ArticleOut> {
    const data = articlePatch.parse(input);
    const before = await get(id);
    const t = now();
    const set: Record<string, unknown> = { updated_at: t };
    if (data.title !== undefined) {
      set.title = data.title;
      set.slug = slugify(data.title, before.language);
    }
    if (data.source !== undefined) set.source = data.source;
    if (data.lead !== undefined) set.lead = data.lead;
    if (data.body !== undefined) {
      set.body_html = sanitizeBody(data.body);
      set.render_version = RENDER_VERSION;
    }
    if (data.section !== undefined) set.section_id = await sectionId(data.section);
    if (data.author !== undefined || data.authorId !== undefined) {
      set.author_id = await resolveAuthor(before.language, data.author, data.authorId);
    }
    if (data.heroImage !== undefined) {
      if (data.heroImage) await checkMedia(data.heroImage.mediaId);
      set.hero_media_id = data.heroImage?.mediaId ?? null;
      set.hero_alt = data.heroImage?.alt ?? '';
      set.hero_caption = data.heroImage?.caption ?? '';
    }
    if (data.pinned !== undefined) set.pinned = data.pinned;
    const publishedAt = data.publishedAt ?? before.publishedAt;
    if (data.publishedAt !== undefined) set.published_at = publishedAt;
    if (data.status !== undefined || data.publishedAt !== undefined) {
      set.status = effectiveStatus(data.status ?? (before.status as ArticleStatus), publishedAt, t);
    }
    if (data.title !== undefined || data.source !== undefined || data.lead !== undefined) {
      set.search_text = foldForSearch(
        `${data.title ?? before.title} ${(data.source !== undefined ? data.source : before.source) ?? ''} ${data.lead ?? before.lead}`,
      );
    }
    await db.updateTable('articles').set(set).where('id', '=', id).execute();
    if (data.tags !== undefined) await writeTags(id, await tagIds(before.language, data.tags));
    const after = await get(id);
    publishChange([
      ...touched(before, before.status === 'published'),
      ...touched(after, after.status === 'published'),
    ]);
    return after;
  }

  async function remove(id: number): Promise<void> {
    const before = await get(id);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('article_tags').where('article_id', '=', id).execute();
      await trx.deleteFrom('articles').where('id', '=', id).execute();
      // If the original goes, the remaining versions keep their group: the id stays a valid key.
    });
    publishChange(touched(before, before.status === 'published'));
  }

  /**
   * Publishes every scheduled story whose time has come. The UPDATE is the claim, so two
   * nodes running this at once publish each story exactly once. Returns the published ids.
   */
  async function publishDue(): Promise<number[]> {
    const t = now();
    const rows = await db
      .updateTable('articles')
      .set({ status: 'published', updated_at: t })
      .where('status', '=', 'scheduled')
      .where('published_at', '<=', t)
      .returning('id')
      .execute();
    for (const r of rows) {
      const d = await repo.detail(r.id);
      if (d) publishChange(touched(d, true));
    }
    return rows.map((r) => r.id);
  }

  return { get, create, update, remove, publishDue };
}

export type ArticlesService = ReturnType<typeof createArticlesService>;
