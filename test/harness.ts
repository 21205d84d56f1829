import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { type Composed, compose } from '../src/server/compose.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDatabase, type DatabaseHandle, type DatabaseOptions } from '../src/server/db/database.ts';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { startOfLocalDay } from '../src/shared/dates.ts';

export const TEST_API_KEY = 'test-admin-key-0123456789abcdef';

/** Who tests act as when they call use cases directly (as the command line would). */
export const actor = systemPrincipal('test');

export interface DialectUnderTest {
  name: 'sqlite' | 'postgres';
  /** Set when the dialect cannot run here; node:test prints it as the skip reason. */
  skip: string | false;
}

/** SQLite always; PostgreSQL when TEST_DATABASE_URL is set, loudly skipped otherwise. */
export function dialects(): DialectUnderTest[] {
  return [
    { name: 'sqlite', skip: false },
    {
      name: 'postgres',
      skip: process.env.TEST_DATABASE_URL
        ? false
        : 'SKIPPED: TEST_DATABASE_URL is not set, PostgreSQL not tested',
    },
  ];
}

export interface TestSite extends Composed {
  dataDir: string;
  /** PostgreSQL: the schema the site lives in (a second node opens the same one); '' on SQLite. */
  schema: string;
  dispose(): Promise<void>;
}

/**
 * A complete site on a fresh database: a temporary SQLite file, or a fresh schema in
 * the PostgreSQL database named by TEST_DATABASE_URL (dropped afterwards).
 */
export async function openSite(
  dialect: 'sqlite' | 'postgres',
  env: Record<string, string> = {},
  opts: {
    now?: () => number;
    schema?: string;
    /** Runs on the fresh database before the site is composed (and migrated): older states. */
    prepare?: (database: DatabaseHandle) => Promise<void>;
    /** PostgreSQL: this server instead of TEST_DATABASE_URL (a private one a test may stop). */
    databaseUrl?: string;
    /** PostgreSQL: pool options such as timeouts. */
    databaseOptions?: DatabaseOptions;
    /** This (empty) folder for the SQLite file and media, e.g. a small file system of its own. */
    dataDir?: string;
    /** Where the site logs (silent otherwise). */
    logger?: Logger;
  } = {},
): Promise<TestSite> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-test-'));
  let database: DatabaseHandle;
  let dropSchema: (() => Promise<void>) | null = null;
  let schema = '';
  if (dialect === 'postgres') {
    const url = opts.databaseUrl ?? process.env.TEST_DATABASE_URL!;
    schema = opts.schema ?? `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema if not exists ${schema}`);
    await admin.end();
    database = createDatabase(url, { searchPath: schema, poolSize: 20, ...opts.databaseOptions });
    dropSchema = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  } else {
    database = createDatabase(path.join(dataDir, 'test.db'));
  }
  const config = loadConfig({
    DATA_DIR: dataDir,
    DEMO: '0',
    ADMIN_API_KEY: TEST_API_KEY,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'https://news.example.org',
    SITE_NAME: 'Шпальта',
    GOOGLE_NEWS_URL: 'https://news.google.com/publications/example',
    ...(dialect === 'postgres' ? { DATABASE_URL: opts.databaseUrl ?? process.env.TEST_DATABASE_URL! } : {}),
    ...env,
  });
  await opts.prepare?.(database);
  const composed = await compose(config, {
    database,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(dialect === 'postgres' ? { changeChannel: `ch_${schema}` } : {}),
  });
  return {
    ...composed,
    dataDir,
    schema,
    async dispose() {
      await composed.close();
      await database.close();
      // A second node on the same schema leaves dropping it to the first.
      if (dropSchema && !opts.schema) await dropSchema();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const auth = { authorization: `Bearer ${TEST_API_KEY}` };

/**
 * A database URL for a child process (the server or the CLI started as a real process):
 * a SQLite file in `dir`, or a fresh PostgreSQL schema selected through the URL's
 * `options=-c search_path=…`. `drop()` removes the schema afterwards.
 */
export async function childDatabase(
  dialect: 'sqlite' | 'postgres',
  dir: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') return { url: `sqlite:${path.join(dir, 'child.db')}`, drop: async () => {} };
  const schema = `child_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = async (statement: string) => {
    const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    await c.query(statement);
    await c.end();
  };
  await admin(`create schema ${schema}`);
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return { url: u.toString(), drop: () => admin(`drop schema ${schema} cascade`) };
}

/** A TCP port free right now on 127.0.0.1 (for a server whose own address must be known first). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Waits, only when a midnight is near, until it is `after` behind: for tests whose meaning
 * changes with the day and whose clock cannot be moved (a server process, or stories
 * published by the real clock). Readers and voters are hashed with the UTC day's salt, so
 * one reader sent twice across UTC midnight is two readers; "Сьогодні" turns into "Вчора"
 * at Kyiv midnight. The wait is for that event: nothing else marks it.
 */
export async function clearOfMidnight(
  o: { timeZone?: 'UTC' | 'Europe/Kyiv'; before?: number; after?: number } = {},
): Promise<void> {
  const { timeZone = 'UTC', before = 3 * 60_000, after = 90_000 } = o;
  const now = Date.now();
  const last = startOfLocalDay(now, timeZone);
  // The next one: a local day lasts 23 to 25 hours, so 26 after midnight is in the next day.
  const next = startOfLocalDay(last + 26 * 3_600_000, timeZone);
  const wait = next - now < before ? next - now + after : now - last < after ? after - (now - last) : 0;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

/**
 * Runs `check` until it passes, for what another process or node learns a moment later (a
 * change event through the primary or NOTIFY); its last failure is the test's after `ms`.
 */
export async function eventually<T>(check: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
