import { setImmediate as nextTurn } from 'node:timers/promises';
import { isbot } from 'isbot';
import type { Db } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';
import { ReaderMemory, SLOT_BYTES, WINDOW_MINUTES } from './reader-memory.ts';
import { createSalts, type PeriodSecret, pairTag, readerTag } from './salts.ts';
import { type HourlyCount, type LogAccess, repoLog, unpackReader, viewsRepo } from './views.repo.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Views per minute are kept this long (the dashboard's "right now" reads the last five). */
const KEEP_MINUTES_MS = 3 * HOUR;
/** Beacons waiting for the next write at most (a database down for long: newer ones are dropped). */
const MAX_QUEUED = 500_000;
/** Log rows read per query while catching up (a restart reads the whole half-hour). */
const CATCH_UP_ROWS = 50_000;
/** Old log rows deleted per write at most (a range at the log's head). */
const PRUNE_PER_WRITE = 50_000;
/** PostgreSQL: nodes append to the log one at a time (an advisory lock), so `seq` order is commit order. */
const LOG_LOCK = 0x56_49_45_57;
const minuteOf = (ms: number) => Math.floor(ms / MINUTE);
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
  /** A faster way to read and append the log (SQLite's prepared statements); the repository's otherwise. */
  log?: LogAccess;
  now?: () => number;
  /** Writes pending counts at least this often (ms). */
  flushIntervalMs?: number;
  onError?: (err: unknown) => void;
  /** Called after counts were written (the dashboard shows them at once). */
  onFlushed?: () => void;
}

