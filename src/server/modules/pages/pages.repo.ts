import type { Executor } from '../../db/database.ts';

export interface PageRow {
  id: number;
  page_key: string;
  language: string;
  slug: string;
  title: string;
  body: string | null;
  body_html: string;
  updated_at: number;
}

/** The static pages' table (`pages`); no other module queries it. */
export function pagesRepo(ex: Executor) {
  return {
    async upsert(v: Omit<PageRow, 'id'>): Promise<void> {
      await ex
        .insertInto('pages')
        .values(v)
        .onConflict((oc) =>
          oc.columns(['page_key', 'language']).doUpdateSet({
            slug: v.slug,
            title: v.title,
            body: v.body,
            body_html: v.body_html,
            updated_at: v.updated_at,
          }),
        )
        .execute();
    },

    async bySlug(language: string, slug: string): Promise<PageRow | undefined> {
      return ex
        .selectFrom('pages')
        .selectAll()
        .where('language', '=', language)
        .where('slug', '=', slug)
        .executeTakeFirst();
    },

    async byId(id: number): Promise<PageRow | undefined> {
      return ex.selectFrom('pages').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async byKey(key: string): Promise<PageRow[]> {
      return ex.selectFrom('pages').selectAll().where('page_key', '=', key).execute();
    },

    async all(): Promise<PageRow[]> {
      return ex.selectFrom('pages').selectAll().orderBy('page_key').orderBy('language').execute();
    },

    async unconverted(limit: number) {
      return ex
        .selectFrom('pages')
        .select(['id', 'body_html'])
        .where('body', 'is', null)
        .limit(limit)
        .execute();
    },

    async setBody(id: number, body: string, bodyHtml: string): Promise<void> {
      await ex
        .updateTable('pages')
        .set({ body, body_html: bodyHtml })
        .where('id', '=', id)
        .where('body', 'is', null)
        .execute();
    },
  };
}
