/**
 * `npm run bench`: the numbers issue #2 asks for, measured in one run on this machine.
 *
 * 1. Cached article and home page: requests/s and p99 of Shpalta against a bare
 *    `node:http` server sending the same bytes with the same headers (ratio ≥ 0.8 is the bar).
 * 2. Cold render of an article page (database included, no cache) with 10 000 stories,
 *    then with 100 000 stories: median and p99 (bar: < 2 ms median; growth ≤ 20%).
 *
 * The load comes from autocannon in a separate process so that it does not share the
 * server's event loop. Set BENCH_SECONDS to change the duration of each load run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compose } from '../src/server/compose.ts';
import { loadConfig } from '../src/server/config.ts';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { authBench } from './auth.ts';
import { editorBench } from './editor.ts';
import { importBench } from './import.ts';
import { lighthouseBench } from './lighthouse.ts';
import { liveBench } from './live.ts';
import {
  bareServer,
  CONNECTIONS,
  fetchRaw,
  HAS_WRK,
  type LoadResult,
  load,
  loadGet,
  SECONDS,
  stats,
} from './load.ts';
import { rememberReaders } from './readers.ts';
import { searchScaleBench } from './search-scale.ts';
import { sitemapBench } from './sitemap.ts';
import { workersBench } from './workers.ts';

const actor = systemPrincipal('bench');

const SMALL = Number(process.env.BENCH_STORIES ?? 10_000);
/** `BENCH_PARTS=beacons,votes` runs only those parts (pages, beacons, votes, large, search, sitemap, auth, editor, workers, import, live, lighthouse). */
const PARTS = new Set(
  (
    process.env.BENCH_PARTS ??
    'pages,beacons,votes,large,search,sitemap,auth,editor,workers,import,live,lighthouse'
  ).split(','),
);
const LARGE = Number(process.env.BENCH_STORIES_LARGE ?? 100_000);

