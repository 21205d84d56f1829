import { PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { checkedWidth, errorCode, likeContains } from './common.ts';
import type { DialectHandle, DialectHelpers } from './types.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

export const postgresHelpers: DialectHelpers = {
  name: 'postgres',
  crossNode: true,
  bucket: (column, width) => sql<number>`${sql.ref(column)} / ${sql.lit(checkedWidth(width))}`,
  contains: likeContains,
  jsonText: (column, key) => sql<string | null>`(${sql.ref(column)}::jsonb ->> ${key})`,
  isUniqueViolation: (err) => errorCode(err) === '23505',
  isForeignKeyViolation: (err) => errorCode(err) === '23503',
  notify: async (executor, channel, payload) => {
    // Sent by the server when (and only if) the surrounding transaction commits.
    await sql`select pg_notify(${channel}, ${payload})`.execute(executor);
  },
  lockKeys: async (executor, keys) => {
    if (keys.length === 0) return;
    // In ascending order: two transactions locking overlapping keys never wait on each other in a circle.
    await sql`select pg_advisory_xact_lock(k) from unnest(${[...new Set(keys)].sort((a, b) => a - b)}::bigint[]) as k order by k`.execute(
      executor,
    );
  },
};

/**
 * PostgreSQL through a `pg` pool. 64-bit integers (our epoch-millisecond times and
 * `count(*)`) are parsed to numbers for this pool only, not globally.
 */
export function createPostgresDialect(
  url: string,
  opts: { searchPath?: string; max?: number } = {},
): DialectHandle {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types,
    ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return {
    name: 'postgres',
    dialect: new PostgresDialect({ pool }),
    helpers: postgresHelpers,
    close: async () => {},
  };
}
