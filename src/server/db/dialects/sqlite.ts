import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type SqlBool,
  SqliteDialect,
  sql,
} from 'kysely';
import { toFts5, toFts5Text } from '../full-text.ts';
import { checkedWidth, errorCode, likeContains } from './common.ts';
import type { DialectHandle, DialectHelpers } from './types.ts';

export const sqliteHelpers: DialectHelpers = {
  name: 'sqlite',
  crossNode: false,
  bucket: (column, width) => sql<number>`${sql.ref(column)} / ${sql.lit(checkedWidth(width))}`,
  contains: likeContains,
  jsonText: (column, key) => sql<string | null>`json_extract(${sql.ref(column)}, ${`$.${key}`})`,
  isUniqueViolation: (err) => {
    const code = errorCode(err);
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },
  isForeignKeyViolation: (err) => errorCode(err) === 'SQLITE_CONSTRAINT_FOREIGNKEY',
  // Locked for too long, disk full or failing, the file read-only or gone.
  isUnavailable: (err) => /^SQLITE_(BUSY|LOCKED|IOERR|FULL|READONLY|CANTOPEN)/.test(errorCode(err) ?? ''),
  // Worker processes on one file hear of changes through the cluster's primary (events/event-bus.ts).
  notify: async () => {},
  // One writer at a time (transactions begin IMMEDIATE): a transaction has the database to itself.
  lockKeys: async () => {},
  snapshot: (db, fn) => db.transaction().execute(fn),
  columns: async (executor, table) =>
    (
      await sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`.execute(executor)
    ).rows.map((r) => r.name),
  continueIdentity: async () => {},
  fullText: {
    key: 'search_fts.rowid',
    windowed: false,
    planned: (executor, fn) => fn(executor),
    match: (m) => sql<SqlBool>`search_fts match ${toFts5(m)}`,
    write: async (executor, previous, docs) => {
      // Contentless FTS5 (the text lives in articles): a document is deleted by rowid and written whole.
      const gone = [...new Set([...previous, ...docs.map((d) => d.key)])];
      for (let i = 0; i < gone.length; i += 500) {
        await sql`delete from search_fts where rowid in (${sql.join(gone.slice(i, i + 500))})`.execute(
          executor,
        );
      }
      for (let i = 0; i < docs.length; i += 200) {
        const rows = docs.slice(i, i + 200).map((d) => sql`(${d.key}, ${toFts5Text(d.doc)})`);
        await sql`insert into search_fts (rowid, doc) values ${sql.join(rows)}`.execute(executor);
      }
    },
    optimize: async (executor) => {
      await sql`insert into search_fts (search_fts) values ('optimize')`.execute(executor);
      await sql`analyze`.execute(executor);
    },
    size: async (executor) => {
      const r = await sql<{
        n: number | null;
      }>`select sum(pgsize) as n from dbstat where name like 'search_fts%'`.execute(executor);
      return Number(r.rows[0]?.n ?? 0);
    },
  },
};

/**
 * Kysely's SQLite driver, with two corrections. Transactions begin IMMEDIATE (see below).
 * After a failure SQLite may already have rolled the transaction back itself (a full disk,
 * an I/O error); Kysely's own `rollback` then fails with "cannot rollback - no transaction
 * is active", and that error would replace the real one.
 */
class GuardedSqliteDialect extends SqliteDialect {
  constructor(private readonly database: SQLite.Database) {
    super({ database });
  }
  override createDriver(): Driver {
    const driver = super.createDriver();
    const database = this.database;
    // Take the write lock at the start: with several processes on one file (WORKERS), a
    // transaction that read first and wrote later could not wait for the lock (SQLITE_BUSY).
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.rollbackTransaction = async (connection: DatabaseConnection) => {
      if (database.inTransaction) await rollback(connection);
    };
    return driver;
  }
}

/** The data folder must be writable (the database file, its journal and media live there). */
export class UnwritableDataError extends Error {}

/**
 * SQLite: one file in WAL mode. Readers never block the writer; `synchronous=NORMAL`
 * is durable across application crashes (only an OS crash may lose the last commit).
 */
export function createSqliteDialect(file: string): DialectHandle {
  if (file !== ':memory:') checkWritable(path.dirname(path.resolve(file)));
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');
  return {
    name: 'sqlite',
    dialect: new GuardedSqliteDialect(database),
    helpers: sqliteHelpers,
    migrating: (on) => {
      database.unsafeMode(on);
    },
    sqlite: database,
    close: async () => {
      /* Kysely's destroy closes the handle. */
    },
  };
}

/** Creates the folder if needed and checks that files can be written in it (root included). */
function checkWritable(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EROFS'
        ? 'is on a read-only file system'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not writable by this user'
          : code === 'ENOSPC'
            ? 'cannot be created: the disk is full'
            : `cannot be used (${code ?? String(err)})`;
    throw new UnwritableDataError(
      `the data folder ${dir} ${why}: the database needs to write there (set DATA_DIR)`,
    );
  }
}
