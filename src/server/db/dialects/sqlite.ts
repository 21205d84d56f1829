import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect, sql } from 'kysely';
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
  // One process owns the file: there is no other node to tell.
  notify: async () => {},
  // One writer at a time: a transaction already has the database to itself.
  lockKeys: async () => {},
};

/**
 * SQLite: one file in WAL mode. Readers never block the writer; `synchronous=NORMAL`
 * is durable across application crashes (only an OS crash may lose the last commit).
 */
export function createSqliteDialect(file: string): DialectHandle {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('cache_size = -65536');
  return {
    name: 'sqlite',
    dialect: new SqliteDialect({ database }),
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
