/**
 * The server as it runs in production: the built JavaScript (`build/server/main.js`) in its
 * own processes.
 *
 * - All cores: `WORKERS` = cores against nginx serving the same bytes as a static file with the
 *   same number of worker processes, in the same run (nginx installed from Debian if missing).
 * - First start: an empty data folder, as `npm start` runs it (demo newsroom made; bar 10 s).
 * - Cold start: spawn to the first 200 of `/healthz`, built JavaScript against the TypeScript
 *   loader, on a site that already has its demo newsroom.
 * - SIGKILL: a flood of view beacons, the process killed mid-flood; how many acknowledged
 *   views the database lacks afterwards.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Db } from '../src/server/db/database.ts';

import { freePort } from '../test/harness.ts';
import { CONNECTIONS, fetchRaw, type LoadResult, load, loadGet } from './load.ts';
import { rememberReaders } from './readers.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const MAIN = path.join(ROOT, 'build/server/main.js');

async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not answer`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

interface Server {
  origin: string;
  child: ChildProcess;
}

async function startShpalta(env: Record<string, string>, args = [MAIN]): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  await waitFor(`${origin}/healthz`, child);
  return { origin, child };
}

/** nginx from the machine, or from Debian's packages when this process may install it. */
function findNginx(log: (s: string) => void): string | null {
  const which = () => {
    for (const p of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'])
      if (fs.existsSync(p)) return p;
    return null;
  };
  if (which()) return which();
  if (process.getuid?.() !== 0) return null;
  log('installing nginx from Debian for the comparison…');
  const r = spawnSync('apt-get', ['install', '-y', '-qq', 'nginx-light'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0 ? which() : null;
}

/**
 * The ceiling Node itself sets: `cores` bare `node:http` processes sharing the port the same
 * way (cluster, SCHED_NONE), each sending the page's bytes and headers.
 */
async function bareCluster(
  dir: string,
  cores: number,
  headers: Record<string, string | string[] | undefined>,
  body: Buffer,
  status = 200,
): Promise<Server & { url: string }> {
  fs.writeFileSync(path.join(dir, 'bare.bin'), body);
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (typeof v === 'string' && !['date', 'connection', 'keep-alive'].includes(k)) h[k] = v;
  const port = await freePort();
  const script = path.join(dir, 'bare.mjs');
  fs.writeFileSync(
    script,
    `import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
const body = fs.readFileSync(${JSON.stringify(path.join(dir, 'bare.bin'))});
const headers = ${JSON.stringify(h)};
if (cluster.isPrimary) {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  for (let i = 0; i < ${cores}; i++) cluster.fork();
  process.on('SIGTERM', () => { for (const w of Object.values(cluster.workers)) w.kill(); process.exit(0); });
} else {
  http.createServer((req, res) => { req.resume(); res.writeHead(${status}, headers); res.end(body); }).listen(${port}, '127.0.0.1');
}
`,
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(url, child);
  return { origin: url, url, child };
}

/** Alternates two servers under the same load and keeps each one's best run. */
async function compare(a: string, b: string, encoding?: string): Promise<[LoadResult, LoadResult]> {
  const runs: [LoadResult, LoadResult][] = [];
  const o = encoding === undefined ? {} : { encoding };
  // Three rounds, alternating: a burst of noise on a shared machine hits one run, not a server.
  for (let i = 0; i < 3; i++) runs.push([await loadGet(a, o), await loadGet(b, o)]);
  const best = (k: 0 | 1) => runs.map((r) => r[k]).sort((x, y) => y.rps - x.rps)[0]!;
  return [best(0), best(1)];
}

export async function workersBench(log: (s: string) => void): Promise<string[][]> {
  const rows: string[][] = [];
  const cores = os.availableParallelism();
  // As `npm start` does: build when the built server is missing or older than the sources
  // (a server built before a new migration would refuse the database the sources made).
  spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "const b = await import('./scripts/build-server.mjs'); if (b.isStale()) await b.buildServer({ quiet: true });",
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-bench-workers-'));
  try {
    // First start makes the demo newsroom; the cold starts below find it in place.
    // As `npm start` runs it: the default number of workers, an empty data folder.
    log('first start (demo newsroom)…');
    let t = Date.now();
    const first = await startShpalta({ DATA_DIR: dataDir });
    const firstMs = Date.now() - t;
    const home = await fetch(`${first.origin}/`);
    const homeMs = Date.now() - t;
    if (home.status !== 200) throw new Error(`first start: the home page answered ${home.status}`);
    await stop(first.child);
    rows.push([
      'first start, empty data folder (npm start)',
      `${(firstMs / 1000).toFixed(1)} s to serving`,
      `demo newsroom made; home page first shown at ${(homeMs / 1000).toFixed(1)} s (${cores} workers)`,
      'target < 10 s',
    ]);

    const coldStart = async (args: string[]) => {
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        t = Date.now();
        const s = await startShpalta({ DATA_DIR: dataDir, WORKERS: '1' }, args);
        samples.push(Date.now() - t);
        await stop(s.child);
      }
      return samples.sort((x, y) => x - y)[1]!;
    };
    const js = await coldStart([MAIN]);
    const ts = await coldStart(['--import', 'tsx', 'src/server/main.ts']);
    rows.push([
      'cold start to first /healthz 200',
      `built JavaScript ${js} ms (median of 3)`,
      `TypeScript loader ${ts} ms`,
      `${(ts / js).toFixed(1)}× faster`,
    ]);

    // All cores against nginx.
    log(`cached home page: ${cores} workers against nginx…`);
    const site = await startShpalta({ DATA_DIR: dataDir, WORKERS: String(cores) });
    try {
      const page = await fetchRaw(`${site.origin}/`);
      const nginx = findNginx(log);
      if (!nginx) {
        rows.push([
          'cached home page, all workers vs nginx',
          'skipped: nginx not installed and cannot be',
          '',
          '',
        ]);
      } else {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-nginx-'));
        fs.writeFileSync(path.join(root, 'index.html'), page.body);
        const port = await freePort();
        fs.writeFileSync(
          path.join(root, 'nginx.conf'),
          `worker_processes ${cores};
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path ${root}/tmp; proxy_temp_path ${root}/tmp; fastcgi_temp_path ${root}/tmp;
  uwsgi_temp_path ${root}/tmp; scgi_temp_path ${root}/tmp;
  server {
    listen 127.0.0.1:${port};
    location = / {
      root ${root};
      try_files /index.html =404;
      default_type "text/html; charset=utf-8";
      add_header Content-Encoding br;
      add_header Vary Accept-Encoding;
      add_header Cache-Control "public, max-age=0, must-revalidate";
      etag off;
    }
  }
}
`,
        );
        const ng = spawn(nginx, ['-p', root, '-c', path.join(root, 'nginx.conf'), '-g', 'daemon off;'], {
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        try {
          await waitFor(`http://127.0.0.1:${port}/`, ng);
          const bare = await bareCluster(root, cores, page.headers, page.body);
          try {
            const [shp, base] = await compare(`${site.origin}/`, `http://127.0.0.1:${port}/`);
            const [, node] = await compare(`${site.origin}/`, bare.url);
            rows.push([
              `cached home page, ${cores} workers (${page.body.length} B br)`,
              `${Math.round(shp.rps)} req/s, p99 ${shp.p99} ms`,
              `nginx (${cores} workers, static file) ${Math.round(base.rps)} req/s, p99 ${base.p99} ms`,
              `ratio ${(shp.rps / base.rps).toFixed(2)} (target ≥ 0.8)`,
            ]);
            rows.push([
              '  the same bytes from a bare node:http cluster',
              `${Math.round(node.rps)} req/s, p99 ${node.p99} ms`,
              `bare cluster / nginx ${(node.rps / base.rps).toFixed(2)}`,
              `Shpalta / bare cluster ${(shp.rps / node.rps).toFixed(2)}`,
            ]);
          } finally {
            await stop(bare.child);
          }
        } finally {
          await stop(ng);
          fs.rmSync(root, { recursive: true, force: true });
        }
      }
    } finally {
      await stop(site.child);
    }

    // Beacons as production takes them: every core, distinct readers.
    log(`view beacons: ${cores} workers…`);
    const beacons = await beaconsOnWorkers(dataDir, cores, 0);
    rows.push(beacons.row);
    // The ceiling Node sets on the same machine now: a bare cluster answering 204 with the
    // same headers to the same load (this machine's noise moves both alike).
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-bare-beacon-'));
    try {
      const bare = await bareCluster(root, cores, beacons.headers, Buffer.alloc(0), 204);
      try {
        const r = await load(bare.origin, { mode: 'beacon', path: '/v/1' });
        rows.push([
          '  a bare node:http cluster answering 204, same headers',
          `${Math.round(r.rps)} req/s, p99 ${r.p99} ms`,
          '',
          `Shpalta / bare cluster ${(beacons.rps / r.rps).toFixed(2)}`,
        ]);
      } finally {
        await stop(bare.child);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
    const remembered = Number(process.env.BENCH_READERS ?? 10_000_000);
    log(`view beacons: ${cores} workers, ${remembered} readers counted already…`);
    rows.push((await beaconsOnWorkers(dataDir, cores, remembered)).row);

    // SIGKILL in the middle of a flood of beacons.
    log('SIGKILL during a flood of beacons…');
    rows.push(await sigkillLoss(dataDir));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * A production server on this data folder, its newest published story, and a connection
 * of the bench's own to read that story's stored views. `prepare` runs on that connection
 * before the server starts (a long write then holds no worker back while it starts).
 */
async function beaconTarget(
  dataDir: string,
  env: Record<string, string>,
  prepare?: (db: Db) => Promise<void>,
) {
  const db = createDatabase(path.join(dataDir, 'shpalta.db'));
  const newest = await db.db
    .selectFrom('articles')
    .select('id')
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const story = newest.id;
  await prepare?.(db.db);
  const site = await startShpalta({ DATA_DIR: dataDir, TRUST_PROXY: '1', ...env });
  const viewsOf = async () =>
    Number(
      (
        await db.db
          .selectFrom('article_views')
          .select('views')
          .where('article_id', '=', story)
          .executeTakeFirst()
      )?.views ?? 0,
    );
  return { site, story, db, viewsOf };
}

/**
 * View beacons from distinct readers against the production processes (one worker per
 * core, SQLite), then SIGTERM (which writes every queued view): the views stored against
 * the beacons answered 204. Beacons still in flight when the load stops are answered and
 * stored after it, so stored may pass answered by at most the number of connections.
 */
async function beaconsOnWorkers(
  dataDir: string,
  cores: number,
  remembered: number,
): Promise<{ row: string[]; rps: number; headers: Record<string, string> }> {
  const remember = (db: Db) => rememberReaders(db, remembered);
  const token = 'bench-metrics-token-of-the-workers-part';
  const { site, story, db, viewsOf } = await beaconTarget(
    dataDir,
    { WORKERS: String(cores), METRICS_TOKEN: token },
    remember,
  );
  try {
    let caughtUp = '';
    {
      // Every worker serving (the first answers while the others still start), each holding
      // the half-hour's readers read back from the log, as after a restart: measured, then
      // the load starts.
      const started = performance.now();
      for (;;) {
        const text = await (
          await fetch(`${site.origin}/metrics`, { headers: { authorization: `Bearer ${token}` } })
        ).text();
        const held = [...text.matchAll(/^shpalta_view_readers\{[^}]*\} (\d+)/gm)].map((m) => Number(m[1]));
        if (held.length === cores && held.every((n) => n >= remembered)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      if (remembered > 0)
        caughtUp = `, read back by each worker in ${((performance.now() - started) / 1000).toFixed(1)} s`;
    }
    const before = await viewsOf();
    // The answer's headers, for the bare server to send the same (a crawler's beacon: a 204 that counts nothing).
    const sample = await fetch(`${site.origin}/v/${story}`, {
      method: 'POST',
      headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
    });
    const headers: Record<string, string> = {};
    sample.headers.forEach((v, k) => {
      if (!['date', 'connection', 'keep-alive'].includes(k)) headers[k] = v;
    });
    const r = await load(site.origin, {
      mode: 'beacon',
      path: `/v/${story}`,
      firstReader: remembered ? 8_000_000 : 5_000_000,
    });
    await stop(site.child);
    const stored = (await viewsOf()) - before;
    const answered = r.statusCodes['204'] ?? 0;
    const extra = stored - answered;
    return {
      row: [
        `view beacons, ${cores} workers (production processes)${remembered ? `, ${remembered} readers counted already` : ''}`,
        `${Math.round(r.rps)} beacons/s, p99 ${r.p99} ms`,
        `${answered} answered 204 in time, ${stored} stored${caughtUp}`,
        `${extra >= 0 && extra <= CONNECTIONS ? 'every one accounted for' : `MISMATCH ${extra}`} (target 20 000/s)`,
      ],
      rps: r.rps,
      headers,
    };
  } finally {
    await stop(site.child);
    await db.close();
  }
}

/** A flood of beacons for ~3 s, SIGKILL, then: acknowledged views the database does not have. */
async function sigkillLoss(dataDir: string): Promise<string[]> {
  // An empty log: a process reading back ten million readers is measured above, not here.
  const { site, story, db, viewsOf } = await beaconTarget(dataDir, { WORKERS: '1' }, (db) =>
    rememberReaders(db, 0),
  );
  const before = await viewsOf();
  let acknowledged = 0;
  let n = 0;
  let running = true;
  const reader = async () => {
    while (running) {
      n++;
      try {
        const r = await fetch(`${site.origin}/v/${story}`, {
          method: 'POST',
          headers: {
            'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
            'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36',
          },
        });
        if (r.status === 204) acknowledged++;
      } catch {
        return; // the server is gone
      }
    }
  };
  const flood = Promise.all(Array.from({ length: 32 }, reader));
  const started = Date.now();
  await new Promise((r) => setTimeout(r, 3000));
  const rate = acknowledged / ((Date.now() - started) / 1000);
  site.child.kill('SIGKILL');
  await flood;
  running = false;
  const stored = (await viewsOf()) - before;
  await db.close();
  const lost = acknowledged - stored;
  return [
    'SIGKILL during a beacon flood',
    `${acknowledged} acknowledged, ${stored} stored`,
    `lost ${lost} (${((lost / Math.max(1, rate)) * 1000).toFixed(0)} ms of the flood at ${Math.round(rate)}/s)`,
    'bound: a flush interval (1 s) plus the write in progress',
  ];
}
