/** Load generators and baselines shared by the benchmarks. */
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';

export const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

export interface LoadResult {
  rps: number;
  total: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

export const HAS_WRK = spawnSync('wrk', ['--version']).error === undefined;

/**
 * GET load with wrk (C, one thread) when the machine has it: a Node load generator on
 * these 2 cores saturates before a bare node:http server does, which would hide the
 * difference the ratio is meant to show. Falls back to autocannon.
 */
export function loadGet(url: string, o: { encoding?: string } = {}): Promise<LoadResult> {
  if (!HAS_WRK) return load(url, o.encoding === undefined ? {} : { encoding: o.encoding });
  return new Promise((resolve, reject) => {
    const child = spawn(
      'wrk',
      [
        '-t1',
        `-c${CONNECTIONS}`,
        `-d${SECONDS}s`,
        '--latency',
        ...(o.encoding === '' ? [] : ['-H', `accept-encoding: ${o.encoding ?? 'br, gzip'}`]),
        url,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', () => {
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
      const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out);
      const ms = p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : Number.NaN;
      const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
      const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
      if (!Number.isFinite(rps)) reject(new Error(`wrk output not understood:\n${out}`));
      else
        resolve({
          rps,
          total,
          p99: Math.round(ms * 100) / 100,
          errors: 0,
          timeouts: 0,
          non2xx,
          statusCodes: {},
        });
    });
  });
}

/**
 * POST load from a different reader every request (beacons, votes) with wrk and
 * bench/wrk-readers.lua: autocannon building every request in JavaScript took most of a
 * core from the server it measured.
 */
function loadReaders(
  url: string,
  o: { path: string; body?: string; origin?: string; firstReader?: number },
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'wrk-readers.lua');
    const child = spawn('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '-s', script, url], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        WRK_PATH: o.path,
        WRK_BODY: o.body ?? '',
        WRK_ORIGIN: o.origin ?? '',
        WRK_FIRST: String(o.firstReader ?? 0),
      },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', () => {
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? Number.NaN);
      const statusCodes = JSON.parse(/STATUS (\{.*\})/.exec(out)?.[1] ?? '{}') as Record<string, number>;
      const p99us = Number(/P99US (\d+)/.exec(out)?.[1] ?? Number.NaN);
      const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
      const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      if (!Number.isFinite(rps)) reject(new Error(`wrk output not understood:\n${out}`));
      else
        resolve({
          rps,
          total,
          p99: Math.round(p99us / 10) / 100,
          errors: socketErrors
            ? Number(socketErrors[1]) + Number(socketErrors[2]) + Number(socketErrors[3])
            : 0,
          timeouts: socketErrors ? Number(socketErrors[4]) : 0,
          non2xx: Object.entries(statusCodes)
            .filter(([k]) => !k.startsWith('2'))
            .reduce((n, [, v]) => n + v, 0),
          statusCodes,
        });
    });
  });
}

/** Runs bench/load-worker.mjs (autocannon) in a child process and returns its numbers. */
export function load(
  url: string,
  opts: {
    mode?: 'get' | 'beacon' | 'vote';
    path?: string;
    body?: string;
    origin?: string;
    firstReader?: number;
    /** GET: the Accept-Encoding to send ('' sends none). */
    encoding?: string;
  } = {},
): Promise<LoadResult> {
  if (HAS_WRK && opts.path && (opts.mode === 'beacon' || opts.mode === 'vote')) {
    return loadReaders(url, {
      path: opts.path,
      ...(opts.body !== undefined ? { body: opts.body } : {}),
      ...(opts.origin !== undefined ? { origin: opts.origin } : {}),
      ...(opts.firstReader !== undefined ? { firstReader: opts.firstReader } : {}),
    });
  }
  return new Promise((resolve, reject) => {
    const worker = path.join(path.dirname(new URL(import.meta.url).pathname), 'load-worker.mjs');
    const arg = JSON.stringify({
      url,
      connections: CONNECTIONS,
      seconds: SECONDS,
      mode: opts.mode ?? 'get',
      ...opts,
    });
    const child = spawn(process.execPath, [worker, arg], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as LoadResult);
      } catch (e) {
        reject(e);
      }
    });
  });
}

export function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { median: q(0.5), p99: q(0.99) };
}

export async function fetchRaw(
  url: string,
  encoding = 'br, gzip',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

/** A bare node:http server answering every request with exactly these bytes and headers. */
export async function bareServer(
  headers: http.IncomingHttpHeaders,
  body: Buffer,
): Promise<{ url: string; close: () => void }> {
  const h: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    if (typeof v === 'string' && k !== 'date' && k !== 'connection' && k !== 'keep-alive') h[k] = v;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, h);
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
