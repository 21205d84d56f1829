import assert from 'node:assert/strict';
import type net from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { collectSources, poolOf, Registry } from '../src/server/http/metrics.ts';
import { baseContent, makeStory } from './factories.ts';
import { actor, auth, dialects, freePort, openSite, type TestSite } from './harness.ts';

const TOKEN = 'mT7q-Zx2v-Lp9k-Rw4n-Hb6c-Yd3s';
const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Exposition {
  samples: Sample[];
  types: Map<string, string>;
  helps: Map<string, string>;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * A strict reader of the Prometheus text format (0.0.4): every line is a `# HELP`, a `# TYPE`
 * or a sample `name{label="value",…} value`; every sample belongs to a metric with HELP and
 * TYPE given before it; histograms have cumulative buckets ending with `+Inf` equal to `_count`.
 */
function parseExposition(text: string): Exposition {
  assert.ok(text.endsWith('\n'), 'the text ends with a newline');
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const helps = new Map<string, string>();
  const lines = text.slice(0, -1).split('\n');
  for (const [i, line] of lines.entries()) {
    const where = `line ${i + 1}: ${JSON.stringify(line)}`;
    const help = /^# HELP ([^ ]+) (.*)$/.exec(line);
    if (help) {
      assert.match(help[1]!, METRIC_NAME, where);
      assert.ok(!helps.has(help[1]!), `HELP given twice, ${where}`);
      assert.ok(!/\\[^\\n]/.test(help[2]!.replace(/\\\\/g, '')), `bad escape in HELP, ${where}`);
      helps.set(help[1]!, help[2]!);
      continue;
    }
    const type = /^# TYPE ([^ ]+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      assert.ok(helps.has(type[1]!), `TYPE before HELP, ${where}`);
      assert.ok(!types.has(type[1]!), `TYPE given twice, ${where}`);
      types.set(type[1]!, type[2]!);
      continue;
    }
    assert.ok(!line.startsWith('#'), `a comment that is neither HELP nor TYPE, ${where}`);
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `not a sample line, ${where}`);
    const [, name, labelText, valueText] = m;
    const labels: Record<string, string> = {};
    if (labelText !== undefined) {
      const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"(,|$)/y;
      let at = 0;
      while (at < labelText.length) {
        pair.lastIndex = at;
        const p = pair.exec(labelText);
        assert.ok(p, `bad labels, ${where}`);
        assert.ok(!(p[1]! in labels), `label twice, ${where}`);
        labels[p[1]!] = p[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
        at = pair.lastIndex;
        assert.ok(p[3] === ',' || at === labelText.length, where);
      }
    }
    assert.match(valueText!, /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|\+Inf|-Inf|NaN)$/, `bad value, ${where}`);
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
    const family = types.has(name!) ? name! : name!.replace(/_(bucket|sum|count)$/, '');
    assert.ok(types.has(family), `sample without TYPE, ${where}`);
    if (family !== name) assert.equal(types.get(family), 'histogram', `suffix on a non-histogram, ${where}`);
    samples.push({ name: name!, labels, value });
  }
  for (const name of helps.keys()) assert.ok(types.has(name), `${name} has HELP but no TYPE`);

  // Histograms: per label set, buckets ascending and cumulative, ending at +Inf = _count.
  for (const [family, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    const keyOf = (labels: Record<string, string>) =>
      JSON.stringify(Object.entries(labels).filter(([k]) => k !== 'le'));
    for (const s of samples.filter((x) => x.name === `${family}_bucket`)) {
      assert.ok('le' in s.labels, `${family}_bucket without le`);
      const k = keyOf(s.labels);
      series.set(k, [...(series.get(k) ?? []), s]);
    }
    for (const [k, buckets] of series) {
      const les = buckets.map((b) => (b.labels.le === '+Inf' ? Infinity : Number(b.labels.le)));
      for (let i = 1; i < buckets.length; i++) {
        assert.ok(les[i]! > les[i - 1]!, `${family}${k}: le ascending`);
        assert.ok(buckets[i]!.value >= buckets[i - 1]!.value, `${family}${k}: buckets cumulative`);
      }
      assert.equal(les.at(-1), Infinity, `${family}${k}: the last bucket is +Inf`);
      const count = samples.find((s) => s.name === `${family}_count` && keyOf(s.labels) === k);
      const sum = samples.find((s) => s.name === `${family}_sum` && keyOf(s.labels) === k);
      assert.ok(count && sum, `${family}${k}: _count and _sum`);
      assert.equal(buckets.at(-1)!.value, count.value, `${family}${k}: +Inf equals _count`);
    }
  }
  return { samples, types, helps };
}

