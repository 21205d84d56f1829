import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { childDatabase, clearOfMidnight, dialects, eventually, freePort, TEST_API_KEY } from './harness.ts';
import { startServer, stopServer, waitHealthy } from './server-process.ts';

/** A GET on a connection of its own (no keep-alive), so that any worker may accept it. */
function getFresh(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** A view beacon on a connection of its own, so that any worker may accept it. */
function beaconFresh(url: string, address: string, userAgent: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .request(
        url,
        {
          method: 'POST',
          agent: false,
          headers: { connection: 'close', 'x-forwarded-for': address, 'user-agent': userAgent },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      )
      .on('error', reject)
      .end();
  });
}

/** A sample's value per worker, from a merged metrics text. */
function perWorker(text: string, name: string, labels = ''): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(new RegExp(`^${name}\\{worker="(\\d+)"${labels}\\} (\\S+)`, 'gm')))
    out.set(m[1]!, Number(m[2]));
  return out;
}
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

/** The worker processes of a primary (its children), read from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * `WORKERS=2`: two processes serve one port; a story published through one of them shows on
 * every page of both at once (on SQLite the change reaches the other worker through the
 * primary, on PostgreSQL through NOTIFY); a worker that dies is replaced; SIGTERM stops all.
 */
for (const d of dialects()) {
  describe(`two worker processes [${d.name}]`, { skip: d.skip }, () => {
    let dataDir: string;
    let database: { url: string; drop: () => Promise<void> };
    let child: ChildProcess;
    let origin: string;
    let metricsPort: number;
    const METRICS_TOKEN = 'metrics-token-0123456789abcdefghij';
    /** The processes' log lines (JSON): the primary says when every worker serves. */
    const logged: { msg: string; pid?: number }[] = [];
    async function logLine(match: (l: { msg: string; pid?: number }) => boolean) {
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const found = logged.find(match);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error('the log line never came');
    }

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-cluster-'));
      database = await childDatabase(d.name, dataDir);
      const port = await freePort();
      metricsPort = await freePort();
      origin = `http://127.0.0.1:${port}`;
      child = startServer(
        {
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dataDir,
          DATABASE_URL: database.url,
          DEMO: '0',
          ADMIN_API_KEY: TEST_API_KEY,
          METRICS_TOKEN,
          METRICS_PORT: String(metricsPort),
          LOG_LEVEL: 'info',
          WORKERS: '2',
          TRUST_PROXY: '1',
        },
        'pipe',
      );
      child.stdout!.setEncoding('utf8');
      let partial = '';
      child.stdout!.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          try {
            logged.push(JSON.parse(line) as { msg: string; pid?: number });
          } catch {
            // not a log line
          }
        }
      });
      await waitHealthy(origin, child);
      await logLine((l) => l.msg === 'serving with 2 worker processes');
    });
    after(async () => {
      if (child) assert.equal(await stopServer(child), 0);
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const api = (p: string, body: unknown) =>
      fetch(`${origin}/api/admin/${p}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    /** A published story in the section `news`, through whichever worker takes the request. */
    const publish = async (title: string): Promise<{ id: number }> => {
      const res = await api('articles', {
        language: 'uk',
        title,
        section: 'news',
        author: { name: 'Тест' },
        status: 'published',
      });
      assert.equal(res.status, 201);
      return (await res.json()) as { id: number };
    };

    /** Requests on fresh connections until both workers have answered some (their metrics say). */
    async function spreadOverBoth(url: string, check: (body: string) => void) {
      for (let round = 0; round < 50; round++) {
        const pages = await Promise.all(Array.from({ length: 16 }, () => getFresh(url)));
        for (const p of pages) {
          assert.equal(p.status, 200);
          check(p.body);
        }
        const metrics = await (
          await fetch(`${origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
        ).text();
        const served = new Set(
          [...metrics.matchAll(/^shpalta_http_requests_total\{([^}]*)\} (\d+)/gm)]
            .filter(([, labels]) => /route="\/"/.test(labels!))
            .map(([, labels]) => /worker="(\d+)"/.exec(labels!)?.[1]),
        );
        if (served.size >= 2) return;
      }
      assert.fail('the requests never reached both workers');
    }

    test('a change through one worker shows on both at once', async () => {
      assert.equal((await api('sections', { slug: 'news', names: { uk: 'Новини' } })).status, 201);
      // Both workers have the home page in their caches.
      await spreadOverBoth(`${origin}/`, () => {});
      await publish('Новина для обох процесів');
      // Every answer, from either worker, has it: no stale cache anywhere, once the other
      // worker has heard of the change (through the primary, or NOTIFY: moments later).
      await eventually(() =>
        spreadOverBoth(`${origin}/`, (body) => assert.match(body, /Новина для обох процесів/)),
      );
      // The primary's own metrics port shows both workers, without a token (a worker busy
      // for over a second is left out of one answer).
      await eventually(async () => {
        const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        const workers = new Set(
          [...text.matchAll(/^shpalta_http_requests_total\{worker="(\d+)"/gm)].map((m) => m[1]),
        );
        assert.equal(workers.size, 2, text.slice(0, 500));
      });
    });

    test('views across both workers: each reader counts once, one address’s cap holds across both', async () => {
      // The same readers on both sides of UTC midnight would be new ones (the day's salt).
      await clearOfMidnight();
      const { id } = await publish('Новина, яку читають обидва процеси');
      const ua = (n: number) => `Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.${n} Safari/537.36`;
      const url = `${origin}/v/${id}`;
      // 200 readers, each twice; one address claiming 80 browsers. Fresh connections, so
      // both workers take some of each, and they write their counts independently.
      const sends: (() => Promise<number>)[] = [];
      for (let r = 0; r < 200; r++) {
        const address = `10.20.${r >> 8}.${r & 255}`;
        sends.push(
          () => beaconFresh(url, address, ua(1)),
          () => beaconFresh(url, address, ua(1)),
        );
      }
      for (let n = 0; n < 80; n++) sends.push(() => beaconFresh(url, '198.51.100.77', ua(100 + n)));
      for (let i = 0; i < sends.length; i += 40) {
        const statuses = await Promise.all(sends.slice(i, i + 40).map((f) => f()));
        assert.ok(statuses.every((x) => x === 204));
      }
      // Every accepted beacon decided and written (counted, or not counted and why), by both.
      let text = '';
      const deadline = Date.now() + 30_000;
      for (;;) {
        assert.ok(Date.now() < deadline, `not every beacon was decided: ${text.slice(0, 2000)}`);
        text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        const accepted = perWorker(text, 'shpalta_view_beacons_accepted_total');
        const decided =
          sum(perWorker(text, 'shpalta_views_counted_total')) +
          sum(perWorker(text, 'shpalta_views_not_counted_total', ',reason="duplicate"')) +
          sum(perWorker(text, 'shpalta_views_not_counted_total', ',reason="capped"'));
        if (sum(accepted) === 480 && decided === 480) {
          assert.equal([...accepted.values()].filter((n) => n > 0).length, 2, 'both workers took beacons');
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      // 200 readers and the address's 50; the rest are second beacons and the address's
      // browsers over its cap (two of its 80 may share a browser tag: then one more "again").
      assert.equal(sum(perWorker(text, 'shpalta_views_counted_total')), 250);
    });

    test('a worker that dies is replaced; the other keeps answering meanwhile', async () => {
      const [victim, survivor] = childrenOf(child.pid!);
      assert.ok(victim && survivor);
      process.kill(victim, 'SIGKILL');
      // The other worker serves every request while the replacement starts.
      for (let i = 0; i < 10; i++) assert.equal((await getFresh(`${origin}/`)).status, 200);
      await logLine((l) => l.msg === 'a worker died: starting another');
      const replacement = await logLine(
        (l) => l.msg === 'worker serving' && l.pid !== undefined && l.pid !== victim && l.pid !== survivor,
      );
      assert.deepEqual(childrenOf(child.pid!).sort(), [survivor, replacement.pid].sort());
      for (let i = 0; i < 10; i++) assert.equal((await getFresh(`${origin}/`)).status, 200);
    });
  });
}
