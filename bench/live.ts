/**
 * `npm run bench` part "live": readers' live updates at BENCH_LIVE_CONNECTIONS open streams
 * (default 10 000) on one process. Measured: the memory the streams take (against a bare
 * `node:http` server holding as many event streams, the baseline), the CPU of the process
 * while they are open and idle, and the time from publishing a story until every stream has
 * it. The readers are raw sockets in a process of their own.
 */
import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { openSite } from '../test/harness.ts';

const COUNT = Number(process.env.BENCH_LIVE_CONNECTIONS ?? 10_000);
const IDLE_MS = 5_000;

interface Clients {
  child: ChildProcess;
  next(type: string): Promise<void>;
  close(): void;
}

function readers(port: number, urlPath: string): Clients {
  const child = fork(path.join(import.meta.dirname, 'live-clients.mjs'), [
    JSON.stringify({ port, count: COUNT, path: urlPath }),
  ]);
  const waiting = new Map<string, () => void>();
  child.on('message', (m: { type: string }) => waiting.get(m.type)?.());
  return {
    child,
    next: (type) => new Promise<void>((resolve) => waiting.set(type, resolve)),
    close: () => child.send({ type: 'close' }),
  };
}

const mib = (n: number) => n / 1048576;
v8.setFlagsFromString('--expose-gc');
/** A full collection, so that the heap measured holds what is alive only. */
const gc = vm.runInNewContext('gc') as () => void;
const settle = async () => {
  await new Promise((r) => setTimeout(r, 300));
  gc();
};
/** Memory in use by JavaScript objects and the buffers they hold (RSS keeps freed pages). */
const used = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external + m.arrayBuffers;
};

/** Memory and idle CPU of this process with the readers connected. */
async function hold(port: number, urlPath: string) {
  await settle();
  const before = used();
  const clients = readers(port, urlPath);
  await clients.next('ready');
  await settle();
  const after = used();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const cpu = process.cpuUsage(cpu0);
  const idleCpu = (cpu.user + cpu.system) / 1000 / (performance.now() - t0);
  return { clients, perConnection: (after - before) / COUNT, total: after - before, idleCpu };
}

export async function liveBench(log: (s: string) => void): Promise<string[][]> {
  // The baseline: a bare server that answers an event stream and holds it.
  log(`  bare node:http holding ${COUNT} event streams…`);
  const held = new Set<http.ServerResponse>();
  const bare = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write('retry: 3000\nevent: breaking\ndata: null\n\n');
    held.add(res);
    req.on('close', () => held.delete(res));
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const base = await hold((bare.address() as { port: number }).port, '/live/uk');
  base.clients.close();
  for (const res of held) res.end();
  await new Promise<void>((r) => bare.close(() => r()));

  log(`  the site holding ${COUNT} live streams…`);
  // The readers come from one loopback address, told apart by X-Forwarded-For.
  const site = await openSite('sqlite', { TRUST_PROXY: '1' });
  try {
    const actor = systemPrincipal('bench');
    await site.services.sections.create(actor, { slug: 'news', names: { uk: 'Новини', ru: 'Новости' } });
    const author = await site.services.authors.create(actor, { names: { uk: 'Редакція', ru: 'Редакция' } });
    await site.app.listen({ port: 0, host: '127.0.0.1' });
    const ours = await hold((site.app.server.address() as { port: number }).port, '/live/uk');
    const delivered = ours.clients.next('delivered');
    const t = performance.now();
    await site.services.articles.create(actor, {
      language: 'uk',
      title: 'Новина для всіх відкритих сторінок',
      section: 'news',
      authorId: author.id,
      status: 'published',
    });
    await delivered;
    const fanOut = performance.now() - t;
    const open = site.live.connections();
    ours.clients.close();
    return [
      [
        `live updates: ${COUNT} open streams, one process (memory)`,
        `${mib(ours.total).toFixed(1)} MiB of heap (${(ours.perConnection / 1024).toFixed(1)} KiB a stream)`,
        `${(ours.perConnection / base.perConnection).toFixed(2)}× bare node:http (${(base.perConnection / 1024).toFixed(1)} KiB a stream)`,
        `${open} streams counted by the site`,
      ],
      [
        'live updates: CPU while the streams are idle',
        `${(ours.idleCpu * 100).toFixed(1)} % of one core`,
        `bare node:http ${(base.idleCpu * 100).toFixed(1)} %`,
        `keep-alive every 25 s, ${IDLE_MS / 1000} s measured`,
      ],
      [
        `live updates: a story published → on all ${COUNT} streams`,
        `${fanOut.toFixed(0)} ms`,
        'rendered once, written to every stream',
        '',
      ],
    ];
  } finally {
    await site.dispose();
  }
}
