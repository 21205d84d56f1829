import type { Kysely } from 'kysely';

/**
 * Frozen. What an author page tells readers about who writes (the Trust Project's author
 * indicator): a contact address and profiles elsewhere per author, a role and the subjects
 * they know per language.
 */
export function migration0017(_dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .alterTable('authors')
        .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      // A JSON array of addresses of the author's profiles on other sites.
      await db.schema
        .alterTable('authors')
        .addColumn('same_as', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema
        .alterTable('author_profiles')
        .addColumn('job_title', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      // Subjects, one a line.
      await db.schema
        .alterTable('author_profiles')
        .addColumn('expertise', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
    },
  };
}
