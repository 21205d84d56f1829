import type { Executor } from '../../db/database.ts';

/** The authors area's tables (`authors`, `author_profiles`); no other module queries them. */
export function authorsRepo(ex: Executor) {
  return {
    async all() {
      const [rows, profiles] = await Promise.all([
        ex.selectFrom('authors').selectAll().orderBy('id').execute(),
        ex.selectFrom('author_profiles').selectAll().execute(),
      ]);
      return { rows, profiles };
    },

    async idBySlug(slug: string): Promise<number | undefined> {
      return (await ex.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
    },

    async exists(id: number): Promise<boolean> {
      return (
        (await ex.selectFrom('authors').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
      );
    },

    async idByName(language: string, name: string): Promise<number | undefined> {
      const row = await ex
        .selectFrom('author_profiles')
        .select('author_id')
        .where('language', '=', language)
        .where('name', '=', name)
        .orderBy('author_id')
        .executeTakeFirst();
      return row?.author_id;
    },

    async profiles(id: number) {
      return ex.selectFrom('author_profiles').selectAll().where('author_id', '=', id).execute();
    },

    async insert(v: {
      slug: string;
      photoMediaId: number | null;
      email: string;
      sameAs: string[];
      at: number;
    }): Promise<number> {
      const row = await ex
        .insertInto('authors')
        .values({
          slug: v.slug,
          photo_media_id: v.photoMediaId,
          email: v.email,
          same_as: JSON.stringify(v.sameAs),
          created_at: v.at,
          updated_at: v.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async update(
      id: number,
      v: { slug?: string; photoMediaId?: number | null; email?: string; sameAs?: string[]; at: number },
    ) {
      await ex
        .updateTable('authors')
        .set({
          ...(v.slug !== undefined ? { slug: v.slug } : {}),
          ...(v.photoMediaId !== undefined ? { photo_media_id: v.photoMediaId } : {}),
          ...(v.email !== undefined ? { email: v.email } : {}),
          ...(v.sameAs !== undefined ? { same_as: JSON.stringify(v.sameAs) } : {}),
          updated_at: v.at,
        })
        .where('id', '=', id)
        .execute();
    },

    async writeProfiles(
      id: number,
      names: Record<string, string>,
      bios: Record<string, string>,
      jobTitles: Record<string, string> = {},
      expertise: Record<string, string> = {},
    ) {
      for (const [language, name] of Object.entries(names)) {
        const values = {
          name,
          bio: bios[language] ?? '',
          job_title: jobTitles[language] ?? '',
          expertise: expertise[language] ?? '',
        };
        await ex
          .insertInto('author_profiles')
          .values({ author_id: id, language, ...values })
          .onConflict((oc) => oc.columns(['author_id', 'language']).doUpdateSet(values))
          .execute();
      }
    },

    /** Deletes the author; a foreign key refuses it while stories still carry the byline. */
    async remove(id: number): Promise<void> {
      await ex.deleteFrom('author_profiles').where('author_id', '=', id).execute();
      await ex.deleteFrom('authors').where('id', '=', id).execute();
    },
  };
}
