import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { DialectHandle } from './types.ts';

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
    close: async () => {
      /* Kysely's destroy closes the handle. */
    },
  };
}
