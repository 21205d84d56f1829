import type { ArticlesService } from '../modules/articles/index.ts';

export interface Scheduler {
  start(): void;
  stop(): void;
  /** One pass now; returns the ids published. */
  tick(): Promise<number[]>;
}

/**
 * Publishes scheduled stories when their time comes. Each pass is an atomic claim in
 * the database (see ArticlesService.publishDue), so any number of nodes may run it.
 */
export function createScheduler({
  articles,
  intervalMs,
}: {
  articles: ArticlesService;
  intervalMs: number;
}): Scheduler {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  async function tick(): Promise<number[]> {
    if (running) return [];
    running = true;
    try {
      return await articles.publishDue();
    } finally {
      running = false;
    }
  }
  return {
    start() {
      if (timer) return;
      timer = setInterval(() => {
        tick().catch(() => {
          // A failed pass (database briefly away) is retried on the next tick.
        });
      }, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    tick,
  };
}
