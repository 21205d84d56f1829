import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/**
 * Operations metrics in the Prometheus text exposition format (version 0.0.4), without a
 * client library: counters, gauges and histograms with labels, in a registry that renders
 * them as text. Values read from elsewhere (cache statistics, queue lengths, the process)
 * are set by collect callbacks just before each render, so the code that owns them keeps
 * its plain counters and nothing is done for them between scrapes.
 */

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A sample value as the format writes it (`+Inf`, `-Inf`, `NaN` included). */
function formatValue(v: number): string {
  if (Number.isFinite(v)) return String(v);
  if (Number.isNaN(v)) return 'NaN';
  return v > 0 ? '+Inf' : '-Inf';
}

const escapeLabelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** `a="x",b="y"` (without braces): built once per labelled child, never per sample. */
function labelPairs(names: readonly string[], values: readonly string[]): string {
  return names.map((n, i) => `${n}="${escapeLabelValue(values[i] ?? '')}"`).join(',');
}

type MetricType = 'counter' | 'gauge' | 'histogram';

/** A metric family: one name, one help text, one child per combination of label values. */
abstract class Family<C> {
  private readonly children = new Map<string, { pairs: string; child: C }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
    readonly type: MetricType,
  ) {
    if (!NAME.test(name)) throw new Error(`metric name ${name} is not valid`);
    for (const l of labelNames) {
      if (!LABEL.test(l) || l.startsWith('__') || l === 'le') throw new Error(`label ${l} is not valid`);
    }
  }

  protected abstract create(): C;

  /**
   * The child for these label values (in the order of the label names), made on first use.
   * Hot paths keep the child they get instead of asking again.
   */
  labels(...values: string[]): C {
    if (values.length !== this.labelNames.length) {
      throw new Error(`${this.name} takes ${this.labelNames.length} label values, got ${values.length}`);
    }
    const key = values.join('\u0000');
    let c = this.children.get(key);
    if (!c) {
      c = { pairs: labelPairs(this.labelNames, values), child: this.create() };
      this.children.set(key, c);
    }
    return c.child;
  }

  /** Drops every child (values read at scrape time whose label sets come and go). */
  reset(): void {
    this.children.clear();
  }

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`);
    for (const { pairs, child } of this.children.values()) this.renderChild(out, pairs, child);
  }

  protected abstract renderChild(out: string[], pairs: string, child: C): void;

  protected sample(out: string[], suffix: string, pairs: string, value: number): void {
    out.push(`${this.name}${suffix}${pairs ? `{${pairs}}` : ''} ${formatValue(value)}`);
  }
}

export class CounterChild {
  value = 0;
  inc(n = 1): void {
    this.value += n;
  }
  /** For a count kept elsewhere and read at scrape time (it must only ever grow). */
  set(n: number): void {
    this.value = n;
  }
}

export class Counter extends Family<CounterChild> {
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, labelNames, 'counter');
    // A counter without labels is shown as 0 before anything happened.
    if (labelNames.length === 0) this.labels();
  }
  protected create() {
    return new CounterChild();
  }
  inc(n = 1): void {
    this.labels().inc(n);
  }
  set(n: number): void {
    this.labels().set(n);
  }
  protected renderChild(out: string[], pairs: string, c: CounterChild): void {
    this.sample(out, '', pairs, c.value);
  }
}

export class GaugeChild {
  value = 0;
  set(n: number): void {
    this.value = n;
  }
  inc(n = 1): void {
    this.value += n;
  }
  dec(n = 1): void {
    this.value -= n;
  }
}

export class Gauge extends Family<GaugeChild> {
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, labelNames, 'gauge');
    if (labelNames.length === 0) this.labels();
  }
  protected create() {
    return new GaugeChild();
  }
  set(n: number): void {
    this.labels().set(n);
  }
  protected renderChild(out: string[], pairs: string, g: GaugeChild): void {
    this.sample(out, '', pairs, g.value);
  }
}

export class HistogramChild {
  /** Observations per bucket (not cumulative; the last one is above every bound). */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }
  observe(v: number): void {
    const b = this.bounds;
    let i = 0;
    while (i < b.length && v > b[i]!) i++;
    this.counts[i]!++;
    this.sum += v;
    this.count++;
  }
}

export class Histogram extends Family<HistogramChild> {
  readonly buckets: readonly number[];
  private readonly les: readonly string[];

  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) {
    super(name, help, labelNames, 'histogram');
    const sorted = [...buckets].filter((b) => Number.isFinite(b)).sort((a, b) => a - b);
    if (!sorted.length || new Set(sorted).size !== sorted.length) {
      throw new Error(`${name}: buckets must be distinct finite numbers`);
    }
    this.buckets = sorted;
    this.les = [...sorted.map(formatValue), '+Inf'];
    if (labelNames.length === 0) this.labels();
  }
  protected create() {
    return new HistogramChild(this.buckets);
  }
  observe(v: number): void {
    this.labels().observe(v);
  }
  protected renderChild(out: string[], pairs: string, h: HistogramChild): void {
    const sep = pairs ? `${pairs},` : '';
    let cumulative = 0;
    for (let i = 0; i < this.les.length; i++) {
      cumulative += h.counts[i]!;
      out.push(`${this.name}_bucket{${sep}le="${this.les[i]}"} ${formatValue(cumulative)}`);
    }
    this.sample(out, '_sum', pairs, h.sum);
    this.sample(out, '_count', pairs, h.count);
  }
}

/** Metric families and the callbacks that refresh values read at scrape time. */
export class Registry {
  private readonly families = new Map<string, Family<unknown>>();
  private readonly collectors: (() => void)[] = [];

  private add<F extends Family<unknown>>(f: F): F {
    if (this.families.has(f.name)) throw new Error(`metric ${f.name} is registered twice`);
    this.families.set(f.name, f);
    return f;
  }
  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }
  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }
  histogram(
    name: string,
    help: string,
    labelNames: readonly string[],
    buckets: readonly number[],
  ): Histogram {
    return this.add(new Histogram(name, help, labelNames, buckets));
  }
  /** Runs before every render: set gauges and counters from state kept elsewhere. */
  collect(fn: () => void): void {
    this.collectors.push(fn);
  }
  /** The exposition text. A collector that throws leaves its metrics as they were. */
  render(): string {
    for (const fn of this.collectors) {
      try {
        fn();
      } catch {
        // One source failing (e.g. a pool being closed) must not hide every other metric.
      }
    }
    const out: string[] = [];
    for (const f of this.families.values()) f.render(out);
    return `${out.join('\n')}\n`;
  }
}

/** Request durations, in seconds: half a millisecond (a cached page) to ten seconds. */
export const DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;
/** Event delivery lag, in seconds (local deliveries take a transaction; remote ones a NOTIFY). */
export const LAG_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

/** The route label of a request no route matched (never the raw URL: it would be unbounded). */
export const UNMATCHED = 'unmatched';

/** The counters of one route: kept by whoever serves it, so a request costs two Map lookups. */
export class RouteMetrics {
  private readonly methods = new Map<
    string,
    { statuses: Map<number, CounterChild>; duration: HistogramChild }
  >();

  constructor(
    readonly route: string,
    private readonly requests: Counter,
    private readonly durations: Histogram,
  ) {}

  observe(method: string, status: number, seconds: number): void {
    let m = this.methods.get(method);
    if (m === undefined) {
      m = { statuses: new Map(), duration: this.durations.labels(this.route, method) };
      this.methods.set(method, m);
    }
    let c = m.statuses.get(status);
    if (c === undefined) {
      c = this.requests.labels(this.route, method, String(status));
      m.statuses.set(status, c);
    }
    c.value++;
    m.duration.observe(seconds);
  }
}

/** Requests by route pattern, method and status, and their durations. */
export class HttpMetrics {
  private readonly routes = new Map<string, RouteMetrics>();
  private readonly requests: Counter;
  private readonly durations: Histogram;

  constructor(registry: Registry) {
    this.requests = registry.counter('shpalta_http_requests_total', 'HTTP requests answered', [
      'route',
      'method',
      'status',
    ]);
    this.durations = registry.histogram(
      'shpalta_http_request_duration_seconds',
      'Time to answer an HTTP request (cached pages: until the bytes are handed to the socket)',
      ['route', 'method'],
      DURATION_BUCKETS,
    );
  }

  /** The counters of a route pattern such as `/news/:ref` (or `unmatched`). */
  route(route: string): RouteMetrics {
    let r = this.routes.get(route);
    if (r === undefined) {
      r = new RouteMetrics(route, this.requests, this.durations);
      this.routes.set(route, r);
    }
    return r;
  }

  observe(route: string, method: string, status: number, seconds: number): void {
    this.route(route).observe(method, status, seconds);
  }
}

/** Resident memory, CPU time, start time and event loop delay of this process. */
function processMetrics(registry: Registry): () => void {
  const rss = registry.gauge('process_resident_memory_bytes', 'Resident memory size in bytes');
  const cpu = registry.counter('process_cpu_seconds_total', 'User and system CPU time spent in seconds');
  const start = registry.gauge('process_start_time_seconds', 'Start time of the process since the epoch');
  const heap = registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes');
  const lag = registry.gauge(
    'nodejs_eventloop_lag_seconds',
    'Mean event loop delay since the previous scrape, in seconds',
  );
  const lagP99 = registry.gauge(
    'nodejs_eventloop_lag_p99_seconds',
    '99th percentile of the event loop delay since the previous scrape, in seconds',
  );
  const lagMax = registry.gauge(
    'nodejs_eventloop_lag_max_seconds',
    'Longest event loop delay since the previous scrape, in seconds',
  );
  // The monitor's samples are timer intervals: the delay is what exceeds the resolution.
  const RESOLUTION_MS = 10;
  const loop = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  loop.enable();
  start.set(Math.round(performance.timeOrigin) / 1000);
  registry.collect(() => {
    rss.set(process.memoryUsage.rss());
    heap.set(process.memoryUsage().heapUsed);
    const u = process.cpuUsage();
    cpu.set((u.user + u.system) / 1e6);
    // Nanoseconds, the resolution included; NaN (no sample yet) is shown as 0.
    const seconds = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - RESOLUTION_MS) / 1e3 : 0);
    lag.set(loop.count ? seconds(loop.mean) : 0);
    lagP99.set(loop.count ? seconds(loop.percentile(99)) : 0);
    lagMax.set(loop.count ? seconds(loop.max) : 0);
    loop.reset();
  });
  return () => loop.disable();
}

export interface Metrics {
  registry: Registry;
  http: HttpMetrics;
  /** Event delivery lag: delivery time minus the event's time, by origin (`local` or `remote`). */
  eventLag: Histogram;
  /** The exposition text (a cluster primary may collect it from its workers). */
  render(): string;
  /** Stops what samples in the background (the event loop monitor). */
  close(): void;
}

/** A registry with the HTTP, event and process metrics; compose.ts adds the rest by collect callbacks. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  const httpMetrics = new HttpMetrics(registry);
  const eventLag = registry.histogram(
    'shpalta_event_delivery_lag_seconds',
    'Time from an event (its transaction) to its delivery to this node’s subscribers',
    ['origin'],
    LAG_BUCKETS,
  );
  const stopProcess = processMetrics(registry);
  return {
    registry,
    http: httpMetrics,
    eventLag,
    render: () => registry.render(),
    close: stopProcess,
  };
}

/** What compose.ts hands over to be read at scrape time (structural: no module is imported here). */
export interface MetricSources {
  cache: {
    stats: { hits: number; misses: number; staleServed: number; renders: number; purged: number };
    size: number;
    sideSize: number;
  };
  views: {
    stats: {
      queued: number;
      counted: number;
      duplicates: number;
      capped: number;
      dropped: number;
      bots: number;
      unknown: number;
    };
    queueLength(): number;
    readers(): { readers: number; bytes: number };
  };
  votes: { stats: { ballots: number } };
  events: { stats: { delivered: number; failed: number; received: number; unreadable: number } };
  /** PostgreSQL: the connection pool (a `pg.Pool` has these); SQLite: none, and nothing is shown. */
  pool?: () => PoolCounts | null;
}

export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The connection pool of a database handle, when it exposes one as `pool` (a `pg.Pool`:
 * `totalCount`, `idleCount`, `waitingCount`); null otherwise (SQLite, or a handle without it).
 */
export function poolOf(handle: object): PoolCounts | null {
  const pool = (handle as { pool?: unknown }).pool;
  if (typeof pool !== 'object' || pool === null) return null;
  const p = pool as Partial<Record<keyof PoolCounts, unknown>>;
  return typeof p.totalCount === 'number' &&
    typeof p.idleCount === 'number' &&
    typeof p.waitingCount === 'number'
    ? (pool as PoolCounts)
    : null;
}

/** Page cache, views, votes, events and the database pool, read at each scrape. */
export function collectSources(registry: Registry, s: MetricSources): void {
  const c = (name: string, help: string, labels: readonly string[] = []) =>
    registry.counter(name, help, labels);
  const cacheHits = c('shpalta_page_cache_hits_total', 'Pages served from the page cache');
  const cacheMisses = c('shpalta_page_cache_misses_total', 'Page cache misses (a render was needed)');
  const cacheStale = c(
    'shpalta_page_cache_stale_served_total',
    'Expired pages served because rendering failed (the database is away)',
  );
  const cacheRenders = c('shpalta_page_cache_renders_total', 'Pages rendered for the cache');
  const cachePurged = c('shpalta_page_cache_purged_total', 'Pages dropped from the cache by content changes');
  const cacheEntries = registry.gauge('shpalta_page_cache_entries', 'Pages held in the page cache', ['kind']);
  const beacons = c('shpalta_view_beacons_accepted_total', 'View beacons accepted and queued for counting');
  const refused = c('shpalta_view_beacons_refused_total', 'View beacons not queued, by reason', ['reason']);
  const counted = c('shpalta_views_counted_total', 'Views counted and written to the database');
  const notCounted = c(
    'shpalta_views_not_counted_total',
    'Queued beacons that did not count, by reason (same reader again, address over its cap)',
    ['reason'],
  );
  const queue = registry.gauge('shpalta_views_queue_length', 'Beacons queued and not yet written');
  const readers = registry.gauge(
    'shpalta_view_readers',
    'Readers of the last half-hour held in this process (for counting each once)',
  );
  const readersBytes = registry.gauge('shpalta_view_readers_bytes', 'Memory holding those readers');
  const ballots = c('shpalta_poll_ballots_total', 'Poll ballots committed');
  const delivered = c('shpalta_events_delivered_total', 'Event batches handed to subscribers');
  const failed = c('shpalta_events_failed_total', 'Event subscribers that failed');
  const received = c('shpalta_events_received_total', 'Event notifications received from other nodes');
  const unreadable = c(
    'shpalta_events_unreadable_total',
    'Event notifications from other nodes that could not be read (a resync followed)',
  );
  const main = cacheEntries.labels('main');
  const side = cacheEntries.labels('side');
  const bots = refused.labels('bot');
  const unknown = refused.labels('unknown');
  const dropped = refused.labels('dropped');
  const duplicates = notCounted.labels('duplicate');
  const capped = notCounted.labels('capped');

  let pool: { total: Gauge; idle: Gauge; waiting: Gauge } | null = null;
  if (s.pool) {
    pool = {
      total: registry.gauge('shpalta_db_pool_connections', 'Database pool: connections open'),
      idle: registry.gauge('shpalta_db_pool_idle_connections', 'Database pool: connections open and idle'),
      waiting: registry.gauge(
        'shpalta_db_pool_waiting_requests',
        'Database pool: queries waiting for a connection',
      ),
    };
  }

  registry.collect(() => {
    cacheHits.set(s.cache.stats.hits);
    cacheMisses.set(s.cache.stats.misses);
    cacheStale.set(s.cache.stats.staleServed);
    cacheRenders.set(s.cache.stats.renders);
    cachePurged.set(s.cache.stats.purged);
    side.set(s.cache.sideSize);
    main.set(s.cache.size - s.cache.sideSize);
    beacons.set(s.views.stats.queued);
    bots.set(s.views.stats.bots);
    unknown.set(s.views.stats.unknown);
    dropped.set(s.views.stats.dropped);
    counted.set(s.views.stats.counted);
    duplicates.set(s.views.stats.duplicates);
    capped.set(s.views.stats.capped);
    queue.set(s.views.queueLength());
    const held = s.views.readers();
    readers.set(held.readers);
    readersBytes.set(held.bytes);
    ballots.set(s.votes.stats.ballots);
    delivered.set(s.events.stats.delivered);
    failed.set(s.events.stats.failed);
    received.set(s.events.stats.received);
    unreadable.set(s.events.stats.unreadable);
    const counts = pool && s.pool?.();
    if (pool && counts) {
      pool.total.set(counts.totalCount);
      pool.idle.set(counts.idleCount);
      pool.waiting.set(counts.waitingCount);
    }
  });
}

/** Compares a presented bearer token with the configured one in constant time. */
export function tokenMatches(authorization: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return false;
  // Digests have the same length whatever was sent, so timingSafeEqual can compare them.
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(m[1]!), digest(token));
}

/**
 * A small server of its own answering `GET /metrics` (no token: it listens on an address
 * only the scraper reaches, 127.0.0.1 by default). Resolves once listening, with the
 * function that closes it. `render` may be asynchronous (a cluster primary asking its workers).
 */
export async function startMetricsServer(
  port: number,
  host: string,
  render: () => string | Promise<string>,
): Promise<() => Promise<void>> {
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, {
        'content-type': 'text/plain; charset=utf-8',
        'x-content-type-options': 'nosniff',
      });
      res.end('Not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    let body: string;
    try {
      body = await render();
    } catch {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Metrics could not be rendered\n');
      return;
    }
    res.writeHead(200, {
      'content-type': METRICS_CONTENT_TYPE,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return () =>
    new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    });
}
