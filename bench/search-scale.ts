/**
 * `npm run bench` part "search": search latency at a million stories (BENCH_SEARCH_STORIES),
 * on SQLite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL, on it too.
 *
 * The stories are written straight into the tables (the seed command's import path takes
 * about 2 ms a story, which is hours for a million): headlines, leads and bodies recombined
 * from the demo generator's own texts, so words keep the generator's frequencies. They are
 * then indexed by the site's real background pass (`indexSearch`), timed, with a progress
 * bar. A built SQLite site is kept in `.tmp/` and reused by the next run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Insertable, sql } from 'kysely';
import { progressBar } from '../src/server/cli/progress.ts';
import { compose } from '../src/server/compose.ts';
import { loadConfig } from '../src/server/config.ts';
import type { Database } from '../src/server/db/schema.ts';
import { generateStories } from '../src/server/demo/generate.ts';
import { searchBench } from './search.ts';

type Composed = Awaited<ReturnType<typeof compose>>;

const COUNT = Number(process.env.BENCH_SEARCH_STORIES ?? 1_000_000);
/** Raise when the loader below changes what it writes (a kept site is then built again). */
const LOADER_VERSION = 1;

const strip = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' ');

/** Texts of the demo generator to recombine: headlines, leads and paragraphs per language. */
function pool() {
  const out = {
    uk: { titles: [] as string[], leads: [] as string[], paras: [] as string[] },
    ru: { titles: [] as string[], leads: [] as string[], paras: [] as string[] },
  };
  for (const s of generateStories({ count: 4000, now: Date.UTC(2026, 0, 1), spanDays: 400, seed: 11 })) {
    for (const v of s.versions) {
      const p = out[v.language];
      p.titles.push(v.title);
      p.leads.push(v.lead);
      for (const m of v.bodyHtml.matchAll(/<p>(.*?)<\/p>/gs)) p.paras.push(strip(m[1]!).trim());
    }
  }
  return out;
}

/** Writes `count` published stories over the last five years (two thirds Ukrainian). */
async function load(composed: Composed, count: number): Promise<void> {
  const { db } = composed;
  const texts = pool();
  const section = await db.selectFrom('sections').select('id').orderBy('id').executeTakeFirstOrThrow();
  const author = await db.selectFrom('authors').select('id').orderBy('id').executeTakeFirstOrThrow();
  const { max } = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('id').as('max'))
    .executeTakeFirstOrThrow();
  const base = Number(max ?? 0) + 1;
  const end = Date.UTC(2026, 10, 1);
  const span = 5 * 365 * 86_400_000;
  const bar = progressBar(`writing ${count} stories`);
  const BATCH = 500;
  for (let start = 0; start < count; start += BATCH) {
    const articles: Insertable<Database['articles']>[] = [];
    const bodies: Insertable<Database['article_bodies']>[] = [];
    for (let n = start; n < Math.min(count, start + BATCH); n++) {
      const language = n % 3 === 2 ? 'ru' : 'uk';
      const p = texts[language];
      const pick = (list: string[], k: number) => list[(n * k + Math.floor(n / list.length)) % list.length]!;
      const title =
        `${pick(p.titles, 7)} ${n % 10 === 0 ? pick(p.titles, 13).split(' ').slice(-2).join(' ') : ''}`.trim();
      const lead = pick(p.leads, 11);
      const paras = [
        pick(p.paras, 17),
        pick(p.paras, 19),
        pick(p.paras, 23),
        pick(p.paras, 29),
        pick(p.paras, 31),
      ];
      const at = end - Math.floor(((count - n) / count) * span);
      const id = base + n;
      articles.push({
        id,
        language,
        slug: `story-${id}`,
        title,
        lead,
        body_html: paras.map((t) => `<p>${t}</p>`).join(''),
        render_version: 1,
        section_id: section.id,
        author_id: author.id,
        hero_alt: '',
        hero_caption: '',
        status: 'published' as const,
        published_at: at,
        created_at: at,
        updated_at: at,
        pinned: 0,
        search_text: `${title} ${lead}`.toLowerCase(),
      });
      bodies.push({
        article_id: id,
        body: JSON.stringify({
          type: 'doc',
          content: paras.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
        }),
      });
    }
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('articles').values(articles).execute();
      await tx.insertInto('article_bodies').values(bodies).execute();
    });
    bar.update(Math.min(count, start + BATCH), count);
  }
  if (composed.database.dialect === 'postgres') {
    await sql`select setval(pg_get_serial_sequence('articles', 'id'), (select max(id) from articles))`.execute(
      db,
    );
    await sql`analyze articles`.execute(db);
  }
}

