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
    /** Readers counted after `seq` (by any node), oldest first, at most `limit`. */
    async logSince(seq: number, limit: number): Promise<LogRow[]> {
      const rows = await ex
        .selectFrom('view_log')
        .select(['seq', 'minute', 'pair', 'browser'])
        .where('seq', '>', seq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      // PostgreSQL's bigint arrives as text.
      return rows.map((r) => ({ seq: Number(r.seq), minute: r.minute, pair: r.pair, browser: r.browser }));
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

    /** Rows after `seq` (to size memory before reading them back). */
    async countSince(seq: number): Promise<number> {
      const r = await ex
        .selectFrom('view_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('seq', '>', seq)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    /** The last number in the log (0 when empty). */
    async lastSeq(): Promise<number> {
      const r = await ex
        .selectFrom('view_log')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      return Number(r?.seq ?? 0);
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
  browser: number;
}

export interface LogRow extends LogEntry {
  seq: number;
}

/** Reading and appending the log: SQLite's prepared statements, else the repository's queries. */
export interface LogAccess {
  since(ex: Executor, seq: number, limit: number): Promise<LogRow[]>;
  append(ex: Executor, rows: LogEntry[]): Promise<void>;
}

export const repoLog: LogAccess = {
  since: (ex, seq, limit) => viewsRepo(ex).logSince(seq, limit),
  append: (ex, rows) => viewsRepo(ex).appendLog(rows),
};

/**
 * SQLite's log: statements prepared once, rows as arrays, inside whatever transaction is
 * open on the one connection (SQLite runs on the thread that serves pages; a restart reads
 * ten million rows, and building multi-row statements per write costs more than the rows).
 */
export function sqliteLog(connection: SqliteConnection): LogAccess {
  // Prepared on first use: the table exists once migrations have run.
  let statements: {
    read: ReturnType<typeof prepare>['read'];
    insert: ReturnType<typeof prepare>['insert'];
  } | null = null;
  const prepare = () => ({
    read: connection
      .prepare('select seq, minute, pair, browser from view_log where seq > ? order by seq limit ?')
      .raw(true),
    insert: connection.prepare('insert into view_log (minute, pair, browser) values (?, ?, ?)'),
  });
  return {
    async since(_ex, seq, limit) {
      statements ??= prepare();
      return (statements.read.all(seq, limit) as number[][]).map(([s, minute, pair, browser]) => ({
        seq: s!,
        minute: minute!,
        pair: pair!,
        browser: browser!,
      }));
    },
    async append(_ex, rows) {
      statements ??= prepare();
      for (const r of rows) statements.insert.run(r.minute, r.pair, r.browser);
    },
  };
}