/** The value of one sample (0 when absent). */
function value(e: Exposition, name: string, labels: Record<string, string> = {}): number {
  const s = e.samples.find(
    (x) =>
      x.name === name &&
      Object.keys(x.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => x.labels[k] === v),
  );
  return s?.value ?? 0;
}

test('the exposition parser is strict', () => {
  const good = [
    '# HELP a_total A thing',
    '# TYPE a_total counter',
    'a_total{route="/x",q="a\\"b"} 3',
    '# HELP h Durations',
    '# TYPE h histogram',
    'h_bucket{le="0.1"} 1',
    'h_bucket{le="+Inf"} 2',
    'h_sum 0.3',
    'h_count 2',
    '',
  ].join('\n');
  assert.equal(parseExposition(good).samples.length, 5);
  for (const bad of [
    good.replace('# HELP a_total A thing\n', ''),
    good.replace('# TYPE h histogram\n', ''),
    good.replace('h_count 2', 'h_count 3'),
    good.replace('h_bucket{le="+Inf"} 2', 'h_bucket{le="+Inf"} 0'),
    good.replace('a_total{route="/x",q="a\\"b"} 3', 'a_total{route=/x} 3'),
    good.replace(' 3', ' three'),
  ]) {
    assert.throws(() => parseExposition(bad));
  }
});

test('the registry: labels escaped, histograms cumulative, values read at scrape time', () => {
  const r = new Registry();
  const c = r.counter('t_requests_total', 'Requests\nwith "quotes" and \\', ['route']);
  c.labels('/a"b\\c\nd').inc(2);
  c.labels('/a"b\\c\nd').inc();
  const h = r.histogram('t_seconds', 'Durations', ['route'], [0.1, 1]);
  const child = h.labels('/x');
  for (const v of [0.05, 0.1, 0.5, 3]) child.observe(v);
  let reads = 0;
  const g = r.gauge('t_queue', 'Queue');
  r.collect(() => g.set(++reads));
  const e = parseExposition(r.render());
  assert.equal(value(e, 't_requests_total', { route: '/a"b\\c\nd' }), 3);
  assert.equal(e.helps.get('t_requests_total'), 'Requests\\nwith "quotes" and \\\\');
  assert.equal(value(e, 't_seconds_bucket', { route: '/x', le: '0.1' }), 2);
  assert.equal(value(e, 't_seconds_bucket', { route: '/x', le: '1' }), 3);
  assert.equal(value(e, 't_seconds_bucket', { route: '/x', le: '+Inf' }), 4);
  assert.equal(value(e, 't_seconds_sum', { route: '/x' }), 3.65);
  assert.equal(value(e, 't_queue'), 1);
  assert.equal(value(parseExposition(r.render()), 't_queue'), 2);
  assert.throws(() => r.counter('t_queue', 'again'), /twice/);
  assert.throws(() => r.counter('bad name', 'x'), /not valid/);
  assert.throws(() => c.labels(), /takes 1/);
});

