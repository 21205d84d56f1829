import { type Kysely, sql } from 'kysely';

/**
 * Frozen. Who has been counted recently, shared by every node and kept across restarts:
 * readers (keyed hashes of the address, and of address, browser and story) with when they
 * were last counted. Keyed by address and story first, so the readers one address counted
 * for one story (the cap on one address) sit next to each other. No other index: old rows
 * are swept in key order.
 */
export function migration0010(dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  // SQLite: no hidden rowid beside the key (a third less space per row).
  const compact = dialect === 'sqlite' ? sql`without rowid` : sql``;
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .createTable('view_readers')
        .addColumn('address', 'bigint', (c) => c.notNull())
        .addColumn('article_id', 'integer', (c) => c.notNull())
        .addColumn('reader', 'bigint', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('view_readers_pk', ['address', 'article_id', 'reader'])
        .modifyEnd(compact)
        .execute();
    },
  };
}
