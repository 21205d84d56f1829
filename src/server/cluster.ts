import cluster, { type Worker } from 'node:cluster';
import type { Peers } from './events/event-bus.ts';
import { startMetricsServer } from './http/metrics.ts';

/**
 * `WORKERS=N`: N processes serve one port on this machine. The primary process serves
 * nothing itself; it starts the workers (the first one alone, so that it migrates the
 * database and makes the demo newsroom before the others open it), restarts one that dies,
 * relays committed events between them (SQLite has no NOTIFY; on PostgreSQL every worker
 * listens itself), and stops them all on SIGTERM.
 *
 * Workers accept connections from the shared socket themselves (`SCHED_NONE`): the primary
 * never touches a request.
 */
type Message =
  | { type: 'shpalta:ready' }
  | { type: 'shpalta:events'; payload: string }
  /** A worker asks for every worker's metrics (the scrape it answers covers the machine). */
  | { type: 'shpalta:metrics-request'; id: number }
  /** The primary asks one worker for its own metrics. */
  | { type: 'shpalta:metrics-collect'; id: number }
  | { type: 'shpalta:metrics-text'; id: number; text: string }
  | { type: 'shpalta:metrics-result'; id: number; parts: WorkerMetrics[] };

/** One worker's metrics text, and which process it is. */
export interface WorkerMetrics {
  pid: number;
  text: string;
}

const isMessage = (m: unknown): m is Message =>
  typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';

/** This process is a worker of a cluster (`WORKERS` > 1). */
export const inCluster = (): boolean => cluster.isWorker;

/** The worker that migrates, makes the demo content and says where the site is (or the only process). */
export const isFirstWorker = (): boolean => !cluster.isWorker || process.env.SHPALTA_FIRST_WORKER === '1';

/** The other workers, through the primary: the event bus sends committed events this way. */
export function workerPeers(): Peers {
  return {
    send(payload) {
      process.send?.({ type: 'shpalta:events', payload } satisfies Message);
    },
    onMessage(handler) {
      process.on('message', (m: unknown) => {
        if (isMessage(m) && m.type === 'shpalta:events') handler(m.payload);
      });
    },
  };
}

/** Tells the primary this worker serves (the next one may start). */
export function announceReady(): void {
  process.send?.({ type: 'shpalta:ready' } satisfies Message);
}

/**
 * In a worker: answers the primary's requests for this worker's metrics, and returns a
 * function that collects every worker's metrics text through the primary.
 */
export function workerMetrics(render: () => string): () => Promise<string> {
  let next = 0;
  const waiting = new Map<number, (parts: WorkerMetrics[]) => void>();
  process.on('message', (m: unknown) => {
    if (!isMessage(m)) return;
    if (m.type === 'shpalta:metrics-collect') {
      process.send?.({ type: 'shpalta:metrics-text', id: m.id, text: render() } satisfies Message);
    } else if (m.type === 'shpalta:metrics-result') {
      waiting.get(m.id)?.(m.parts);
      waiting.delete(m.id);
    }
  });
  return () =>
    new Promise<WorkerMetrics[]>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      process.send?.({ type: 'shpalta:metrics-request', id } satisfies Message);
      // A primary that does not answer (shutting down): this worker's own figures.
      setTimeout(() => {
        if (waiting.delete(id)) resolve([{ pid: process.pid, text: render() }]);
      }, 2000).unref();
    }).then(mergeMetrics);
}

/**
 * Several processes' Prometheus texts as one: every sample gains a `worker` label (the
 * process id), and each metric family's samples stay together under one HELP and TYPE.
 */
export function mergeMetrics(parts: WorkerMetrics[]): string {
  const families = new Map<string, { head: string[]; samples: string[] }>();
  for (const { pid, text } of parts) {
    let current: { head: string[]; samples: string[] } | undefined;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const meta = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (meta) {
        const name = meta[2]!;
        current = families.get(name);
        if (!current) {
          current = { head: [], samples: [] };
          families.set(name, current);
        }
        if (!current.head.some((h) => h.startsWith(`# ${meta[1]} `))) current.head.push(line);
        continue;
      }
      if (line.startsWith('#') || !current) continue;
      const sample = /^([^\s{]+)(?:\{(.*)\})? (.*)$/.exec(line);
      if (!sample) continue;
      const labels = sample[2] ? `worker="${pid}",${sample[2]}` : `worker="${pid}"`;
      current.samples.push(`${sample[1]}{${labels}} ${sample[3]}`);
    }
  }
  let out = '';
  for (const f of families.values())
    out += `${f.head.join('\n')}\n${f.samples.join('\n')}${f.samples.length ? '\n' : ''}`;
  return out;
}

