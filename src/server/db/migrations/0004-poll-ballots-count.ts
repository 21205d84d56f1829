import { type Kysely, sql } from 'kysely';

/** Frozen. A running count of ballots per poll, so results never count rows. */
export function migration0004(_dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .alterTable('polls')
        .addColumn('ballots', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await sql`update polls set ballots = (select count(*) from poll_ballots b where b.poll_id = polls.id)`.execute(
        db,
      );
    },
  };
}