async function coldRender(
  site: Awaited<ReturnType<typeof compose>>['services']['site'],
  ids: number[],
  language: string,
  n: number,
) {
  // Warm the code paths (JIT) on other stories first.
  for (let i = 0; i < 200; i++) await site.article(language, ids[i % ids.length]!);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = ids[Math.floor(Math.random() * ids.length)]!;
    const t = process.hrtime.bigint();
    const page = await site.article(language, id);
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (!page) throw new Error(`no page for ${id}`);
  }
  return stats(samples);
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-bench-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    DEMO: '0',
    PORT: '0',
    HOST: '127.0.0.1',
    // The load comes from many "readers" on one loopback address, told apart by X-Forwarded-For.
    TRUST_PROXY: '1',
    POLL_VOTES_PER_ADDRESS_PER_HOUR: '1000000',
  });
  const composed = await compose(config);
  const { services, app, db } = composed;
  const rows: string[][] = [];
  const log = (s: string) => process.stderr.write(`${s}\n`);

  log(`seeding ${SMALL} stories…`);
  let t = Date.now();
  await services.seed.seedBulk(SMALL);
  log(`  ${((Date.now() - t) / 1000).toFixed(1)} s`);
  // Indexed for search now, not in the background while load runs.
  t = Date.now();
  await services.articles.indexSearch();
  log(`  indexed for search in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const idsOf = async () =>
    (
      await db
        .selectFrom('articles')
        .select('id')
        .where('language', '=', 'uk')
        .where('status', '=', 'published')
        .execute()
    ).map((r) => r.id);
  const small = await coldRender(services.site, await idsOf(), 'uk', 2000);
  rows.push([
    `cold article render, ${SMALL} stories (SQLite)`,
    `median ${small.median.toFixed(3)} ms`,
    `p99 ${small.p99.toFixed(3)} ms`,
    'target < 2 ms median',
  ]);

  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const ids = await idsOf();
  const article = await services.articles.get(actor, ids[ids.length - 1]!);
  for (const [label, urlPath, encoding] of PARTS.has('pages')
    ? ([
        ['article page', article.url, 'br, gzip'],
        ['home page', '/', 'br, gzip'],
        // Proxies and some crawlers send no Accept-Encoding: the identity bytes are kept ready too.
        ['home page, no Accept-Encoding', '/', ''],
      ] as const)
    : []) {
    const first = await fetchRaw(`${origin}${urlPath}`, encoding);
    if (first.status !== 200) throw new Error(`${urlPath}: ${first.status}`);
    const again = await fetchRaw(`${origin}${urlPath}`, encoding);
    const bare = await bareServer(again.headers, again.body);
    // Alternate the two servers and keep each one's best run: the machine's other work
    // then disturbs both alike.
    const runs: { shp: LoadResult; base: LoadResult }[] = [];
    for (let i = 0; i < 2; i++)
      runs.push({
        shp: await loadGet(`${origin}${urlPath}`, { encoding }),
        base: await loadGet(bare.url, { encoding }),
      });
    bare.close();
    const shp = runs.map((r) => r.shp).sort((a, b) => b.rps - a.rps)[0]!;
    const base = runs.map((r) => r.base).sort((a, b) => b.rps - a.rps)[0]!;
    const ratio = shp.rps / base.rps;
    rows.push([
      `cached ${label} (${again.body.length} B ${again.headers['content-encoding'] ?? 'identity'})`,
      `${Math.round(shp.rps)} req/s, p99 ${shp.p99} ms`,
      `bare node:http ${Math.round(base.rps)} req/s, p99 ${base.p99} ms`,
      `ratio ${ratio.toFixed(2)} (target ≥ 0.8)${shp.errors || shp.non2xx ? ` errors ${shp.errors} non2xx ${shp.non2xx}` : ''}`,
    ]);
  }

  composed.start();
  // Beacons: every request from a different reader, so every accepted beacon must be counted.
  if (PARTS.has('beacons')) {
    const story = ids[0]!;
    const viewsOf = async () =>
      Number(
        (
          await db
            .selectFrom('article_views')
            .select('views')
            .where('article_id', '=', story)
            .executeTakeFirst()
        )?.views ?? 0,
      );
    let readers = 0;
    const beacons = async (label: string) => {
      const before = await viewsOf();
      const countedBefore = services.views.stats.counted;
      const heapBefore = process.memoryUsage().heapUsed;
      const r = await load(`${origin}`, { mode: 'beacon', path: `/v/${story}`, firstReader: readers });
      readers += r.total + 100_000;
      // Beacons still in flight when the load stops are answered after it: wait for them.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await services.views.flush();
      const stored = (await viewsOf()) - before;
      const counted = services.views.stats.counted - countedBefore;
      const heap = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
      rows.push([
        label,
        `${Math.round(r.rps)} beacons/s, p99 ${r.p99} ms`,
        `${r.statusCodes['204'] ?? 0} answered 204 in time, ${counted} counted, ${stored} stored; heap ${heap >= 0 ? '+' : ''}${heap.toFixed(1)} MiB, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
        `${counted === stored ? 'every one accounted for' : `MISMATCH ${counted - stored}`} (target 20 000/s)`,
      ]);
    };
    await beacons('view beacons, distinct readers');
    // A breaking story half an hour in: millions of readers already counted in this window.
    const remembered = Number(process.env.BENCH_READERS ?? 10_000_000);
    log(`remembering ${remembered} readers…`);
    await rememberReaders(db, remembered);
    // The server reads them back as a restarted node would (its memory is made from the log).
    const rebuilding = performance.now();
    await services.views.flush();
    const rebuilt = (performance.now() - rebuilding) / 1000;
    const held = services.views.readers();
    rows.push([
      `readers of the last half-hour in memory, ${remembered} counted`,
      `${(held.bytes / 2 ** 20).toFixed(0)} MiB (${(held.bytes / held.readers).toFixed(1)} B a reader)`,
      `read back from the log in ${rebuilt.toFixed(1)} s (a restart)`,
      'bound ≤ 100 MB at 10 million',
    ]);
    await beacons(`view beacons, ${remembered} readers counted already`);
  }
  // Votes: every request a new reader with no cookie; every 200 must be one ballot.
  if (PARTS.has('votes')) {
    const poll = await services.polls.create(actor, {
      language: 'uk',
      question: 'Бенчмарк?',
      options: ['Так', 'Ні'],
    });
    const committedBefore = services.polls.stats.ballots;
    const r = await load(`${origin}`, {
      mode: 'vote',
      path: `/polls/${poll.id}/vote`,
      body: `option=${poll.options[0]!.id}`,
      origin: new URL(config.publicUrl).origin,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await services.polls.get(poll.id);
    const committed = services.polls.stats.ballots - committedBefore;
    const votes = after.options.reduce((n, o) => n + o.votes, 0);
    rows.push([
      'poll votes, distinct readers',
      `${Math.round(r.rps)} votes/s, p99 ${r.p99} ms`,
      `${r.statusCodes['200'] ?? 0} answered 200 in time, ${committed} accepted, ${after.total} ballots, ${votes} votes`,
      `${after.total === committed && votes === committed ? 'every one accounted for' : 'MISMATCH'} (target 5 000/s)`,
    ]);
  }
  await app.close().catch(() => {});

  if (LARGE > SMALL && PARTS.has('large')) {
    log(`seeding up to ${LARGE} stories…`);
    t = Date.now();
    await services.seed.seedBulk(LARGE - SMALL);
    log(`  ${((Date.now() - t) / 1000).toFixed(1)} s`);
    const large = await coldRender(services.site, await idsOf(), 'uk', 2000);
    const growth = (large.median / small.median - 1) * 100;
    rows.push([
      `cold article render, ${LARGE} stories (SQLite)`,
      `median ${large.median.toFixed(3)} ms`,
      `p99 ${large.p99.toFixed(3)} ms`,
      `growth ${growth.toFixed(1)}% (target ≤ 20%)`,
    ]);
  }
  await composed.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (PARTS.has('sitemap')) {
    log('streaming the sitemap of a million stories…');
    rows.push(await sitemapBench());
  }
  if (PARTS.has('search')) {
    log(`search at scale (BENCH_SEARCH_STORIES, default a million; built once, then kept in .tmp/)…`);
    rows.push(...(await searchScaleBench(log)));
  }
  if (PARTS.has('import')) {
    log('moving a DataLife Engine site in (BENCH_IMPORT_STORIES, default 100 000)…');
    rows.push(...(await importBench(log)));
  }
  if (PARTS.has('live')) {
    log("readers' live updates: open event streams on one process (BENCH_LIVE_CONNECTIONS)…");
    rows.push(...(await liveBench(log)));
  }
  if (PARTS.has('lighthouse')) {
    log("Lighthouse (mobile) on the demo newsroom, in Debian's Chromium…");
    rows.push(...(await lighthouseBench(log)));
  }
  if (PARTS.has('auth')) {
    log('password hashing and sign-ins…');
    rows.push(...(await authBench()));
  }
  if (PARTS.has('workers')) {
    log('production processes: cold start, all cores against nginx, SIGKILL…');
    rows.push(...(await workersBench(log)));
  }
  if (PARTS.has('editor')) {
    log('typing in the story editor in Chromium…');
    rows.push(...(await editorBench()));
  }

  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  console.log(
    `\nShpalta bench — ${os.cpus().length} cores, Node ${process.version}, ${SECONDS}s × ${CONNECTIONS} connections per load run; load by ${HAS_WRK ? 'wrk' : 'autocannon'}\n`,
  );
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join(' │ '));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
