import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Phrases are indexed as pairs of neighbouring words (one token each), so the index
 * no longer needs word positions: SQLite's FTS5 table is made again with `detail=none` (a
 * smaller index, membership only). PostgreSQL keeps its table; its documents are written
 * again without positions. Every story is indexed again (`search_version` 0).
 */
export function migration0013(dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      if (dialect === 'sqlite') {
        await sql`drop trigger articles_search_fts_delete`.execute(db);
        await sql`drop table search_fts`.execute(db);
        await sql`create virtual table search_fts using fts5(doc, content='', contentless_delete=1, detail=none, tokenize='unicode61 remove_diacritics 0')`.execute(
          db,
        );
        await sql`create trigger articles_search_fts_delete after delete on articles
          when old.search_key is not null
          begin delete from search_fts where rowid = old.search_key; end`.execute(db);
      }
      await db.updateTable('articles').set({ search_version: 0 }).execute();
    },
  };
}
