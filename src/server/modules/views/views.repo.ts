import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { DialectHelpers, SqliteConnection } from '../../db/dialects/types.ts';

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
    /**
     * Marks these readers as counted at their beacon's time unless they were counted less
     * than `window` ms before it (by any node); returns the ones marked now.
     */
    async markReaders(rows: ReaderRow[], window: number): Promise<ReaderRow[]> {
      const marked: ReaderRow[] = [];
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const written = await ex
          .insertInto('view_readers')
          .values(
            chunk.map((r) => ({ address: r.address, article_id: r.articleId, reader: r.reader, at: r.at })),
          )
          .onConflict((oc) =>
            oc
              .columns(['address', 'article_id', 'reader'])
              .doUpdateSet((eb) => ({ at: eb.ref('excluded.at') }))
              .where((eb) => eb('view_readers.at', '<=', eb(eb.ref('excluded.at'), '-', window))),
          )
          .returning('reader')
          .execute();
        const back = new Set(written.map((r) => Number(r.reader)));
        for (const r of chunk) if (back.has(r.reader)) marked.push(r);
      }
      return marked;
    },

    /** Readers of each (address, story) pair counted since `since`, at most `upTo` each. */
    async readersOfAddress(pairs: { address: number; articleId: number }[], since: number, upTo: number) {
      const out = new Map<string, number>();
      for (let i = 0; i < pairs.length; i += CHUNK) {
        const chunk = pairs.slice(i, i + CHUNK);
        const rows = await ex
          .selectFrom('view_readers')
          .select(['address', 'article_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where((eb) =>
            eb.or(
              chunk.map((p) => eb.and([eb('address', '=', p.address), eb('article_id', '=', p.articleId)])),
            ),
          )
          .where('at', '>', since)
          .groupBy(['address', 'article_id'])
          .execute();
        for (const r of rows) out.set(`${Number(r.address)}:${r.article_id}`, Math.min(upTo, Number(r.n)));
      }
      return out;
    },

    /**
     * Sweeps the next `limit` rows in key order after address `from`, forgetting readers
     * counted before `before`; returns where to go on from (-1: back to the start).
     */
    async sweepReaders(from: number, before: number, limit: number): Promise<number> {
      const end = await ex
        .selectFrom('view_readers')
        .select('address')
        .where('address', '>', from)
        .orderBy('address')
        .limit(1)
        .offset(limit - 1)
        .executeTakeFirst();
      let query = ex.deleteFrom('view_readers').where('address', '>', from).where('at', '<', before);
      if (end) query = query.where('address', '<=', Number(end.address));
      await query.execute();
      return end ? Number(end.address) : -1;
    },

    /** Takes these readers back (marked, then over their address's cap). */
    async unmarkReaders(rows: ReaderRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await ex
          .deleteFrom('view_readers')
          .where((eb) =>
            eb.or(
              rows
                .slice(i, i + CHUNK)
                .map((r) =>
                  eb.and([
                    eb('address', '=', r.address),
                    eb('article_id', '=', r.articleId),
                    eb('reader', '=', r.reader),
                  ]),
                ),
            ),
          )
          .execute();
      }
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

/** A reader's beacon as the counting queries see it: keyed hashes, the story and the time. */
export interface ReaderRow {
  address: number;
  articleId: number;
  reader: number;
  at: number;
}

/**
 * Which readers count: new within the window (`DEDUPE_WINDOW_MS`), and among the first
 * `perAddress` readers of their address for this story within it. Returns those that count.
 */
export interface CountingQueries {
  count(
    rows: ReaderRow[],
    window: number,
    perAddress: number,
  ): Promise<{ counted: ReaderRow[]; duplicates: number; capped: number }>;
}

/**
 * The counting decision with the repository's multi-row statements (PostgreSQL, or any).
 * The addresses of the batch are locked first (`lockKeys`), so two nodes counting the same
 * address take turns and its cap holds exactly.
 */
export function batchCountingQueries(ex: Executor, dialect: DialectHelpers): CountingQueries {
  return {
    async count(rows, window, perAddress) {
      const repo = viewsRepo(ex);
      await dialect.lockKeys(
        ex,
        rows.map((r) => r.address),
      );
      const marked = await repo.markReaders(rows, window);
      const groups = new Map<string, ReaderRow[]>();
      for (const r of marked) {
        const k = `${r.address}:${r.articleId}`;
        const g = groups.get(k);
        if (g) g.push(r);
        else groups.set(k, [r]);
      }
      // Readers of the pair within the window, these included (every node's).
      const since = marked.reduce((m, r) => Math.min(m, r.at), Number.POSITIVE_INFINITY) - window;
      const totals = await repo.readersOfAddress(
        [...groups.values()].map((g) => ({ address: g[0]!.address, articleId: g[0]!.articleId })),
        since,
        Number.MAX_SAFE_INTEGER,
      );
      const counted: ReaderRow[] = [];
      const over: ReaderRow[] = [];
      for (const [k, g] of groups) {
        const total = totals.get(k) ?? g.length;
        const allowed = Math.max(0, Math.min(g.length, perAddress - (total - g.length)));
        counted.push(...g.slice(0, allowed));
        over.push(...g.slice(allowed));
      }
      // Only counted readers are kept: an address's rows never outnumber its cap.
      await repo.unmarkReaders(over);
      return { counted, duplicates: rows.length - marked.length, capped: over.length };
    },
  };
}

/**
 * The same decision on SQLite's connection with statements prepared once, a reader at a
 * time (SQLite runs on the thread that serves pages): the count and the upsert read the
 * same page of the address's rows. Runs inside the open transaction.
 */
export function sqliteCountingQueries(connection: SqliteConnection): CountingQueries {
  let statements: ReturnType<typeof prepare> | null = null;
  // Prepared on first use: the table exists once migrations have run.
  const prepare = () => ({
    // Only counted readers are kept, so an address's rows for a story never pass its cap
    // and this count reads a handful of rows at most.
    readers: connection.prepare(
      'select count(*) as n from view_readers where address = ? and article_id = ? and at > ?',
    ),
    mark: connection.prepare(
      `insert into view_readers (address, article_id, reader, at) values (?, ?, ?, ?)
       on conflict (address, article_id, reader) do update set at = excluded.at
       where view_readers.at <= excluded.at - ?`,
    ),
  });
  return {
    async count(rows, window, perAddress) {
      statements ??= prepare();
      const { mark, readers } = statements;
      const counted: ReaderRow[] = [];
      let duplicates = 0;
      let capped = 0;
      for (const r of rows) {
        const { n } = readers.get(r.address, r.articleId, r.at - window) as { n: number };
        if (n >= perAddress) {
          capped++;
          continue;
        }
        if (mark.run(r.address, r.articleId, r.reader, r.at, window).changes === 1) counted.push(r);
        else duplicates++;
      }
      return { counted, duplicates, capped };
    },
  };
}
