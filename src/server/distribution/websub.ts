/**
 * WebSub publisher side (W3C WebSub §7): when a feed changes we tell the hub, which fetches
 * the feed and pushes it to subscribers. Pings are best effort; a lost one only delays
 * subscribers until their next poll, so failures are reported, retried once, never thrown.
 */

export interface WebSubOptions {
  hubUrl: string;
  /**
   * Pings for the same feed within this window go out once (ms). The wait also lets a cache
   * purge reach every node (PostgreSQL NOTIFY) before the hub comes to fetch the feed.
   */
  delayMs?: number;
  /** A failed ping is tried again once after this long (ms). */
  retryDelayMs?: number;
  timeoutMs?: number;
  /** Pings in flight at once. */
  concurrency?: number;
  fetch?: typeof fetch;
  onError?: (error: unknown, topic: string) => void;
}

export interface WebSubPublisher {
  /** Queues a publish ping for each feed URL (absolute: the topic the feed names as `self`). */
  notify(topics: Iterable<string>): void;
  /** Sends what is queued now and waits for every ping in flight (tests, shutdown). */
  flush(): Promise<void>;
}

export function createWebSubPublisher(o: WebSubOptions): WebSubPublisher {
  const delayMs = o.delayMs ?? 1000;
  const retryDelayMs = o.retryDelayMs ?? 5000;
  const timeoutMs = o.timeoutMs ?? 10_000;
  const concurrency = Math.max(1, o.concurrency ?? 4);
  const fetchFn = o.fetch ?? fetch;
  const onError =
    o.onError ??
    ((error: unknown, topic: string) =>
      process.emitWarning(`WebSub ping for ${topic} failed: ${String(error)}`, 'WebSubWarning'));
  const pending = new Set<string>();
  const inflight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;

  async function pingOnce(topic: string): Promise<void> {
    const res = await fetchFn(o.hubUrl, {
      method: 'POST',
      // URLSearchParams makes the body application/x-www-form-urlencoded, as the hub expects.
      body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`hub answered ${res.status}`);
  }

  async function ping(topic: string): Promise<void> {
    try {
      await pingOnce(topic);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      try {
        await pingOnce(topic);
      } catch (error) {
        onError(error, topic);
      }
    }
  }

  function send(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const queue = [...pending];
    pending.clear();
    const run = (async () => {
      const worker = async () => {
        for (let topic = queue.shift(); topic !== undefined; topic = queue.shift()) await ping(topic);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    })();
    inflight.add(run);
    void run.finally(() => inflight.delete(run));
    return run;
  }

  return {
    notify(topics) {
      for (const t of topics) pending.add(t);
      if (pending.size > 0 && timer === null) {
        timer = setTimeout(() => void send(), delayMs);
        // A queued ping must not keep a finished process alive; shutdown calls flush().
        timer.unref();
      }
    },
    async flush() {
      if (pending.size > 0) void send();
      await Promise.all([...inflight]);
    },
  };
}
