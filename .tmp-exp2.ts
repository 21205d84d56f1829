import { sql } from 'kysely';
import { openSite } from './test/harness.ts';
import { baseContent, testImage } from './test/factories.ts';
import { createDistributionRepo } from './src/server/distribution/index.ts';
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
const select = (n: ReturnType<typeof sql.raw>) => sql`select ${lit(base)} + ${n}, ${lit(base)} + ${n} - (${n} % 2), case when ${n} % 2 = 0 then 'uk' else 'ru' end, 'story-' || ${n}, 'Story number ' || ${n}, null, '', '', 1, ${lit(ids.politics.id)}, ${lit(ids.author.id)}, ${lit(media.id)}, '', '', 'published', ${lit(from)} + (${n} / 2) * ${lit(step)}, ${lit(from)}, ${lit(from)}, 0`;
if (site.database.dialect === 'sqlite') {
  await sql`insert into articles ${cols} with recursive seq(n) as (select 0 union all select n + 1 from seq where n < ${lit(N - 1)}) ${select(sql.raw('n'))} from seq`.execute(site.db);
} else {
  await sql`insert into articles ${cols} ${select(sql.raw('n'))} from generate_series(0, ${lit(N - 1)}) as n`.execute(site.db);
  await sql`select setval(pg_get_serial_sequence('articles', 'id'), (select max(id) from articles))`.execute(site.db);
}
console.log('insert', Date.now() - t); t = Date.now();
const repo = createDistributionRepo(site.db);
let after = null as null | {publishedAt: number; id: number};
for (let i = 0; i < 5; i++) {
  t = performance.now();
  const rows = await repo.sitemapBatch({ language: 'uk', from, to: from + 31*86400000, after, limit: 1000 });
  const t1 = performance.now();
  const v = await repo.versions([...new Set(rows.map(r => r.groupId!))]);
  const t2 = performance.now();
  console.log('batch', (t1 - t).toFixed(1), 'versions', (t2 - t1).toFixed(1), rows.length, v.length);
  const last = rows.at(-1)!; after = { publishedAt: last.publishedAt, id: last.id };
}
const q = site.db.selectFrom('articles as a').leftJoin('media as m', 'm.id', 'a.hero_media_id').select(['a.id']).where('a.status', '=', 'published').where('a.published_at', '<', 5).where('a.language', '=', 'uk').where('a.published_at', '>=', 3).where((eb) => eb.or([eb('a.published_at', '>', 3), eb.and([eb('a.published_at', '=', 3), eb('a.id', '>', 4)])])).orderBy('a.published_at').orderBy('a.id').limit(1000).compile();
const explain = dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
console.log((await sql.raw(explain + q.sql.replace(/\$(\d+)|\?/g, (m) => "'x'")).execute(site.db).catch(e => ({rows: [String(e)]}))).rows);
console.log(q.sql, q.parameters);
await site.dispose();