test('the database pool is shown when the handle exposes one (PostgreSQL), not otherwise', () => {
  assert.equal(poolOf({}), null);
  assert.equal(poolOf({ pool: { totalCount: '1' } }), null);
  const pool = { totalCount: 5, idleCount: 3, waitingCount: 1 };
  assert.equal(poolOf({ pool }), pool);
  const sources = {
    cache: { stats: { hits: 1, misses: 2, staleServed: 0, renders: 2, purged: 0 }, size: 3, sideSize: 1 },
    views: {
      stats: { queued: 4, counted: 3, duplicates: 1, capped: 0, dropped: 0, bots: 2, unknown: 0 },
      queueLength: () => 1,
      readers: () => ({ readers: 9, bytes: 28_672 }),
    },
    votes: { stats: { ballots: 7 } },
    events: { stats: { delivered: 1, failed: 0, received: 0, unreadable: 0 } },
  };
  const withPool = new Registry();
  collectSources(withPool, { ...sources, pool: () => poolOf({ pool }) });
  const e = parseExposition(withPool.render());
  assert.equal(value(e, 'shpalta_db_pool_connections'), 5);
  assert.equal(value(e, 'shpalta_db_pool_idle_connections'), 3);
  assert.equal(value(e, 'shpalta_db_pool_waiting_requests'), 1);
  assert.equal(value(e, 'shpalta_page_cache_entries', { kind: 'main' }), 2);
  assert.equal(value(e, 'shpalta_view_beacons_refused_total', { reason: 'bot' }), 2);
  assert.equal(value(e, 'shpalta_poll_ballots_total'), 7);
  assert.equal(value(e, 'shpalta_view_readers'), 9);
  assert.equal(value(e, 'shpalta_view_readers_bytes'), 28_672);
  const without = new Registry();
  collectSources(without, sources);
  assert.ok(!parseExposition(without.render()).types.has('shpalta_db_pool_connections'));
});

