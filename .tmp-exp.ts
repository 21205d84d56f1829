import { sql } from 'kysely';
import { openSite } from './test/harness.ts';
import { baseContent, testImage } from './test/factories.ts';
import { createDistribution } from './src/server/distribution/index.ts';
const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const N = Number(process.argv[3] ?? 1_000_000);
const site = await openSite(dialect);
const ids = await baseContent(site);
const media = await site.services.media.ingest(await testImage(), {});
const from = Date.UTC(2023, 2, 1);
const step = Math.floor((31 * 86_400_000) / (N / 2));
let t = Date.now();
const base = 1000;
const lit = sql.lit;
const cols = sql`(id, group_id, language, slug, title, source, lead, body_html, render_version, section_id, author_id, hero_media_id, hero_alt, hero_caption, status, published_at, created_at, updated_at, pinned)`;
const select = (n: ReturnType<typeof sql.raw>) => sql`select ${lit(base)} + ${n}, ${lit(base)} + ${n} - (${n} % 2), case when ${n} % 2 = 0 then 'uk' else 'ru' end, 'story-' || ${n}, 'Story number ' || ${n}, null, '', '', 1, ${lit(ids.politics.id)}, ${lit(ids.author.id)}, ${lit(media.id)}, '', '', 'published', ${lit(from)} + cast(${n} / 2 as bigint) * ${lit(step)}, ${lit(from)}, ${lit(from)}, 0`;
if (site.database.dialect === 'sqlite') {
  await sql`insert into articles ${cols} with recursive seq(n) as (select 0 union all select n + 1 from seq where n < ${lit(N - 1)}) ${select(sql.raw('n'))} from seq`.execute(site.db);
} else {
  await sql`insert into articles ${cols} ${select(sql.raw('n'))} from generate_series(0, ${lit(N - 1)}) as n`.execute(site.db);
  await sql`analyze articles`.execute(site.db);
  await sql`select setval(pg_get_serial_sequence('articles', 'id'), (select max(id) from articles))`.execute(site.db);
}
console.log('insert', Date.now() - t); t = Date.now();
const dist = createDistribution({ db: site.db, cache: site.cache, mediaFile: site.services.media.variantPath, urls: site.urls, languages: ['uk','ru'], publicUrl: 'https://x.org', siteName: 'S', timeZone: 'Europe/Kyiv' });
const idx = await dist.service.sitemapIndex();
console.log('index', Date.now() - t, idx.html.split('<sitemap>').length - 1); t = Date.now();
const body = await dist.service.storySitemap({ kind: 'articles', language: 'uk', year: 2023, month: 3, part: 1 });
console.log('plan', Date.now() - t); t = Date.now();
let bytes = 0, chunks = 0;
for await (const c of body!) { bytes += c.length; chunks++; }
console.log('stream part', Date.now() - t, bytes, chunks);
await site.dispose();
