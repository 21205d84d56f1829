import { isbot } from 'isbot';
import type { Db } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';
import { addressKey, createSalts, type PeriodSecret, readerKey } from './salts.ts';
import { batchCountingQueries, type CountingQueries, type HourlyCount, viewsRepo } from './views.repo.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Views per minute are kept this long (the dashboard's "right now" reads the last five). */
const KEEP_MINUTES_MS = 3 * HOUR;
/** A reader counts once per story per this window; it is also the window of the per-address cap. */
export const DEDUPE_WINDOW_MS = 30 * 60_000;
/** Beacons waiting for the next write at most (a database down for long: newer ones are dropped). */
const MAX_QUEUED = 500_000;
/** Readers looked at per write to forget the old ones (in key order: a whole sweep of ten million takes about eight minutes). */
const FORGET_PER_WRITE = 20_000;
/** How long the answer "is this story published?" is trusted without asking the database. */
const KNOWN_TTL_MS = 60_000;

/** What became of a beacon at once; whether it counts is decided when it is written. */
export type BeaconResult = 'queued' | 'bot' | 'unknown' | 'dropped';

/** What the views area needs to know about a story; answered by the stories area. */
export interface StoryState {
  published: boolean;
  language: string;
}

export interface ViewsServiceOptions {
  db: Db;
  dialect: DialectHelpers;
  transactor: Transactor;
  /** The story's publication state and language, or null when there is no such story. */
  storyState: (id: number) => Promise<StoryState | null>;
  /** Which of these stories still exist (counts for deleted ones are dropped). */
  existing: (ids: number[]) => Promise<Set<number>>;
  periodSecret: PeriodSecret;
  /** Views one address may add to one story per window (households and carriers share one). */
  perAddress?: number;
  /** Faster queries for deciding what counts (SQLite's prepared statements); the repository's otherwise. */
  counting?: CountingQueries;
  now?: () => number;
  /** Writes pending counts at least this often (ms). */
  flushIntervalMs?: number;
  onError?: (err: unknown) => void;
  /** Called after counts were written (the dashboard shows them at once). */
  onFlushed?: () => void;
}

/** A beacon waiting to be written: which story, when, and keyed hashes of who sent it. */
interface Beacon {
  articleId: number;
  language: string;
  at: number;
  reader: number;
  address: number;
}

/**
 * Readers' browsers send few distinct User-Agents: the bot check (one large regular
 * expression) is remembered per string, for at most this many strings at a time.
 */
const BOT_MEMO_LIMIT = 10_000;
const botMemo = new Map<string, boolean>();
function isBot(userAgent: string): boolean {
  let bot = botMemo.get(userAgent);
  if (bot === undefined) {
    bot = isbot(userAgent);
    // A flood of made-up strings only makes the memo start over.
    if (botMemo.size >= BOT_MEMO_LIMIT) botMemo.clear();
    botMemo.set(userAgent, bot);
  }
  return bot;
}

/**
 * Counts story views from beacons. A beacon is checked (a published story, not a bot) and
 * queued in memory; at least once a second the queue is written in one transaction, which
 * also decides what counts, with state in the database shared by every node and kept
 * across restarts:
 * - a reader (address, browser and story, as a salted key) counts once per 30 minutes: the
 *   readers counted in the current and the previous half-hour are in `view_readers`;
 * - one address adds at most `perAddress` views to a story per half-hour (`view_addresses`).
 * Each beacon costs a hash and an array push; memory holds only the queue (at most a
 * second's beacons while the database answers). A hard kill loses at most the last second;
 * `stop()` (SIGTERM) writes everything. Counts are added with `views = views + n`.
 */
