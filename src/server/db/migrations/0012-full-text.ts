import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Full-text search in the database's own index instead of one row per story and term
 * (which grew to hundreds of millions of rows at a million stories): `search_fts` holds each
 * story's tokens (made by our morphology, never by the database) under an order key kept in
 * `articles.search_key`. SQLite: a contentless FTS5 table (rowid = key). PostgreSQL: a
 * tsvector per key with a GIN index. Every story is indexed again (`search_version` 0).
 */
export function migration0012(dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      await db.schema.dropTable('search_terms').execute();
      await db.schema.alterTable('articles').addColumn('search_key', 'bigint').execute();
      await db.schema
        .createIndex('articles_search_key')
        .unique()
        .on('articles')
        .column('search_key')
        .execute();
      if (dialect === 'sqlite') {
        await sql`create virtual table search_fts using fts5(doc, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(
          db,
        );
        await sql`create trigger articles_search_fts_delete after delete on articles
          when old.search_key is not null
          begin delete from search_fts where rowid = old.search_key; end`.execute(db);
      } else {
        await sql`create table search_fts (
          key bigint primary key references articles (search_key) on delete cascade on update cascade,
          doc tsvector not null)`.execute(db);
        await sql`create index search_fts_doc on search_fts using gin (doc)`.execute(db);
      }
      await db.updateTable('articles').set({ search_version: 0 }).execute();
    },
  };
}
