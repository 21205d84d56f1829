import { PostgresDialect, type SqlBool, sql } from 'kysely';
import pg from 'pg';
import { toTsquery, toTsvector } from '../full-text.ts';
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
  isUnavailable: (err) => {
    const code = errorCode(err) ?? '';
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EPIPE|EAI_AGAIN)$/.test(code))
      return true;
    // Connection exceptions, shutdown, too many connections, statement timeout, read-only.
    if (/^(08|57P0|53300|57014|25006)/.test(code)) return true;
    const message = err instanceof Error ? err.message : '';
    return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Connection ended|connection timeout/i.test(
      message,
    );
  },
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
  snapshot: (db, fn) => db.transaction().setIsolationLevel('repeatable read').execute(fn),
  columns: async (executor, table) =>
    (
      await sql<{ name: string }>`select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(
        executor,
      )
    ).rows.map((r) => r.name),
  continueIdentity: async (executor, table, column) => {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false) from ${sql.table(table)}`.execute(
      executor,
    );
  },
  fullText: {
    key: 'search_fts.key',
    windowed: true,
    planned: (executor, fn) => {
      const run = async (tx: typeof executor) => {
        await sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`.execute(
          tx,
        );
        return fn(tx);
      };
      // Inside someone else's transaction the settings would outlive the search: left as they are.
      return executor.isTransaction ? fn(executor) : executor.transaction().execute(run);
    },
    match: (m) => sql<SqlBool>`search_fts.doc @@ ${toTsquery(m)}::tsquery`,
    write: async (executor, _previous, docs) => {
      // Old rows followed articles.search_key to the new keys (on update cascade).
      for (let i = 0; i < docs.length; i += 200) {
        const rows = docs
          .slice(i, i + 200)
          .map((d) => sql`(${d.key}::bigint, ${toTsvector(d.doc)}::tsvector)`);
        await sql`insert into search_fts (key, doc) values ${sql.join(rows)}
          on conflict (key) do update set doc = excluded.doc`.execute(executor);
      }
    },
    optimize: async (executor) => {
      // Outside any transaction (VACUUM cannot run in one); no statement limit applies to it here.
      await sql`vacuum (analyze) search_fts`.execute(executor);
      await sql`vacuum (analyze) articles`.execute(executor);
    },
    size: async (executor) => {
      const r = await sql<{ n: number }>`select pg_total_relation_size('search_fts') as n`.execute(executor);
      return Number(r.rows[0]?.n ?? 0);
    },
  },
};

/**
 * PostgreSQL through a `pg` pool. 64-bit integers (our epoch-millisecond times and
 * `count(*)`) are parsed to numbers for this pool only, not globally.
 */
export function createPostgresDialect(
  url: string,
  opts: {
    searchPath?: string;
    max?: number;
    /** Longest wait for a connection (a new one, or a free one from the pool). */
    connectTimeoutMs?: number;
    /** Longest a statement may take, on the server and as the client waits for it. */
    queryTimeoutMs?: number;
  } = {},
): DialectHandle {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  };
  const options = [
    ...(opts.searchPath ? [`-c search_path=${opts.searchPath}`] : []),
    ...(opts.queryTimeoutMs ? [`-c statement_timeout=${opts.queryTimeoutMs}`] : []),
  ];
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types,
    ...(options.length ? { options: options.join(' ') } : {}),
    ...(opts.connectTimeoutMs ? { connectionTimeoutMillis: opts.connectTimeoutMs } : {}),
    // The client gives up a little after the server would have: a server that answers
    // nothing at all (frozen) is not waited for either.
    ...(opts.queryTimeoutMs ? { query_timeout: opts.queryTimeoutMs + 1000 } : {}),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  return {
    name: 'postgres',
    dialect: new PostgresDialect({ pool: guarded(pool) }),
    helpers: postgresHelpers,
    pool,
    close: async () => {},
  };
}

/**
 * The pool as Kysely sees it, made safe for a database that fails:
 * - a connection lost while a client is checked out is an `error` event pg emits with no
 *   listener (the pool listens only to idle clients), which would end the process: here every
 *   client has a listener, and such a client is thrown away when released;
 * - a query the client gave up on (`query_timeout`) may still be answered later on its
 *   connection, which must not carry another query: that client is thrown away too.
 */
function guarded(pool: pg.Pool) {
  const broken = new WeakSet<pg.PoolClient>();
  const wrapped = new WeakMap<pg.PoolClient, pg.PoolClient>();
  return {
    async connect(): Promise<pg.PoolClient> {
      const client = await pool.connect();
      const known = wrapped.get(client);
      if (known) return known;
      client.on('error', () => broken.add(client));
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      const watched = (...args: unknown[]) => {
        const result = query(...args);
        if (!(result instanceof Promise)) return result;
        return result.catch((err: unknown) => {
          if (err instanceof Error && err.message === 'Query read timeout') broken.add(client);
          throw err;
        });
      };
      const proxy = new Proxy(client, {
        get(target, prop, receiver) {
          if (prop === 'query') return watched;
          if (prop === 'release')
            return (err?: Error | boolean) => target.release(broken.has(target) ? true : err);
          return Reflect.get(target, prop, receiver);
        },
      });
      wrapped.set(client, proxy);
      return proxy;
    },
    end: () => pool.end(),
  };
}