export function createViewsService(o: ViewsServiceOptions) {
  const { db } = o;
  const now = o.now ?? Date.now;
  const perAddress = o.perAddress ?? 50;
  const salts = createSalts(o.periodSecret, now);
  let queue: Beacon[] = [];
  /** Where the sweep of old readers goes on from (an address key; -1: the start). */
  let sweep = -1;
  /** articleId → [state, trusted until]. */
  const known = new Map<number, [StoryState | null, number]>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  const stats = {
    /** Beacons accepted for counting. */
    queued: 0,
    /** Views counted and written. */
    counted: 0,
    /** The same reader again within the window. */
    duplicates: 0,
    /** Over the cap of one address. */
    capped: 0,
    /** Not queued: the queue was full (the database was away for long). */
    dropped: 0,
    bots: 0,
    unknown: 0,
    flushed: 0,
  };

  async function stateOf(id: number, t: number): Promise<StoryState | null> {
    const k = known.get(id);
    if (k && k[1] > t) return k[0];
    let state: StoryState | null;
    try {
      state = await o.storyState(id);
    } catch (err) {
      // The database is away: what was known a moment ago still holds; the beacon waits in the queue.
      if (k) return k[0];
      throw err;
    }
    // Bounded: a flood of random ids cannot grow this without limit.
    if (known.size > 200_000) known.clear();
    known.set(id, [state, t + KNOWN_TTL_MS]);
    return state;
  }

  async function record(
    articleId: number,
    address: string,
    userAgent: string | undefined,
  ): Promise<BeaconResult> {
    const t = now();
    const state = await stateOf(articleId, t);
    if (!state?.published) {
      stats.unknown++;
      return 'unknown';
    }
    if (!userAgent || isBot(userAgent)) {
      stats.bots++;
      return 'bot';
    }
    if (queue.length >= MAX_QUEUED) {
      stats.dropped++;
      return 'dropped';
    }
    const salt = await salts.today();
    queue.push({
      articleId,
      language: state.language,
      at: t,
      reader: readerKey(salt, address, userAgent, articleId),
      address: addressKey(salt, address),
    });
    stats.queued++;
    return 'queued';
  }

  /** Which of these beacons count: new readers, within their address's cap. Inside the write's transaction. */
  async function counting(trx: Db, batch: Beacon[]): Promise<Beacon[]> {
    // A reader twice in this batch: the first one (a batch is about a second's beacons).
    const first = new Map<number, Beacon>();
    for (const b of batch) if (!first.has(b.reader)) first.set(b.reader, b);
    const queries = o.counting ?? batchCountingQueries(trx, o.dialect);
    const decided = await queries.count(
      [...first.values()].map((b) => ({
        address: b.address,
        articleId: b.articleId,
        reader: b.reader,
        at: b.at,
      })),
      DEDUPE_WINDOW_MS,
      perAddress,
    );
    stats.duplicates += batch.length - first.size + decided.duplicates;
    stats.capped += decided.capped;
    return decided.counted.map((r) => first.get(r.reader)!);
  }

  async function write(batch: Beacon[]): Promise<number> {
    // Stories deleted since their beacons arrived are skipped, not a failed batch.
    const existing = await o.existing([...new Set(batch.map((b) => b.articleId))]);
    const t = now();
    return db.transaction().execute(async (trx) => {
      const counted = (await counting(trx, batch)).filter((b) => existing.has(b.articleId));
      const totals = new Map<number, number>();
      const hourly = new Map<string, HourlyCount>();
      const minutes = new Map<number, number>();
      for (const b of counted) {
        totals.set(b.articleId, (totals.get(b.articleId) ?? 0) + 1);
        const hour = Math.floor(b.at / HOUR) * HOUR;
        const key = `${b.articleId}:${hour}`;
        const h = hourly.get(key) ?? { article_id: b.articleId, hour, language: b.language, views: 0 };
        h.views++;
        hourly.set(key, h);
        const minute = Math.floor(b.at / MINUTE) * MINUTE;
        minutes.set(minute, (minutes.get(minute) ?? 0) + 1);
      }
      const repo = viewsRepo(trx);
      await repo.add(
        [...totals].map(([article_id, views]) => ({ article_id, views })),
        [...hourly.values()],
      );
      await repo.addMinutes(
        [...minutes].map(([minute, views]) => ({ minute, views })),
        t - KEEP_MINUTES_MS,
      );
      sweep = await repo.sweepReaders(sweep, t - DEDUPE_WINDOW_MS, FORGET_PER_WRITE);
      return counted.length;
    });
  }

  /** Writes everything queued so far; on failure the beacons stay queued for the next try. */
  async function flush(): Promise<void> {
    if (flushing) await flushing.catch(() => {});
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    flushing = write(batch)
      .then((n) => {
        stats.counted += n;
        stats.flushed += n;
        o.onFlushed?.();
      })
      .catch((err) => {
        // Nothing of the batch was written (one transaction): it goes first next time.
        queue = batch.concat(queue);
        throw err;
      })
      .finally(() => {
        flushing = null;
      });
    await flushing;
  }

  /**
   * Adds counts carried over from elsewhere (an imported archive, the demo newsroom): each
   * entry's views go to the story's total and to the hour of `at`, as if read then.
   */
  async function importCounts(
    principal: Principal,
    entries: { articleId: number; views: number; at: number }[],
  ): Promise<number> {
    authorize(principal, 'views.import');
    const totals = new Map<number, number>();
    const hourly = new Map<string, HourlyCount>();
    for (const e of entries) {
      if (!Number.isSafeInteger(e.views) || e.views < 0) throw fail('VALIDATION_FAILED', 'views: a count');
      if (e.views === 0) continue;
      const state = await o.storyState(e.articleId);
      if (!state) throw fail('UNKNOWN_ARTICLE', `No story with id ${e.articleId}`);
      totals.set(e.articleId, (totals.get(e.articleId) ?? 0) + e.views);
      const hour = Math.floor(e.at / HOUR) * HOUR;
      const key = `${e.articleId}:${hour}`;
      const h = hourly.get(key) ?? { article_id: e.articleId, hour, language: state.language, views: 0 };
      h.views += e.views;
      hourly.set(key, h);
    }
    let count = 0;
    for (const v of totals.values()) count += v;
    await o.transactor.run(principal, async (tx) => {
      await viewsRepo(tx.db).add(
        [...totals].map(([article_id, views]) => ({ article_id, views })),
        [...hourly.values()],
      );
      tx.record({ type: 'ViewsImported', count });
    });
    return count;
  }

  return {
    record,
    flush,
    importCounts,
    stats,
    /** Beacons accepted and not yet written. */
    queueLength: () => queue.length,
    /** Total views of these stories. */
    totals: (ids: number[]) => viewsRepo(db).totals(ids),
    /** The most viewed stories of a language over the last 24 hours (by hour buckets), most first. */
    top: (language: string, limit: number, t: number, since = Math.floor(t / HOUR) * HOUR - 23 * HOUR) =>
      viewsRepo(db).top(language, since, limit),
    /** Views in the last `ms` (every node's, as written; at most a flush interval behind). */
    recent: (ms: number, t = now()) => viewsRepo(db).viewsSince(Math.floor((t - ms) / MINUTE) * MINUTE),
    /** Views per hour since `since`. */
    byHour: (since: number) => viewsRepo(db).byHour(since),
    /** Forget what we know about these stories (they were published, unpublished or deleted). */
    forget(articleIds: number[]) {
      for (const id of articleIds) known.delete(id);
    },
    start(intervalMs = o.flushIntervalMs ?? 1000) {
      if (timer) return;
      timer = setInterval(() => {
        flush().catch((err) => o.onError?.(err));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await flush();
    },
  };
}

export type ViewsService = ReturnType<typeof createViewsService>;
