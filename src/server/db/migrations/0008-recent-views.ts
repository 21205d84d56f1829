import type { Kysely } from 'kysely';

/** Frozen. Views per minute for the last hours (the newsroom's "readers right now"). */
export function migration0008(_dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .createTable('views_by_minute')
        .addColumn('minute', 'bigint', (c) => c.primaryKey())
        .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
