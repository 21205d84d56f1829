import { isbot } from 'isbot';
import type { Db } from '../../db/database.ts';
import { createSalts, readerHash } from './salts.ts';

const HOUR = 3_600_000;
/** A reader counts once per story per this window. */
export const DEDUPE_WINDOW_MS = 30 * 60_000;
/** How long the answer "is this story published?" is trusted without asking the database. */
const KNOWN_TTL_MS = 60_000;

export type BeaconResult = 'counted' | 'duplicate' | 'bot' | 'unknown';

export interface ViewsServiceOptions {
  db: Db;
  now?: () => number;
  /** Writes pending counts at least this often (ms). */
  flushIntervalMs?: number;
  onError?: (err: unknown) => void;
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
  const salts = createSalts(db, now);
  /** `${reader}:${articleId}` → when it was last counted. */
  const seen = new Map<string, number>();
  /** articleId → hour → views not yet written. */
  let pending = new Map<number, Map<number, number>>();
  /** articleId → [published?, trusted until]. */
  const known = new Map<number, [boolean, number]>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;
  let lastPrune = now();
  const stats = { counted: 0, duplicates: 0, bots: 0, unknown: 0, flushed: 0 };

  async function isPublished(id: number, t: number): Promise<boolean> {
    const k = known.get(id);
    if (k && k[1] > t) return k[0];
    const row = await db.selectFrom('articles').select('status').where('id', '=', id).executeTakeFirst();
    const ok = row?.status === 'published';
    // Bounded: a flood of random ids cannot grow this without limit.
    if (known.size > 200_000) known.clear();
    known.set(id, [ok, t + KNOWN_TTL_MS]);
    return ok;
  }

  function prune(t: number) {
    if (t - lastPrune < 60_000 && seen.size < 2_000_000) return;
    lastPrune = t;
    for (const [k, at] of seen) if (t - at >= DEDUPE_WINDOW_MS) seen.delete(k);
  }

  async function record(
    articleId: number,
    address: string,
    userAgent: string | undefined,
  ): Promise<BeaconResult> {
    const t = now();
    if (!(await isPublished(articleId, t))) {
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
    const hour = Math.floor(t / HOUR) * HOUR;
    let byHour = pending.get(articleId);
    if (!byHour) {
      byHour = new Map();
      pending.set(articleId, byHour);
    }
    byHour.set(hour, (byHour.get(hour) ?? 0) + 1);
    stats.counted++;
    return 'counted';
  }

  async function write(batch: Map<number, Map<number, number>>): Promise<void> {
    const ids = [...batch.keys()];
    await db.transaction().execute(async (trx) => {
      // Stories deleted since their beacons arrived are skipped, not a failed batch.
      const existing = new Set<number>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await trx
          .selectFrom('articles')
          .select('id')
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const r of rows) existing.add(r.id);
      }
      const totals: { article_id: number; views: number }[] = [];
      const hourly: { article_id: number; hour: number; views: number }[] = [];
      for (const [article_id, byHour] of batch) {
        if (!existing.has(article_id)) continue;
        let sum = 0;
        for (const [hour, views] of byHour) {
          hourly.push({ article_id, hour, views });
          sum += views;
        }
        totals.push({ article_id, views: sum });
      }
      for (let i = 0; i < totals.length; i += 500) {
        await trx
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
        await trx
          .insertInto('article_views_hourly')
          .values(hourly.slice(i, i + 500))
          .onConflict((oc) =>
            oc.columns(['article_id', 'hour']).doUpdateSet((eb) => ({
              views: eb('article_views_hourly.views', '+', eb.ref('excluded.views')),
            })),
          )
          .execute();
      }
    });
  }

  /** Writes everything counted so far; on failure the counts stay pending for the next try. */
  async function flush(): Promise<void> {
    if (flushing) await flushing.catch(() => {});
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    let n = 0;
    for (const byHour of batch.values()) for (const v of byHour.values()) n += v;
    flushing = write(batch)
      .then(() => {
        stats.flushed += n;
      })
      .catch((err) => {
        for (const [id, byHour] of batch) {
          let mine = pending.get(id);
          if (!mine) {
            mine = new Map();
            pending.set(id, mine);
          }
          for (const [h, v] of byHour) mine.set(h, (mine.get(h) ?? 0) + v);
        }
        throw err;
      })
      .finally(() => {
        flushing = null;
      });
    await flushing;
  }

  return {
    record,
    flush,
    stats,
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
