import type { Kysely } from 'kysely';

/**
 * Frozen. Sources and methods (the Trust Project's indicators): the sources a story lists
 * (a name, a link when there is one, in order) and a note on how it was reported.
 */
export function migration0018(_dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .alterTable('articles')
        .addColumn('methods', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .createTable('article_sources')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addPrimaryKeyConstraint('article_sources_pk', ['article_id', 'position'])
        .execute();
    },
  };
}
