import { Kysely, Migrator, sql } from 'kysely';
import { errorCode } from './dialects/common.ts';
import { createPostgresDialect } from './dialects/postgres.ts';
import { createSqliteDialect } from './dialects/sqlite.ts';
import type { DialectHelpers, DialectName, PoolCounts, SqliteConnection } from './dialects/types.ts';
import { allMigrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
/** The database or an open transaction: repositories take either and cannot tell them apart. */
export type Executor = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** Same-named helpers for what differs between the dialects. */
  helpers: DialectHelpers;
  /** SQLite only: the connection, for hot paths with statements prepared once. */
  sqlite?: SqliteConnection;
  /** PostgreSQL only: the connection pool's counts (metrics). */
  pool?: PoolCounts;
  /**
   * Runs pending migrations (up to and including `to` when given: tests build older states);
   * safe to call from several nodes at once (Kysely takes a lock).
   */
  migrate(to?: string): Promise<void>;
  /**
   * Runs long maintenance (a migration, VACUUM after a full reindex) on a connection of its
   * own, without the serving pool's statement limit (PostgreSQL; SQLite has none).
   */
  unlimited<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL only: the schema to work in (tests use one schema per test file). */
  searchPath?: string;
  poolSize?: number;
  /** PostgreSQL: longest wait for a connection. */
  connectTimeoutMs?: number;
  /** PostgreSQL: longest a statement may run while serving (migrations have no limit). */
  queryTimeoutMs?: number;
}

/** `postgres://…` selects PostgreSQL; anything else is a SQLite file path (or `:memory:`). */
export function createDatabase(url: string, opts: DatabaseOptions = {}): DatabaseHandle {
  const postgres = /^postgres(ql)?:\/\//.test(url);
  const handle = postgres
    ? createPostgresDialect(url, {
        ...(opts.searchPath ? { searchPath: opts.searchPath } : {}),
        ...(opts.poolSize ? { max: opts.poolSize } : {}),
        ...(opts.connectTimeoutMs ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
        ...(opts.queryTimeoutMs ? { queryTimeoutMs: opts.queryTimeoutMs } : {}),
      })
    : createSqliteDialect(url.replace(/^(sqlite|file):(\/\/)?/, ''));
  const db = new Kysely<Database>({ dialect: handle.dialect });
  async function unlimited<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (!postgres || !opts.queryTimeoutMs) return fn(db);
    const own = new Kysely<Database>({
      dialect: createPostgresDialect(url, {
        ...(opts.searchPath ? { searchPath: opts.searchPath } : {}),
        max: 1,
      }).dialect,
    });
    try {
      return await fn(own);
    } finally {
      await own.destroy();
    }
  }
  return {
    db,
    dialect: handle.name,
    helpers: handle.helpers,
    ...(handle.sqlite ? { sqlite: handle.sqlite } : {}),
    ...(handle.pool ? { pool: handle.pool } : {}),
    async migrate(to?: string) {
      // Kysely looks for its bookkeeping tables in every schema; name ours explicitly so
      // another schema's tables on the same server are never mistaken for them.
      const schema =
        handle.name === 'postgres'
          ? (opts.searchPath ??
            (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s)
          : undefined;
      // A migration may take longer than any page query: on a connection of its own.
      handle.migrating?.(true);
      const { error, results } = await unlimited(async (free) => {
        const migrator = new Migrator({
          db: free,
          provider: { getMigrations: async () => allMigrations(handle.name) },
          ...(schema ? { migrationTableSchema: schema } : {}),
        });
        // Kysely looks for its tables across every schema; one dropped meanwhile by someone
        // else (another site on the same server) fails that look with 3F000, or with 42P01
        // naming a table of that schema ("child_….tags"): look again.
        for (let i = 0; ; i++) {
          const r = await (to ? migrator.migrateTo(to) : migrator.migrateToLatest());
          const message = String(r.error);
          const code = errorCode(r.error);
          const elsewhere =
            code === '3F000' || (code === '42P01' && /relation "[^"]+\.[^"]+" does not exist/.test(message));
          const ours =
            schema !== undefined && (message.includes(`"${schema}"`) || message.includes(`"${schema}.`));
          const otherSchemaGone = elsewhere && !ours;
          if (!otherSchemaGone || i >= 3 || r.results?.some((x) => x.status === 'Success')) return r;
        }
      }).finally(() => handle.migrating?.(false));
      const failed = results?.find((r) => r.status === 'Error');
      if (error || failed) {
        throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, {
          cause: error,
        });
      }
    },
    unlimited,
    async close() {
      await db.destroy();
      await handle.close();
    },
  };
}
