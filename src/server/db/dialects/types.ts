import type { Dialect, Expression, Kysely, RawBuilder, SqlBool } from 'kysely';
import type { Match, SearchDocument } from '../full-text.ts';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What differs between our two databases, behind the same names. Repositories call these
 * helpers instead of branching on the dialect; only migrations (which are frozen) and this
 * folder know which database they run on.
 */
export interface DialectHelpers {
  readonly name: DialectName;
  /** Whether a committed transaction can tell other nodes (PostgreSQL LISTEN/NOTIFY). */
  readonly crossNode: boolean;
  /** `floor(column / width)` as an integer on both databases (time buckets: days, months). */
  bucket(column: string, width: number): RawBuilder<number>;
  /** `column LIKE '%term%'` with the term's wildcards taken literally (folded search text). */
  contains(column: string, term: string): Expression<SqlBool>;
  /** The text of a top-level key of a JSON document stored in a text column. */
  jsonText(column: string, key: string): RawBuilder<string | null>;
  /** A unique or primary-key constraint refused the write. */
  isUniqueViolation(err: unknown): boolean;
  /** A foreign key refused the write (a row still referenced, or a reference to nothing). */
  isForeignKeyViolation(err: unknown): boolean;
  /**
   * The database could not be asked (down, frozen, unreachable, out of connections, disk
   * full or read-only): the request may succeed later, so it is a 503, not our bug.
   */
  isUnavailable(err: unknown): boolean;
  /**
   * Queues a notification that is sent if and only if the transaction commits (PostgreSQL
   * `pg_notify`); a no-op where the database has no other nodes to tell.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any database executor; the helper only runs raw SQL.
  notify(executor: Kysely<any>, channel: string, payload: string): Promise<void>;
  /**
   * Inside a transaction: waits for these keys (any integers) to be free, then holds them
   * until commit, so that two nodes deciding about the same keys take turns (PostgreSQL
   * advisory locks, taken in order). A no-op where one writer at a time is the rule (SQLite).
   */
  // biome-ignore lint/suspicious/noExplicitAny: any database executor; the helper only runs raw SQL.
  lockKeys(executor: Kysely<any>, keys: number[]): Promise<void>;
  /**
   * Runs `fn` in a transaction that sees one moment of the database throughout, whatever is
   * written meanwhile (PostgreSQL repeatable read; SQLite's read transaction in WAL mode).
   */
  // biome-ignore lint/suspicious/noExplicitAny: any database executor.
  snapshot<T>(db: Kysely<any>, fn: (executor: Kysely<any>) => Promise<T>): Promise<T>;
  /** A table's columns in order (of the schema in use; empty when there is no such table). */
  // biome-ignore lint/suspicious/noExplicitAny: any database executor; the helper only runs raw SQL.
  columns(executor: Kysely<any>, table: string): Promise<string[]>;
  /**
   * After rows were written with their own ids: the next id the table hands out follows the
   * largest (PostgreSQL identity sequences; SQLite takes the largest rowid + 1 by itself).
   */
  // biome-ignore lint/suspicious/noExplicitAny: any database executor; the helper only runs raw SQL.
  continueIdentity(executor: Kysely<any>, table: string, column: string): Promise<void>;
  /** The full-text index of stories (FTS5 on SQLite, tsvector with GIN on PostgreSQL). */
  readonly fullText: FullTextHelpers;
}

/**
 * Table `search_fts`: one document per story under its order key (`articles.search_key`,
 * newest highest), so that "newest first" is the index's own order.
 */
export interface FullTextHelpers {
  /** The column of the key in `search_fts` (`rowid` on SQLite, `key` on PostgreSQL). */
  readonly key: string;
  /**
   * Whether the index cannot be read in key order (GIN): searches then go back in windows
   * of time, each found through the index, instead of one read newest first (FTS5).
   */
  readonly windowed: boolean;
  /**
   * Runs a search's lookups so that each one goes through the full-text index (PostgreSQL:
   * in a read transaction whose planner may not walk a whole table or index in order instead,
   * a plan it picks for lack of statistics on our tokens and that tests every document).
   */
  // biome-ignore lint/suspicious/noExplicitAny: any database executor.
  planned<T>(executor: Kysely<any>, fn: (executor: Kysely<any>) => Promise<T>): Promise<T>;
  /** `search_fts` matches the expression. */
  match(m: Match): RawBuilder<SqlBool>;
  /**
   * Stores stories' documents under their keys, replacing what was under `previous` (their
   * old keys); `articles.search_key` must already hold the new keys.
   */
  write(
    // biome-ignore lint/suspicious/noExplicitAny: any database executor; the helper only runs raw SQL.
    executor: Kysely<any>,
    previous: number[],
    docs: { key: number; doc: SearchDocument }[],
  ): Promise<void>;
  /**
   * After many documents were written (a full reindex): the index brought into its best
   * shape and the planner told about it (FTS5 merges its segments; PostgreSQL vacuums and
   * analyses, which autovacuum would otherwise do in its own time, or never where it is off).
   */
  // biome-ignore lint/suspicious/noExplicitAny: any database executor; the helper only runs raw SQL.
  optimize(executor: Kysely<any>): Promise<void>;
  /** Bytes the index takes on disk (its tables and indexes). */
  // biome-ignore lint/suspicious/noExplicitAny: any database executor; the helper only runs raw SQL.
  size(executor: Kysely<any>): Promise<number>;
}

export interface DialectHandle {
  name: DialectName;
  dialect: Dialect;
  helpers: DialectHelpers;
  /**
   * Called around migrations. SQLite lifts its defensive mode for them, so that a migration
   * may widen a CHECK constraint the documented way (see 0005); never while serving.
   */
  migrating?(on: boolean): void;
  /**
   * SQLite only: the connection itself, for the few hot writes that need prepared statements
   * kept across calls (the view counter). Statements run on it take part in the open
   * transaction of the one connection.
   */
  sqlite?: SqliteConnection;
  /** PostgreSQL only: the pool's counts, for metrics. */
  pool?: PoolCounts;
  close(): Promise<void>;
}

/** Connections of a pool: open, idle, and requests waiting for one. */
export interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/** The part of a better-sqlite3 connection hot paths use. */
export interface SqliteConnection {
  prepare(source: string): {
    run(...params: unknown[]): { changes: number };
    get(...params: unknown[]): unknown;
    /** Each row as its first column's value (no object per row). */
    pluck(on?: boolean): { all(...params: unknown[]): unknown[] };
  };
}
