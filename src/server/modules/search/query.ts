import type { Match, SearchDocument } from '../../db/full-text.ts';
import { foldWord, indexTerms, queryTerms, type SearchLanguage, words } from './morphology.ts';

/**
 * What the full-text index holds for a story and how a query is asked of it, the same on
 * SQLite (FTS5) and PostgreSQL (tsvector): the index only ever sees our own tokens, made by
 * `morphology.ts`, so both databases find exactly the same stories.
 *
 * A story's document is two kinds of token:
 * - each term (stem, alternation, romanised spelling) once, prefixed by the best field it is
 *   in: `h` headline, `l` lead and source, `b` text. "The word is in the headline" is then one
 *   token, not a weighted lookup, and a term is stored once whatever the fields.
 * - each pair of neighbouring folded words of the headline, the source and the lead
 *   (`pairToken`): the whole query standing as written is the conjunction of its pairs, an
 *   exact lookup in both indexes, with no positions to store or check.
 */

export const LANGUAGES: readonly SearchLanguage[] = ['uk', 'ru'];
export const searchLanguage = (language: string): SearchLanguage => (language === 'ru' ? 'ru' : 'uk');

/** Longer "words" (a URL, a hash) are not search terms. */
export const MAX_TERM = 64;
/** Query words beyond this many are ignored (a pasted paragraph is not a query). */
const MAX_QUERY_WORDS = 12;
/** Words whose field decides the rank; further words only have to be there. */
const RANKED_WORDS = 3;
/** What the whole query standing as written adds to the rank (two words or more). */
const PHRASE_BONUS = 3;

/** Field weights and their token prefixes. */
const PREFIX: Readonly<Record<number, string>> = { 3: 'h', 2: 'l', 1: 'b' };
const WEIGHTS = [3, 2, 1] as const;

/** What of a story is searched: headline (weight 3), lead and source (2), body (1). */
export interface SearchableText {
  language: string;
  title: string;
  source: string | null;
  lead: string;
  body: string;
}

/** The story's terms, each with the weight of the best field it appears in. */
function weightedTerms(t: SearchableText): Map<string, number> {
  const language = searchLanguage(t.language);
  const out = new Map<string, number>();
  // The text: no one- or two-letter words (prepositions and conjunctions, a large part of a
  // long text's terms, found only in headlines and leads).
  const fields: [text: string, weight: number, minLength: number][] = [
    [t.body, 1, 3],
    [`${t.lead} ${t.source ?? ''}`, 2, 1],
    [t.title, 3, 1],
  ];
  for (const [text, weight, minLength] of fields) {
    for (const term of indexTerms(text, language, minLength)) {
      if (term.length <= MAX_TERM && (out.get(term) ?? 0) < weight) out.set(term, weight);
    }
  }
  return out;
}

/**
 * One token for two neighbouring words: `q`, the first word's length, `x`, then both words
 * (letters and digits only, so both tokenizers keep it whole; the length makes it unique).
 */
export const pairToken = (first: string, second: string): string => `q${first.length}x${first}${second}`;

/** The folded words of a text, as the pairs and the phrase query see them. */
const foldedWords = (text: string): string[] =>
  words(text)
    .map(foldWord)
    .filter((w) => w.length > 0 && w.length <= MAX_TERM);

export function searchDocument(t: SearchableText): SearchDocument {
  const pairs = new Set<string>();
  // Each field on its own: a phrase does not run from the headline into the lead.
  for (const text of [t.title, t.source ?? '', t.lead]) {
    const ws = foldedWords(text);
    for (let i = 1; i < ws.length; i++) pairs.add(pairToken(ws[i - 1]!, ws[i]!));
  }
  const terms = [...weightedTerms(t)].map(([term, weight]) => `${PREFIX[weight]}${term}`);
  return { pairs: [...pairs], terms };
}

const token = (t: string): Match => ({ kind: 'token', token: t });
const or = (of: Match[]): Match => (of.length === 1 ? of[0]! : { kind: 'or', of });
const and = (of: Match[]): Match => (of.length === 1 ? of[0]! : { kind: 'and', of });

