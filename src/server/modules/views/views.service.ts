import { isbot } from 'isbot';
import type { Db } from '../../db/database.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';
import { createSalts, type PeriodSecret, readerHash } from './salts.ts';
import { type HourlyCount, viewsRepo } from './views.repo.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** Views per minute are kept this long (the dashboard's "right now" reads the last five). */
const KEEP_MINUTES_MS = 3 * HOUR;
/** A reader counts once per story per this window. */
export const DEDUPE_WINDOW_MS = 30 * 60_000;
/** How long the answer "is this story published?" is trusted without asking the database. */
const KNOWN_TTL_MS = 60_000;

export type BeaconResult = 'counted' | 'duplicate' | 'bot' | 'unknown';

/** What the views area needs to know about a story; answered by the stories area. */
export interface StoryState {
  published: boolean;
  language: string;
}

export interface ViewsServiceOptions {
  db: Db;
  transactor: Transactor;
  /** The story's publication state and language, or null when there is no such story. */
  storyState: (id: number) => Promise<StoryState | null>;
  /** Which of these stories still exist (counts for deleted ones are dropped). */
  existing: (ids: number[]) => Promise<Set<number>>;
  periodSecret: PeriodSecret;
  now?: () => number;
  /** Writes pending counts at least this often (ms). */
  flushIntervalMs?: number;
  onError?: (err: unknown) => void;
  /** Called after counts were written (the dashboard shows them at once). */
  onFlushed?: () => void;
}

interface Pending {
  language: string;
  /** hour → views not yet written */
  byHour: Map<number, number>;
}

/**
 * Counts story views from beacons. Counting happens in memory (dedupe per reader and
 * story, bots and unknown stories excluded) and is written in batches, in one transaction,
 * at least once a second: a hard kill loses at most the last interval; `stop()` (SIGTERM)
 * writes everything. Counts are added with `views = views + n`, so any number of nodes
 * may write at once.
 */
export function createViewsService(o: ViewsServiceOptions) {
  const { db } = o;
  const now = o.now ?? Date.now;
  const salts = createSalts(o.periodSecret, now);
  /** `${reader}:${articleId}` → when it was last counted. */
  const seen = new Map<string, number>();
  let pending = new Map<number, Pending>();
  /** minute → views not yet written (every story together). */
  let pendingMinutes = new Map<number, number>();
  /** articleId → [state, trusted until]. */
  const known = new Map<number, [StoryState | null, number]>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  let lastPrune = now();
  const stats = { counted: 0, duplicates: 0, bots: 0, unknown: 0, flushed: 0 };

  async function stateOf(id: number, t: number): Promise<StoryState | null> {
    const k = known.get(id);
    if (k && k[1] > t) return k[0];
    const state = await o.storyState(id);
    // Bounded: a flood of random ids cannot grow this without limit.
    if (known.size > 200_000) known.clear();
    known.set(id, [state, t + KNOWN_TTL_MS]);
    return state;
  }

  function prune(t: number) {
    if (t - lastPrune < 60_000 && seen.size < 2_000_000) return;
    lastPrune = t;
    for (const [k, at] of seen) if (t - at >= DEDUPE_WINDOW_MS) seen.delete(k);
  }

  function add(articleId: number, language: string, hour: number, n: number) {
    let p = pending.get(articleId);
    if (!p) {
      p = { language, byHour: new Map() };
      pending.set(articleId, p);
    }
    p.byHour.set(hour, (p.byHour.get(hour) ?? 0) + n);
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
    if (!userAgent || isbot(userAgent)) {
      stats.bots++;
      return 'bot';
    }
    const key = `${readerHash(await salts.today(), address, userAgent)}:${articleId}`;
    const last = seen.get(key);
    if (last !== undefined && t - last < DEDUPE_WINDOW_MS) {
      stats.duplicates++;
      return 'duplicate';
    }
    seen.set(key, t);
    prune(t);
    add(articleId, state.language, Math.floor(t / HOUR) * HOUR, 1);
    const minute = Math.floor(t / MINUTE) * MINUTE;
    pendingMinutes.set(minute, (pendingMinutes.get(minute) ?? 0) + 1);
    stats.counted++;
    return 'counted';
  }

  async function write(batch: Map<number, Pending>, minutes: Map<number, number>): Promise<void> {
    // Stories deleted since their beacons arrived are skipped, not a failed batch.
    const existing = await o.existing([...batch.keys()]);
    const totals: { article_id: number; views: number }[] = [];
    const hourly: HourlyCount[] = [];
    for (const [article_id, p] of batch) {
      if (!existing.has(article_id)) continue;
      let sum = 0;
      for (const [hour, views] of p.byHour) {
        hourly.push({ article_id, hour, language: p.language, views });
        sum += views;
      }
      totals.push({ article_id, views: sum });
    }
    await db.transaction().execute(async (trx) => {
      await viewsRepo(trx).add(totals, hourly);
      await viewsRepo(trx).addMinutes(
        [...minutes].map(([minute, views]) => ({ minute, views })),
        now() - KEEP_MINUTES_MS,
      );
    });
  }

  /** Writes everything counted so far; on failure the counts stay pending for the next try. */
  async function flush(): Promise<void> {
    if (flushing) await flushing.catch(() => {});
    if (pending.size === 0) return;
    const batch = pending;
    const minutes = pendingMinutes;
    pending = new Map();
    pendingMinutes = new Map();
    let n = 0;
    for (const p of batch.values()) for (const v of p.byHour.values()) n += v;
    flushing = write(batch, minutes)
      .then(() => {
        stats.flushed += n;
        o.onFlushed?.();
      })
      .catch((err) => {
        for (const [id, p] of batch) for (const [h, v] of p.byHour) add(id, p.language, h, v);
        for (const [m, v] of minutes) pendingMinutes.set(m, (pendingMinutes.get(m) ?? 0) + v);
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