export interface PrimaryLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Runs the primary: resolves with the exit code once every worker has stopped (after
 * SIGTERM/SIGINT), or when the first worker cannot start (its own message says why).
 */
export function runPrimary(
  count: number,
  log: PrimaryLog,
  o: { metrics?: { port: number; host: string } } = {},
): Promise<number> {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const workers = new Set<Worker>();
  const recentDeaths: number[] = [];
  let stopping = false;
  let started = false;
  let exitCode = 0;
  let readyCount = 0;

  return new Promise((resolve) => {
    const fork = (first: boolean) => {
      const w = cluster.fork({ SHPALTA_FIRST_WORKER: first ? '1' : '0' });
      workers.add(w);
      w.on('message', (m: unknown) => onMessage(w, m));
      w.on('exit', (code, signal) => {
        workers.delete(w);
        if (stopping) {
          if (workers.size === 0) resolve(exitCode);
          return;
        }
        if (!started) {
          // The first worker could not start (configuration, database, folder): it said why.
          stopping = true;
          for (const other of workers) other.process.kill('SIGTERM');
          resolve(code || 1);
          return;
        }
        const now = Date.now();
        recentDeaths.push(now);
        while (recentDeaths.length && recentDeaths[0]! < now - 60_000) recentDeaths.shift();
        if (recentDeaths.length > 5) {
          log.error({ code, signal }, 'workers keep dying (more than 5 in a minute): stopping');
          exitCode = 1;
          stop();
          return;
        }
        log.warn({ code, signal, pid: w.process.pid }, 'a worker died: starting another');
        setTimeout(() => {
          if (!stopping) fork(false);
        }, 500).unref();
      });
      return w;
    };

    /** Every live worker's own metrics text, each asked once; whoever is silent for a second is left out. */
    let collectId = 0;
    const collecting = new Map<number, { parts: WorkerMetrics[]; left: number; done: () => void }>();
    function gather(): Promise<WorkerMetrics[]> {
      const id = collectId++;
      const live = [...workers].filter((w) => w.isConnected());
      return new Promise((resolve) => {
        const parts: WorkerMetrics[] = [];
        const done = () => {
          if (collecting.delete(id)) resolve(parts);
        };
        collecting.set(id, { parts, left: live.length, done });
        if (live.length === 0) done();
        for (const w of live) w.send({ type: 'shpalta:metrics-collect', id } satisfies Message);
        setTimeout(done, 1000).unref();
      });
    }

    function onMessage(from: Worker, m: unknown) {
      if (!isMessage(m)) return;
      switch (m.type) {
        case 'shpalta:ready':
          log.info({ pid: from.process.pid }, 'worker serving');
          if (!started) {
            started = true;
            for (let i = 1; i < count; i++) fork(false);
          }
          if (++readyCount === count) log.info({ workers: count }, `serving with ${count} worker processes`);
          break;
        case 'shpalta:events':
          for (const w of workers) if (w !== from && w.isConnected()) w.send(m);
          break;
        case 'shpalta:metrics-request':
          void gather().then((parts) => {
            if (from.isConnected()) {
              from.send({ type: 'shpalta:metrics-result', id: m.id, parts } satisfies Message);
            }
          });
          break;
        case 'shpalta:metrics-text': {
          const c = collecting.get(m.id);
          if (!c) break;
          c.parts.push({ pid: from.process.pid ?? 0, text: m.text });
          if (--c.left === 0) c.done();
          break;
        }
      }
    }

    // METRICS_PORT: the primary serves it, for every worker at once.
    let closeMetrics: (() => Promise<void>) | null = null;
    if (o.metrics) {
      const { port, host } = o.metrics;
      startMetricsServer(port, host, async () => mergeMetrics(await gather())).then(
        (close) => {
          closeMetrics = close;
          log.info({ port, host }, `metrics of every worker served at http://${host}:${port}/metrics`);
        },
        (err) => log.error({ err, port }, 'the metrics server could not start'),
      );
    }

    function stop() {
      stopping = true;
      void closeMetrics?.();
      if (workers.size === 0) return resolve(exitCode);
      for (const w of workers) w.process.kill('SIGTERM');
    }
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    fork(true);
  });
}
