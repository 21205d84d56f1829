import type { Kysely } from 'kysely';

/**
 * Frozen. Search by word forms: each story's terms (stems of its words, and their romanised
 * spellings), with the weight of the best field they appear in (3 headline, 2 lead, 1 body).
 * `articles.search_version` says which version of the term rules a story was indexed with
 * (0: not yet); stories behind are indexed again in the background.
 */
export function migration0011(_dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .createTable('search_terms')
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('weight', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('search_terms_pk', ['term', 'article_id'])
        .execute();
      await db.schema.createIndex('search_terms_article').on('search_terms').column('article_id').execute();
      await db.schema
        .alterTable('articles')
        .addColumn('search_version', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('articles_search_version')
        .on('articles')
        .columns(['search_version', 'id'])
        .execute();
    },
  };
}
