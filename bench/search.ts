/**
 * Search latency on the bench's site: the whole results page as a reader gets it (query,
 * ranking and rendering; search pages are not cached), for one- and two-word queries made
 * of words from the stories' own headlines, split into common and rare ones by how many
 * stories they match.
 */
import { sql } from 'kysely';
import type { compose } from '../src/server/compose.ts';
import { searchPlan } from '../src/server/modules/search/index.ts';
import { stats } from './load.ts';

type Composed = Awaited<ReturnType<typeof compose>>;

export async function searchBench(composed: Composed, label: string): Promise<string[][]> {
  const { services, db } = composed;
  let t = Date.now();
  const indexed = await services.articles.indexSearch();
  const buildMs = Date.now() - t;
  // Headline words of a sample of stories: real words, in their real frequencies.
  const sample = await db
    .selectFrom('articles')
    .select('title')
    .where('language', '=', 'uk')
    .where('status', '=', 'published')
    .orderBy(sql`random()`)
    .limit(200)
    .execute();
  const words = sample.map((r) => r.title.split(/\s+/).filter((w) => /^[\p{L}'’ʼ-]{4,}$/u.test(w)));
  const one = [...new Set(words.flat())].slice(0, 120);
  const two = words
    .filter((w) => w.length >= 2)
    .map((w) => `${w[0]} ${w[1]}`)
    .slice(0, 80);
  const timed = async (q: string) => {
    t = performance.now();
    await services.site.search('uk', q, null, false);
    return performance.now() - t;
  };
  // Warm up, then each query once, split by how many stories its first word has.
  for (const q of one.slice(0, 10)) await timed(q);
  const common: number[] = [];
  const rare: number[] = [];
  const pairs: number[] = [];
  for (const q of one) {
    const ms = await timed(q);
    const n = await countMatches(composed, q);
    (n >= 1000 ? common : rare).push(ms);
  }
  for (const q of two) pairs.push(await timed(q));
  const fmt = (xs: number[]) => {
    if (!xs.length) return 'none';
    const s = stats(xs);
    const p95 = [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
    return `median ${s.median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${xs.length})`;
  };
  return [
    [
      `search index, ${label}`,
      `built in ${(buildMs / 1000).toFixed(1)} s (${indexed} stories indexed now)`,
      '',
      '',
    ],
    [
      `search, one common word (≥ 1000 stories), ${label}`,
      fmt(common),
      'whole results page',
      'target p95 < 50 ms',
    ],
    [`search, one rarer word, ${label}`, fmt(rare), 'whole results page', 'target p95 < 50 ms'],
    [`search, two words, ${label}`, fmt(pairs), 'whole results page', 'target p95 < 50 ms'],
  ];
}

/** Stories with the word in any field (how common it is). */
async function countMatches(composed: Composed, word: string): Promise<number> {
  const plan = searchPlan(word);
  if (!plan) return 0;
  const { fullText } = composed.database.helpers;
  const r = await composed.db
    .selectFrom('search_fts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(fullText.match(plan.all))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