/** One rank of results: every story matching `match` has this score. */
export interface Tier {
  score: number;
  match: Match;
}

/** A query made ready for the index: null when it can match nothing. */
export interface SearchPlan {
  /** Any field, every word: the newsroom's filter and the count. */
  all: Match;
  /** From the best rank down; a story is in exactly one. */
  tiers: Tier[];
  /** The folded query words. */
  words: string[];
  /** The query words as typed (letters, digits, apostrophes). */
  written: string[];
  /** The whole query as written (two words or more), or null. */
  phrase: Match | null;
}

/** The query's words: letters and digits only, so quotes and operators are separators. */
export function queryWords(query: string): string[] {
  return words(query).slice(0, MAX_QUERY_WORDS);
}

/**
 * The ranks of a query. `withPhrase: false` leaves the phrase bonus out (when no story has
 * the phrase at all, the ranks that test it are only cost).
 */
export function searchPlan(query: string, opts: { withPhrase?: boolean } = {}): SearchPlan | null {
  const ws = queryWords(query);
  if (ws.length === 0) return null;
  const alternatives = ws.map((w) => queryTerms(w, LANGUAGES).filter((t) => t.length <= MAX_TERM));
  if (alternatives.some((a) => a.length === 0)) return null;
  const tokens = (i: number, weight: number) => alternatives[i]!.map((t) => token(`${PREFIX[weight]}${t}`));
  // The word's best field is this one: with several terms (forms, spellings) one may sit in
  // the headline and another in the text, and the story must land in one rank only.
  const at = (i: number, weight: number): Match => {
    const here = or(tokens(i, weight));
    const better = WEIGHTS.filter((w) => w > weight).flatMap((w) => tokens(i, w));
    return alternatives[i]!.length > 1 && better.length ? { kind: 'without', of: [here, or(better)] } : here;
  };
  const anywhere = (i: number) => or(WEIGHTS.flatMap((w) => tokens(i, w)));
  const all = and(alternatives.map((_, i) => anywhere(i)));

  const ranked = Math.min(RANKED_WORDS, ws.length);
  // The words past the ranked ones only have to be somewhere.
  const rest = alternatives.slice(ranked).map((_, i) => anywhere(ranked + i));
  const folded = ws.map(foldWord).filter((w) => w.length > 0 && w.length <= MAX_TERM);
  const phrase: Match | null =
    ws.length >= 2 && folded.length === ws.length && opts.withPhrase !== false
      ? and(folded.slice(1).map((w, i) => token(pairToken(folded[i]!, w))))
      : null;
  // Every combination of fields for the ranked words, grouped by the sum of their weights.
  const bySum = new Map<number, Match[]>();
  const walk = (i: number, sum: number, parts: Match[]) => {
    if (i === ranked) {
      const list = bySum.get(sum) ?? [];
      list.push(and(parts));
      bySum.set(sum, list);
      return;
    }
    for (const w of WEIGHTS) walk(i + 1, sum + w, [...parts, at(i, w)]);
  };
  walk(0, 0, []);
  const tiers: Tier[] = [];
  const top = 3 * ranked + (phrase ? PHRASE_BONUS : 0);
  for (let score = top; score >= ranked; score--) {
    const parts: Match[] = [];
    const plain = bySum.get(score);
    if (plain) parts.push(phrase ? { kind: 'without', of: [or(plain), phrase] } : or(plain));
    const withPhrase = phrase ? bySum.get(score - PHRASE_BONUS) : undefined;
    if (phrase && withPhrase) parts.push(and([or(withPhrase), phrase]));
    if (parts.length) tiers.push({ score, match: and([or(parts), ...rest]) });
  }
  return { all, tiers, words: folded, written: ws, phrase };
}

/**
 * The order key of a story in the index (and the FTS5 rowid): its publication second and
 * the low bits of its id, so "newest first" within a rank is the index's own order.
 */
export function searchKey(publishedAt: number, id: number): number {
  return Math.max(0, Math.floor(publishedAt / 1000)) * 1_048_576 + (id % 1_048_576);
}