for (const d of dialects()) {
  describe(`metrics and request ids [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let bare: TestSite;
    let story: { id: number; url: string };
    const logLines: Record<string, unknown>[] = [];
    before(async () => {
      const logs = new Writable({
        write(chunk, _enc, done) {
          for (const l of String(chunk).split('\n')) if (l) logLines.push(JSON.parse(l));
          done();
        },
      });
      site = await openSite(d.name, { METRICS_TOKEN: TOKEN }, { logger: pino({ level: 'info' }, logs) });
      bare = await openSite(d.name);
      const { author } = await baseContent(site);
      story = await makeStory(site, author.id, { title: 'Метрики працюють' });
    });
    after(async () => {
      await site?.dispose();
      await bare?.dispose();
    });

    const scrape = async (s: TestSite = site) => {
      const res = await s.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
      return parseExposition(res.body);
    };

    test('/metrics: 404 when not configured, 401 without the right token, 200 with it', async () => {
      assert.equal((await bare.app.inject('/metrics')).statusCode, 404);
      assert.equal(
        (await bare.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } }))
          .statusCode,
        404,
      );
      for (const authorization of [
        undefined,
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(0, -1)}`,
        TOKEN,
        'Basic x',
      ]) {
        const res = await site.app.inject({
          url: '/metrics',
          headers: authorization === undefined ? {} : { authorization },
        });
        assert.equal(res.statusCode, 401, String(authorization));
        assert.deepEqual(res.json().error.code, 'UNAUTHORIZED');
        assert.equal(res.headers['cache-control'], 'no-store');
      }
      const ok = await site.app.inject({ url: '/metrics', headers: { authorization: `bearer ${TOKEN}` } });
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /^# HELP /);
    });

    test('requests are counted by route pattern, method and status; cache hits and beacons too', async () => {
      const before = await scrape();
      const route = '/news/:ref';
      const get = (url: string) => site.app.inject({ url });
      assert.equal((await get(story.url)).statusCode, 200);
      assert.equal((await get(story.url)).statusCode, 200);
      assert.equal((await get('/')).statusCode, 200);
      assert.equal((await get('/no/such/page/at/all')).statusCode, 404);
      const beacon = await site.app.inject({
        method: 'POST',
        url: `/v/${story.id}`,
        headers: { 'user-agent': UA },
      });
      assert.equal(beacon.statusCode, 204);
      const m = await scrape();
      const requests = (labels: Record<string, string>) =>
        value(m, 'shpalta_http_requests_total', labels) -
        value(before, 'shpalta_http_requests_total', labels);
      assert.equal(requests({ route, method: 'GET', status: '200' }), 2);
      assert.equal(requests({ route: '/', method: 'GET', status: '200' }), 1);
      assert.equal(requests({ route: 'unmatched', method: 'GET', status: '404' }), 1);
      assert.equal(requests({ route: '/v/:id', method: 'POST', status: '204' }), 1);
      // Never the raw URL.
      assert.ok(!m.samples.some((s) => s.labels.route?.includes('/no/such')));
      assert.ok(!m.samples.some((s) => s.labels.route === story.url));
      assert.ok(
        value(m, 'shpalta_page_cache_hits_total') > value(before, 'shpalta_page_cache_hits_total'),
        'the second request was a cache hit',
      );
      assert.ok(value(m, 'shpalta_page_cache_misses_total') >= 2);
      assert.ok(value(m, 'shpalta_page_cache_entries', { kind: 'main' }) >= 2);
      assert.equal(
        value(m, 'shpalta_view_beacons_accepted_total') -
          value(before, 'shpalta_view_beacons_accepted_total'),
        1,
      );
      const durations = value(m, 'shpalta_http_request_duration_seconds_count', { route, method: 'GET' });
      assert.equal(
        durations - value(before, 'shpalta_http_request_duration_seconds_count', { route, method: 'GET' }),
        2,
      );
      // The story's creation was delivered to this node's subscribers.
      assert.ok(value(m, 'shpalta_event_delivery_lag_seconds_count', { origin: 'local' }) >= 1);
      for (const name of [
        'process_resident_memory_bytes',
        'process_cpu_seconds_total',
        'process_start_time_seconds',
        'nodejs_eventloop_lag_seconds',
      ]) {
        assert.ok(m.types.has(name), name);
      }
      assert.ok(value(m, 'process_resident_memory_bytes') > 10_000_000);
      assert.ok(
        Math.abs(value(m, 'process_start_time_seconds') - (Date.now() / 1000 - process.uptime())) < 5,
      );
      for (const name of [
        'shpalta_views_queue_length',
        'shpalta_views_counted_total',
        'shpalta_poll_ballots_total',
      ])
        assert.ok(m.types.has(name), name);
      // SQLite has no pool; PostgreSQL's is shown once the database handle exposes it.
      if (d.name === 'sqlite') assert.ok(!m.types.has('shpalta_db_pool_connections'));
    });

    test('over real HTTP: cached pages answered before routing and beacons are counted under their route', async () => {
      await site.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = site.app.server.address() as net.AddressInfo;
      const origin = `http://127.0.0.1:${port}`;
      const before = await scrape();
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${origin}${story.url}`);
        assert.equal(res.status, 200);
        assert.match(res.headers.get('x-request-id') ?? '', /^[A-Za-z0-9_-]{11}$/);
        await res.arrayBuffer();
      }
      const tagged = await fetch(`${origin}${story.url}`, { headers: { 'x-request-id': 'edge.42' } });
      assert.equal(tagged.headers.get('x-request-id'), 'edge.42');
      const notModified = await fetch(`${origin}${story.url}`, {
        headers: { 'if-none-match': tagged.headers.get('etag')! },
      });
      assert.equal(notModified.status, 304);
      const beacon = await fetch(`${origin}/v/${story.id}`, {
        method: 'POST',
        headers: { 'user-agent': UA, 'x-request-id': 'beacon-1' },
      });
      assert.equal(beacon.status, 204);
      assert.equal(beacon.headers.get('x-request-id'), 'beacon-1');
      const refused = await fetch(`${origin}/v/abc`, { method: 'POST' });
      assert.equal(refused.status, 400);
      // The beacon's count is taken when its answer is written (after the lookup).
      await new Promise((r) => setTimeout(r, 20));
      const m = await scrape();
      const delta = (labels: Record<string, string>) =>
        value(m, 'shpalta_http_requests_total', labels) -
        value(before, 'shpalta_http_requests_total', labels);
      assert.equal(delta({ route: '/news/:ref', method: 'GET', status: '200' }), 4);
      assert.equal(delta({ route: '/news/:ref', method: 'GET', status: '304' }), 1);
      assert.equal(delta({ route: '/v/:id', method: 'POST', status: '204' }), 1);
      assert.equal(delta({ route: '/v/:id', method: 'POST', status: '400' }), 1);
      assert.ok(
        value(m, 'shpalta_page_cache_hits_total') - value(before, 'shpalta_page_cache_hits_total') >= 5,
      );
    });

    test('X-Request-Id: a sane one is echoed, a hostile one replaced, and it is in the request’s log lines', async () => {
      const echoed = await site.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
      assert.equal(echoed.headers['x-request-id'], 'abc-123');
      const generated = await site.app.inject({ url: '/healthz' });
      const id = String(generated.headers['x-request-id']);
      assert.match(id, /^[A-Za-z0-9_-]{11}$/);
      assert.notEqual((await site.app.inject({ url: '/healthz' })).headers['x-request-id'], id);
      for (const hostile of ['x'.repeat(65), 'has space', 'a\r\nSet-Cookie: x=1', 'ünïcode', '<script>']) {
        const res = await site.app.inject({ url: '/healthz', headers: { 'x-request-id': hostile } });
        const got = String(res.headers['x-request-id']);
        assert.notEqual(got, hostile);
        assert.match(got, /^[A-Za-z0-9_-]{11}$/, JSON.stringify(hostile));
      }
      // Pages from the cache and JSON alike.
      const page = await site.app.inject({ url: story.url, headers: { 'x-request-id': 'page.1' } });
      assert.equal(page.headers['x-request-id'], 'page.1');

      // An Admin API call logs a line (who called): with the request's id.
      logLines.length = 0;
      const api = await site.app.inject({
        url: '/api/admin/me',
        headers: { ...auth, 'x-request-id': 'abc-123' },
      });
      assert.equal(api.statusCode, 200);
      assert.equal(api.headers['x-request-id'], 'abc-123');
      const line = logLines.find((l) => l.msg === 'admin api call');
      assert.ok(line, JSON.stringify(logLines));
      assert.equal(line.reqId, 'abc-123');
      logLines.length = 0;
      const anonymous = await site.app.inject({ url: '/api/admin/me', headers: auth });
      const mine = logLines.find((l) => l.msg === 'admin api call');
      assert.equal(mine?.reqId, anonymous.headers['x-request-id']);
    });

    test('event delivery lag is recorded for events from another node (PostgreSQL)', {
      skip: d.name === 'postgres' ? false : 'one node only on SQLite',
    }, async () => {
      const other = await openSite('postgres', {}, { schema: site.schema });
      try {
        const remote = () =>
          value(parseExposition(other.metrics.render()), 'shpalta_event_delivery_lag_seconds_count', {
            origin: 'remote',
          });
        const before = remote();
        await site.services.sections.create(actor, {
          slug: 'metrics-lag',
          names: { uk: 'Лаг', ru: 'Лаг' },
          position: 9,
        });
        const deadline = Date.now() + 5_000;
        while (remote() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        assert.ok(remote() > before, 'the other node recorded the lag of what it received');
      } finally {
        await other.dispose();
      }
    });

    test('METRICS_PORT: its own server answers /metrics without a token, and close() stops it', async () => {
      const port = await freePort();
      const own = await openSite(d.name, { METRICS_PORT: String(port) });
      try {
        assert.equal((await own.app.inject('/metrics')).statusCode, 404, 'not on the main port');
        await own.metrics.serve();
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
        const m = parseExposition(await res.text());
        assert.ok(m.types.has('shpalta_http_requests_total'));
        assert.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
        assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status, 405);
      } finally {
        await own.dispose();
      }
      await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`), 'closed with the site');
    });
  });
}
