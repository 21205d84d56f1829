import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { SqliteConnection } from '../../db/dialects/types.ts';

export interface HourlyCount {
  article_id: number;
  hour: number;
  language: string;
  views: number;
}

const CHUNK = 2000;

/** The views area's tables (`article_views`, `article_views_hourly`…); no other module queries them. */
export function viewsRepo(ex: Executor) {
  return {
    /** Readers in the log with `after` < seq ≤ `until`, counted at minute `from` or later, packed (`packReader`). */
    async readLog(after: number, until: number, from: number): Promise<number[]> {
      const rows = await ex
        .selectFrom('view_log')
        .select(['minute', 'pair', 'reader'])
        .where('seq', '>', after)
        .where('seq', '<=', until)
        .where('minute', '>=', from)
        .execute();
      return rows.map((r) => packReader(r.pair, r.reader, r.minute - from));
    },

    /** Appends counted readers to the log (multi-row statements). */
    async appendLog(rows: LogEntry[]): Promise<void> {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await ex
          .insertInto('view_log')
          .values(rows.slice(i, i + CHUNK))
          .execute();
      }
    },

    /** The first and last numbers in the log (0 and 0 when empty). */
    async logBounds(): Promise<{ first: number; last: number }> {
      // Two subqueries: each is one step down the key (min and max in one query scan the table on SQLite).
      const r = await ex
        .selectNoFrom((eb) => [
          eb
            .selectFrom('view_log')
            .select((e) => e.fn.min('seq').as('s'))
            .as('first'),
          eb
            .selectFrom('view_log')
            .select((e) => e.fn.max('seq').as('s'))
            .as('last'),
        ])
        .executeTakeFirst();
      // PostgreSQL's bigint arrives as text.
      return { first: Number(r?.first ?? 0), last: Number(r?.last ?? 0) };
    },

    /**
     * Deletes up to `limit` of the oldest rows counted before minute `before` (the log is in
     * time order, so they are at its head: a range of the key, never a scan).
     */
    async pruneLog(before: number, limit: number): Promise<void> {
      const head = await ex
        .selectFrom('view_log')
        .select(['seq', 'minute'])
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
      if (!head || head.minute >= before) return;
      const firstKept = await ex
        .selectFrom('view_log')
        .select('seq')
        .where('seq', '>', Number(head.seq))
        .where('seq', '<=', Number(head.seq) + limit)
        .where('minute', '>=', before)
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst();
      const end = firstKept ? Number(firstKept.seq) : Number(head.seq) + limit + 1;
      await ex.deleteFrom('view_log').where('seq', '<', end).execute();
    },

    /** Adds to totals and hourly counts (`views = views + n`, so any number of nodes may write). */
    async add(totals: { article_id: number; views: number }[], hourly: HourlyCount[]): Promise<void> {
      for (let i = 0; i < totals.length; i += 500) {
        await ex
          .insertInto('article_views')
          .values(totals.slice(i, i + 500))
          .onConflict((oc) =>
            oc
              .column('article_id')
              .doUpdateSet((eb) => ({ views: eb('article_views.views', '+', eb.ref('excluded.views')) })),
          )
          .execute();
      }
      for (let i = 0; i < hourly.length; i += 500) {
        await ex
          .insertInto('article_views_hourly')
          .values(hourly.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(['article_id', 'hour']).doUpdateSet((eb) => ({
              views: eb('article_views_hourly.views', '+', eb.ref('excluded.views')),
            })),
          )
          .execute();
      }
    },

    /** Adds views per minute; minutes older than `keepSince` are dropped. */
    async addMinutes(minutes: { minute: number; views: number }[], keepSince: number): Promise<void> {
      if (minutes.length === 0) return;
      await ex
        .insertInto('views_by_minute')
        .values(minutes)
        .onConflict((oc) =>
          oc
            .column('minute')
            .doUpdateSet((eb) => ({ views: eb('views_by_minute.views', '+', eb.ref('excluded.views')) })),
        )
        .execute();
      await ex.deleteFrom('views_by_minute').where('minute', '<', keepSince).execute();
    },

    async viewsSince(since: number): Promise<number> {
      const r = await ex
        .selectFrom('views_by_minute')
        .select((eb) => eb.fn.sum<number>('views').as('n'))
        .where('minute', '>=', since)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    /** Views per hour since `since` (every language), oldest first. */
    async byHour(since: number) {
      const rows = await ex
        .selectFrom('article_views_hourly')
        .select(['hour', (eb) => eb.fn.sum<number>('views').as('views')])
        .where('hour', '>=', since)
        .groupBy('hour')
        .orderBy('hour')
        .execute();
      return rows.map((r) => ({ hour: Number(r.hour), views: Number(r.views) }));
    },

    /** Total views of these stories (stories without any are absent from the map). */
    async totals(ids: number[]): Promise<Map<number, number>> {
      const out = new Map<number, number>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await ex
          .selectFrom('article_views')
          .select(['article_id', 'views'])
          .where('article_id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const r of rows) out.set(r.article_id, Number(r.views));
      }
      return out;
    },

    /** The most viewed stories of a language since `since` (epoch ms of an hour), most first. */
    async top(language: string, since: number, limit: number) {
      const rows = await ex
        .selectFrom('article_views_hourly')
        .select(['article_id', sql<number>`sum(views)`.as('recent')])
        .where('language', '=', language)
        .where('hour', '>=', since)
        .groupBy('article_id')
        .orderBy('recent', 'desc')
        .orderBy('article_id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ articleId: r.article_id, recent: Number(r.recent) }));
    },
  };
}

/** A counted reader in the log. */
export interface LogEntry {
  minute: number;
  pair: number;
  reader: number;
}

/**
 * A reader read back from the log as one number (no object per row; a restart reads ten
 * million): the pair tag, the reader tag and the minute as an offset of at most 31 from
 * the first minute asked for: 32 + 16 + 5 = 53 bits, a safe integer.
 */
export function packReader(pair: number, reader: number, offset: number): number {
  return (pair + 2 ** 31) * 2 ** 21 + reader * 32 + Math.min(31, Math.max(0, offset));
}

export function unpackReader(packed: number): { pair: number; reader: number; offset: number } {
  return {
    pair: Math.floor(packed / 2 ** 21) - 2 ** 31,
    reader: Math.floor(packed / 32) % 65536,
    offset: packed % 32,
  };
}

/** Reading and appending the log: SQLite's prepared statements, else the repository's queries. */
export interface LogAccess {
  /** As `viewsRepo().readLog`. */
  read(ex: Executor, after: number, until: number, from: number): Promise<number[]>;
  append(ex: Executor, rows: LogEntry[]): Promise<void>;
}

export const repoLog: LogAccess = {
  read: (ex, after, until, from) => viewsRepo(ex).readLog(after, until, from),
  append: (ex, rows) => viewsRepo(ex).appendLog(rows),
};

/**
 * SQLite's log: statements prepared once, each reader read as one packed number, inside
 * whatever transaction is open on the one connection (SQLite runs on the thread that serves
 * pages; a restart reads ten million rows, and building multi-row statements per write
 * costs more than the rows).
 */
export function sqliteLog(connection: SqliteConnection): LogAccess {
  let statements: ReturnType<typeof prepare> | null = null;
  // Prepared on first use: the table exists once migrations have run.
  const prepare = () => ({
    // The same packing as packReader, in SQLite's 64-bit integers.
    read: connection
      .prepare(
        `select (pair + 2147483648) * 2097152 + reader * 32 + max(0, min(31, minute - @from))
         from view_log where seq > @after and seq <= @until and minute >= @from`,
      )
      .pluck(true),
    insert: connection.prepare('insert into view_log (minute, pair, reader) values (?, ?, ?)'),
  });
  return {
    async read(_ex, after, until, from) {
      statements ??= prepare();
      return statements.read.all({ from, after, until }) as number[];
    },
    async append(_ex, rows) {
      statements ??= prepare();
      for (const r of rows) statements.insert.run(r.minute, r.pair, r.reader);
    },
  };
}