/** A beacon waiting to be written: which story, when, and salted tags of who sent it. */
interface Beacon {
  articleId: number;
  language: string;
  at: number;
  /** The address and story. */
  pair: number;
  /** The reader (address, browser and story): 16 bits of a hash of its own. */
  reader: number;
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
 * Counts story views from beacons. A beacon is checked (a published story, not a bot),
 * turned into two salted tags (its address and story; the reader: address, browser and
 * story) and queued: when the
 * story and the day's salt are known, without waiting for anything. At least once a second
 * the queue is written in one transaction that decides what counts (docs/adr/0013):
 * - a reader (address, browser and story) counts once per half-hour, and one address adds
 *   at most `perAddress` views to a story per half-hour. Both are answered by the readers
 *   counted in the last half-hour, held in memory (`ReaderMemory`, 7 bytes a reader);
 * - that memory is every node's: the readers a node counts are appended to `view_log` in the
 *   same transaction, and each node reads what the others appended before it decides, with
 *   the writes taking turns (SQLite's write lock; an advisory lock on PostgreSQL). A
 *   restarted node reads the half-hour's log back before its first write.
 * Appending writes to the end of one table: ten million readers cost memory, not a random
 * page written per beacon. A hard kill loses the queue (about a second); `stop()` (SIGTERM)
 * writes everything. Counts are added with `views = views + n`.
 */
export function createViewsService(o: ViewsServiceOptions) {
  const { db } = o;
  const now = o.now ?? Date.now;
  const perAddress = o.perAddress ?? 50;
  const salts = createSalts(o.periodSecret, now);
  const log = o.log ?? repoLog;
  let queue: Beacon[] = [];
  const memory = new ReaderMemory();
  /** The last log row this node's memory holds. */
  let seen = 0;
  /** articleId → [state, trusted until]. */
  const known = new Map<number, [StoryState | null, number]>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
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

  function accept(
    state: StoryState | null,
    articleId: number,
    address: string,
    userAgent: string | undefined,
    t: number,
    salt: string,
  ): BeaconResult {
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
    queue.push({
      articleId,
      language: state.language,
      at: t,
      pair: pairTag(salt, address, articleId),
      reader: readerTag(salt, address, userAgent, articleId),
    });
    stats.queued++;
    return 'queued';
  }

  /** Checks and queues a beacon: at once when the story and today's salt are known, else after asking. */
  function record(
    articleId: number,
    address: string,
    userAgent: string | undefined,
  ): BeaconResult | Promise<BeaconResult> {
    const t = now();
    const k = known.get(articleId);
    const salt = salts.ready(t);
    if (k && k[1] > t && salt !== null) return accept(k[0], articleId, address, userAgent, t, salt);
    return (async () => {
      const state = await stateOf(articleId, t);
      return accept(state, articleId, address, userAgent, t, await salts.today());
    })();
  }

  /**
   * Reads the log after `seen` up to `last` into memory (the readers still within the
   * window), in chunks with requests served between them; `seen` moves on as it goes.
   */
  async function readLog(ex: Db, last: number, yieldBetween: boolean): Promise<void> {
    const from = minuteOf(now()) - WINDOW_MINUTES + 1;
    while (seen < last) {
      const until = Math.min(last, seen + CATCH_UP_ROWS);
      for (const packed of await log.read(ex, seen, until, from)) {
        const r = unpackReader(packed);
        memory.remember(r.pair, r.reader, from + r.offset);
      }
      seen = until;
      if (yieldBetween && seen < last) await nextTurn();
    }
  }

  /** Reads what was appended since this node last looked (all of the half-hour after a restart). */
  async function catchUp(): Promise<void> {
    const { first, last } = await viewsRepo(db).logBounds();
    // Rows before the log's head were deleted: nothing to read there.
    if (first - 1 > seen) seen = first - 1;
    // After a start: the table sized for the whole log at once, not grown step by step.
    if (last - seen > CATCH_UP_ROWS) memory.reserve(last - seen);
    await readLog(db, last, true);
  }

  async function write(batch: Beacon[]): Promise<{ counted: number; duplicates: number; capped: number }> {
    // Stories deleted since their beacons arrived are skipped, not a failed batch.
    const existing = await o.existing([...new Set(batch.map((b) => b.articleId))]);
    const t = now();
    const added: Beacon[] = [];
    try {
      const result = await db.transaction().execute(async (trx) => {
        await o.dialect.lockKeys(trx, [LOG_LOCK]);
        const repo = viewsRepo(trx);
        // What the other nodes appended since the catch-up: they wrote before us.
        await readLog(trx, (await repo.logBounds()).last, false);
        let duplicates = 0;
        let capped = 0;
        const counted: Beacon[] = [];
        for (const b of batch) {
          const decision = memory.decide(b.pair, b.reader, minuteOf(b.at), perAddress);
          if (decision === 'duplicate') duplicates++;
          else if (decision === 'capped') capped++;
          else {
            added.push(b);
            if (existing.has(b.articleId)) counted.push(b);
          }
        }
        await log.append(
          trx,
          added.map((b) => ({ minute: minuteOf(b.at), pair: b.pair, reader: b.reader })),
        );
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
        await repo.add(
          [...totals].map(([article_id, views]) => ({ article_id, views })),
          [...hourly.values()],
        );
        await repo.addMinutes(
          [...minutes].map(([minute, views]) => ({ minute, views })),
          t - KEEP_MINUTES_MS,
        );
        await repo.pruneLog(minuteOf(t) - WINDOW_MINUTES - 1, PRUNE_PER_WRITE);
        return { counted: counted.length, duplicates, capped, last: (await repo.logBounds()).last };
      });
      // Our own rows are in memory already; the writes take turns, so nobody else's lie below.
      if (result.last > seen) seen = result.last;
      return result;
    } catch (err) {
      // Not written: the readers decided here were not counted after all.
      for (const b of added) memory.forget(b.pair, b.reader);
      throw err;
    }
  }

  /** Catches up with the log, sweeps, and writes the queue; on failure the beacons stay queued. */
  async function flushOnce(): Promise<void> {
    await catchUp();
    memory.sweep(minuteOf(now()), Math.max(4096, Math.ceil(memory.slots / 60)));
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    try {
      const r = await write(batch);
      stats.counted += r.counted;
      stats.flushed += r.counted;
      stats.duplicates += r.duplicates;
      stats.capped += r.capped;
      o.onFlushed?.();
    } catch (err) {
      // Nothing of the batch was written (one transaction): it goes first next time.
      queue = batch.concat(queue);
      throw err;
    }
  }

  /** Writes everything queued so far (one write at a time: a caller during one waits, then writes what came since). */
  async function flush(): Promise<void> {
    while (running) await running.catch(() => {});
    running = flushOnce().finally(() => {
      running = null;
    });
    await running;
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
    /** The readers of the last half-hour this node holds, and the memory they take. */
    readers: () => ({ readers: memory.size, bytes: memory.bytes, slotBytes: SLOT_BYTES }),
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
