import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import { sanitizeBody } from '../articles/index.ts';
import { type PublishChange, tags } from '../changes.ts';

/** Static pages (editorial standards, privacy policy, contacts), one row per language. */
export interface StaticPage {
  id: number;
  key: string;
  language: string;
  slug: string;
  title: string;
  bodyHtml: string;
  updatedAt: number;
}

export const pageInput = z
  .object({
    key: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .max(60),
    language: z.string(),
    slug: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .max(80)
      .optional(),
    title: z.string().trim().min(1).max(200),
    body: z.string().max(200_000),
  })
  .strict();

export interface PagesServiceOptions {
  db: Db;
  languages: string[];
  publishChange: PublishChange;
  now?: () => number;
}

const toPage = (r: {
  id: number;
  page_key: string;
  language: string;
  slug: string;
  title: string;
  body_html: string;
  updated_at: number;
}): StaticPage => ({
  id: r.id,
  key: r.page_key,
  language: r.language,
  slug: r.slug,
  title: r.title,
  bodyHtml: r.body_html,
  updatedAt: r.updated_at,
});

export function createPagesService({ db, languages, publishChange, now = Date.now }: PagesServiceOptions) {
  /** Creates or replaces the page with this key in this language. */
  async function upsert(input: unknown): Promise<StaticPage> {
    const data = pageInput.parse(input);
    if (!languages.includes(data.language)) {
      throw badRequest('UNKNOWN_LANGUAGE', `Language "${data.language}" is not configured`);
    }
    const values = {
      page_key: data.key,
      language: data.language,
      slug: data.slug ?? data.key,
      title: data.title,
      body_html: sanitizeBody(data.body),
      updated_at: now(),
    };
    await db
      .insertInto('pages')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['page_key', 'language']).doUpdateSet({
          slug: values.slug,
          title: values.title,
          body_html: values.body_html,
          updated_at: values.updated_at,
        }),
      )
      .execute();
    publishChange([tags.page(data.key)]);
    const page = await bySlug(data.language, values.slug);
    if (!page) throw notFound('PAGE_NOT_FOUND', 'The page vanished while saving');
    return page;
  }

  async function bySlug(language: string, slug: string): Promise<StaticPage | undefined> {
    const r = await db
      .selectFrom('pages')
      .selectAll()
      .where('language', '=', language)
      .where('slug', '=', slug)
      .executeTakeFirst();
    return r ? toPage(r) : undefined;
  }

  async function versions(key: string): Promise<StaticPage[]> {
    const rows = await db.selectFrom('pages').selectAll().where('page_key', '=', key).execute();
    return rows.map(toPage);
  }

  async function list(): Promise<StaticPage[]> {
    const rows = await db.selectFrom('pages').selectAll().orderBy('page_key').orderBy('language').execute();
    return rows.map(toPage);
  }

  return { upsert, bySlug, versions, list };
}

export type PagesService = ReturnType<typeof createPagesService>;