async function site(dialect: 'sqlite' | 'postgres', url: string | undefined) {
  const dir = path.resolve('.tmp', `bench-search-${COUNT}-v${LOADER_VERSION}`);
  fs.mkdirSync(dir, { recursive: true });
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    DEMO: '0',
    PORT: '0',
    ...(dialect === 'postgres' && url ? { DATABASE_URL: url } : {}),
  });
  const composed = await compose(config);
  return { composed, dir };
}

/** A database of its own next to the one named (kept between runs, like the SQLite site). */
async function benchDatabase(url: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const name = `shpalta_bench_search_${COUNT}_v${LOADER_VERSION}`;
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${name}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    return u.toString();
  } finally {
    await client.end();
  }
}

export async function searchScaleBench(log: (s: string) => void): Promise<string[][]> {
  const rows: string[][] = [];
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const only = (process.env.BENCH_SEARCH_DIALECTS ?? 'sqlite,postgres').split(',');
  for (const dialect of (['sqlite', 'postgres'] as const).filter((d) => only.includes(d))) {
    if (dialect === 'postgres' && !pgUrl) {
      rows.push([
        `search, ${COUNT} stories (PostgreSQL)`,
        'SKIPPED: no BENCH_DATABASE_URL or TEST_DATABASE_URL',
        '',
        '',
      ]);
      continue;
    }
    const { composed, dir } = await site(
      dialect,
      dialect === 'postgres' ? await benchDatabase(pgUrl!) : undefined,
    );
    try {
      const { db, services } = composed;
      const have = Number(
        (
          await db
            .selectFrom('articles')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      let writeS = 0;
      if (have < COUNT) {
        if (have === 0) await services.seed.seedBulk(1);
        log(`  ${dialect}: writing ${COUNT - Math.max(1, have)} stories…`);
        const t = Date.now();
        await load(composed, COUNT - Math.max(1, have));
        writeS = (Date.now() - t) / 1000;
      }
      // Whatever is not indexed yet (all of it on a new site; nothing on a kept one).
      log(`  ${dialect}: indexing…`);
      const bar = progressBar('indexing for search');
      const t = Date.now();
      const indexed = await services.articles.indexSearch({ batch: 1000, onProgress: bar.update });
      // As `search reindex` leaves it: merged (FTS5), vacuumed and analysed (PostgreSQL).
      await composed.database.unlimited((free) => composed.database.helpers.fullText.optimize(free));
      const indexS = (Date.now() - t) / 1000;
      const marker = path.join(dir, `built-${dialect}`);
      if (indexed > COUNT / 2) {
        fs.writeFileSync(
          marker,
          `${indexed} stories indexed in ${indexS.toFixed(0)} s (${(indexed / indexS).toFixed(0)}/s${writeS ? `; written in ${writeS.toFixed(0)} s` : ''})`,
        );
      }
      const built = fs.existsSync(marker)
        ? `${fs.readFileSync(marker, 'utf8')}${indexed > COUNT / 2 ? '' : ' (built by an earlier run)'}`
        : `${indexed} indexed now`;
      const size = await services.articles.searchIndexSize();
      const name = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      rows.push([
        `search index, ${COUNT} stories (${name})`,
        built,
        `${(size / 1048576).toFixed(0)} MiB`,
        '',
      ]);
      rows.push(...(await searchBench(composed, `${COUNT} stories (${name})`)));
    } finally {
      await composed.close();
    }
  }
  return rows;
}
