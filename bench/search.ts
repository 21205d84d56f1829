/**
 * Search latency on a site: the whole results page as a reader gets it (query, ranking and
 * rendering; search pages are not cached), for one word of the stories' own headlines and
 * leads (the 60 in the most stories and the 60 in the fewest, of 240 sampled) and for two
 * words of a headline.
 */
import { sql } from 'kysely';
import type { compose } from '../src/server/compose.ts';
import { searchPlan } from '../src/server/modules/search/index.ts';
import { stats } from './load.ts';

type Composed = Awaited<ReturnType<typeof compose>>;

export async function searchBench(composed: Composed, label: string): Promise<string[][]> {
  const { services, db } = composed;
  // Words of the headlines and leads of a sample of stories: real words, in their real
  // frequencies; then split by how many stories each is in (the most and least common).
  const sample = await db
    .selectFrom('articles')
    .select(['title', 'lead'])
    .where('language', '=', 'uk')
    .where('status', '=', 'published')
    .orderBy(sql`random()`)
    .limit(200)
    .execute();
  const wordsOf = (text: string) =>
    text.split(/[\s,.:;!?«»"()]+/).filter((w) => /^[\p{L}'’ʼ-]{4,}$/u.test(w));
  const candidates = [...new Set(sample.flatMap((r) => [...wordsOf(r.title), ...wordsOf(r.lead)]))].slice(
    0,
    240,
  );
  const counted: { word: string; n: number }[] = [];
  for (const word of candidates) counted.push({ word, n: await countMatches(composed, word) });
  counted.sort((x, y) => y.n - x.n);
  const common = counted.slice(0, 60);
  const rare = counted.filter((c) => c.n > 0).slice(-60);
  const two = sample
    .map((r) => wordsOf(r.title))
    .filter((w) => w.length >= 2)
    .map((w) => `${w[0]} ${w[1]}`)
    .slice(0, 80);
  const timed = async (q: string) => {
    const t = performance.now();
    await services.site.search('uk', q, null, false);
    return performance.now() - t;
  };
  // Warm up, then each query once.
  for (const { word } of counted.slice(0, 10)) await timed(word);
  const times = async (qs: string[]) => {
    const out: number[] = [];
    for (const q of qs) out.push(await timed(q));
    return out;
  };
  const commonMs = await times(common.map((c) => c.word));
  const rareMs = await times(rare.map((c) => c.word));
  const pairMs = await times(two);
  const fmt = (xs: number[]) => {
    if (!xs.length) return 'none';
    const s = stats(xs);
    const p95 = [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
    return `median ${s.median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${xs.length})`;
  };
  const range = (cs: { n: number }[]) =>
    cs.length ? `${cs[cs.length - 1]!.n}–${cs[0]!.n} stories each` : '';
  return [
    [`search, one common word, ${label}`, fmt(commonMs), range(common), 'target p95 < 50 ms'],
    [`search, one rarer word, ${label}`, fmt(rareMs), range(rare), 'target p95 < 50 ms'],
    [`search, two words of a headline, ${label}`, fmt(pairMs), 'whole results page', 'target p95 < 50 ms'],
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
