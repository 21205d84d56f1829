import { type Kysely, sql } from 'kysely';

/**
 * Frozen. What the newsroom desk edits beyond the story itself: search and social titles and
 * descriptions, the breaking flag, the kind of story, co-authors, a focal point for crops, and
 * who is editing a story right now. Document bodies move to a table of their own: a story's
 * row stays small (readers' pages and lists never read the document), and columns added to
 * `articles` later are not stored behind it.
 */
export function migration0007(dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .createTable('article_bodies')
        .addColumn('article_id', 'integer', (c) =>
          c.primaryKey().references('articles.id').onDelete('cascade'),
        )
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into article_bodies (article_id, body) select id, body from articles where body is not null`.execute(
        db,
      );
      await db.schema.alterTable('articles').dropColumn('body').execute();

      await db.schema
        .alterTable('articles')
        .addColumn('meta_title', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('articles')
        .addColumn('meta_description', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema
        .alterTable('articles')
        .addColumn('breaking', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('articles')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('news'))
        .execute();

      await db.schema
        .createTable('article_authors')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('author_id', 'integer', (c) => c.notNull().references('authors.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_authors_pk', ['article_id', 'author_id'])
        .execute();
      await db.schema
        .createIndex('article_authors_author_ix')
        .on('article_authors')
        .columns(['author_id', 'article_id'])
        .execute();

      await db.schema
        .alterTable('media')
        .addColumn('focal_x', sql.raw(real), (c) => c.notNull().defaultTo(0.5))
        .execute();
      await db.schema
        .alterTable('media')
        .addColumn('focal_y', sql.raw(real), (c) => c.notNull().defaultTo(0.5))
        .execute();

      await db.schema
        .createTable('story_locks')
        .addColumn('article_id', 'integer', (c) =>
          c.primaryKey().references('articles.id').onDelete('cascade'),
        )
        .addColumn('user_id', 'integer', (c) => c.notNull())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('since', 'bigint', (c) => c.notNull())
        .addColumn('seen_at', 'bigint', (c) => c.notNull())
        .addColumn('taken_from', 'text')
        .execute();
    },
  };
}
