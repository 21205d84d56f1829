export interface Scheduler {
  start(): void;
  stop(): void;
  /** One pass now; returns the ids published. */
  tick(): Promise<number[]>;
}

/**
 * Publishes scheduled stories when their time comes. Each pass is an atomic claim in the
 * database (the stories' `publishDue` use case), so any number of nodes may run it.
 */
export function createScheduler(o: {
  publishDue: () => Promise<number[]>;
  intervalMs: number;
  onError?: (err: unknown) => void;
}): Scheduler {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  async function tick(): Promise<number[]> {
    if (running) return [];
    running = true;
    try {
      return await o.publishDue();
    } finally {
      running = false;
    }
  }
  return {
    start() {
      if (timer) return;
      timer = setInterval(() => {
        // A failed pass (database briefly away) is retried on the next tick.
        tick().catch((err) => o.onError?.(err));
      }, o.intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    tick,
  };
}
