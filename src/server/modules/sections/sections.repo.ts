import type { Executor } from '../../db/database.ts';

/** The sections area's tables (`sections`, `section_names`); no other module queries them. */
export function sectionsRepo(ex: Executor) {
  return {
    async all() {
      const [rows, names] = await Promise.all([
        ex.selectFrom('sections').selectAll().orderBy('position').orderBy('id').execute(),
        ex.selectFrom('section_names').selectAll().execute(),
      ]);
      return { rows, names };
    },

    async idBySlug(slug: string): Promise<number | undefined> {
      return (await ex.selectFrom('sections').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
    },

    async exists(id: number): Promise<boolean> {
      return (
        (await ex.selectFrom('sections').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
      );
    },

    async insert(v: { slug: string; position: number; at: number }): Promise<number> {
      const row = await ex
        .insertInto('sections')
        .values({ slug: v.slug, position: v.position, created_at: v.at, updated_at: v.at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async update(id: number, v: { slug?: string; position?: number; at: number }): Promise<void> {
      await ex
        .updateTable('sections')
        .set({
          ...(v.slug !== undefined ? { slug: v.slug } : {}),
          ...(v.position !== undefined ? { position: v.position } : {}),
          updated_at: v.at,
        })
        .where('id', '=', id)
        .execute();
    },

    async writeNames(id: number, names: Record<string, string>, descriptions: Record<string, string>) {
      for (const [language, name] of Object.entries(names)) {
        const description = descriptions[language] ?? '';
        await ex
          .insertInto('section_names')
          .values({ section_id: id, language, name, description })
          .onConflict((oc) => oc.columns(['section_id', 'language']).doUpdateSet({ name, description }))
          .execute();
      }
    },

    /** Deletes the section; a foreign key refuses it while stories still use it. */
    async remove(id: number): Promise<void> {
      await ex.deleteFrom('section_names').where('section_id', '=', id).execute();
      await ex.deleteFrom('sections').where('id', '=', id).execute();
    },
  };
}
