import http from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { createDistribution, type DistributionOptions } from '../src/server/distribution/index.ts';
import { PageCache } from '../src/server/site/page-cache.ts';
import type { TestSite } from './harness.ts';

/**
 * Sitemaps at scale, shared by the suite (50 000 stories) and `npm run bench` (a million):
 * a bulk fixture and the memory of one streamed sitemap response.
 */
export const PUBLIC = 'https://news.example.org';

export const mib = (n: number) => (n / 2 ** 20).toFixed(1);

export function mount(site: TestSite, o: Partial<DistributionOptions> = {}) {
  const dist = createDistribution({
    sources: site.services,
    cache: site.cache,
    mediaFile: site.services.media.file,
    urls: site.urls,
    languages: ['uk', 'ru'],
    publicUrl: PUBLIC,
    siteName: 'Шпальта',
    timeZone: 'Europe/Kyiv',
    ...o,
  });
  const app = Fastify({ routerOptions: { maxParamLength: 300 } });
  return app.register(async (instance) => dist.routes(instance)).then(() => app);
}

/**
 * Published stories written straight into the database in one INSERT … SELECT: `pairs`
 * Ukrainian stories each with a Russian translation (same group), spread evenly over
 * [from, from + spanMs), all with the same hero image.
 */
export async function bulkStories(
  site: TestSite,
  o: { pairs: number; from: number; spanMs: number; sectionId: number; authorId: number; mediaId: number },
) {
  const { max } = await site.db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  const base = Number(max ?? 0) + 1;
  const step = Math.max(1, Math.floor(o.spanMs / o.pairs));
  const lit = sql.lit;
  const n = sql.ref('n');
  const rows = sql`select ${lit(base)} + ${n}, ${lit(base)} + ${n} - (${n} % 2),
      case when ${n} % 2 = 0 then 'uk' else 'ru' end, 'story-' || ${n}, 'Story number ' || ${n},
      null, '', '', 1, ${lit(o.sectionId)}, ${lit(o.authorId)}, ${lit(o.mediaId)}, '', '', 'published',
      ${lit(o.from)} + cast(${n} / 2 as bigint) * ${lit(step)},
      ${lit(o.from)}, ${lit(o.from)} + cast(${n} / 2 as bigint) * ${lit(step)}, 0`;
  const columns = sql`(id, group_id, language, slug, title, source, lead, body_html, render_version,
      section_id, author_id, hero_media_id, hero_alt, hero_caption, status, published_at, created_at,
      updated_at, pinned)`;
  const count = lit(o.pairs * 2 - 1);
  if (site.database.dialect === 'sqlite') {
    await sql`insert into articles ${columns}
      with recursive seq(n) as (select 0 union all select n + 1 from seq where n < ${count})
      ${rows} from seq`.execute(site.db);
  } else {
    await sql`insert into articles ${columns} ${rows} from generate_series(0, ${count}) as n`.execute(
      site.db,
    );
    // Explicit ids leave the identity behind; a bulk load is followed by fresh statistics, as in production.
    await sql`select setval(pg_get_serial_sequence('articles', 'id'), (select max(id) from articles))`.execute(
      site.db,
    );
    await sql`analyze articles`.execute(site.db);
  }
}

/**
 * Streams one sitemap file over real HTTP with a single file per month, and measures the live
 * heap (after a full GC every quarter second), raw heap and RSS growth over the baseline.
 */
export async function streamedSitemapMemory(site: TestSite, rows: number, file: string) {
  const app = await mount(site, { maxUrlsPerSitemap: rows, cache: new PageCache({ maxEntries: 0 }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  const baseline = process.memoryUsage();
  let peakLive = baseline.heapUsed;
  let peakHeap = baseline.heapUsed;
  let peakRss = baseline.rss;
  let lastGc = Date.now();
  const sample = () => {
    let m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    if (Date.now() - lastGc >= 250) {
      gc();
      lastGc = Date.now();
      m = process.memoryUsage();
      peakLive = Math.max(peakLive, m.heapUsed);
    }
    peakRss = Math.max(peakRss, m.rss);
  };
  const timer = setInterval(sample, 20);
  const started = Date.now();
  let bytes = 0;
  let urls = 0;
  let tail = '';
  await new Promise<void>((resolve, reject) => {
    http
      .get(`http://127.0.0.1:${port}/sitemaps/${file}`, (res) => {
        if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          bytes += Buffer.byteLength(chunk);
          // Count entries without keeping the document: only a tail that may hold a split tag.
          const text = tail + chunk;
          urls += text.split('<url>').length - 1;
          tail = text.slice(-4);
          sample();
        });
        res.on('end', resolve);
        res.on('error', reject);
      })
      .on('error', reject);
  });
  clearInterval(timer);
  await app.close();
  return {
    urls,
    bytes,
    seconds: (Date.now() - started) / 1000,
    live: peakLive - baseline.heapUsed,
    heap: peakHeap - baseline.heapUsed,
    rss: peakRss - baseline.rss,
  };
}
