import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { documentText } from '../../../shared/content/text.ts';
import type { ContentDocument } from '../../../shared/content/types.ts';
import type { Executor } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import {
  foldWord,
  indexTerms,
  queryTerms,
  type SearchLanguage,
  TERMS_VERSION,
  words,
} from '../search/index.ts';

/** What of a story is searched: headline (weight 3), lead and source (2), body (1). */
export interface SearchableText {
  language: string;
  title: string;
  source: string | null;
  lead: string;
  body: string;
}

const LANGUAGES: SearchLanguage[] = ['uk', 'ru'];
const searchLanguage = (language: string): SearchLanguage => (language === 'ru' ? 'ru' : 'uk');
/** Longer "words" (a URL, a hash) are not search terms. */
const MAX_TERM = 64;

/** The story's terms, each with the weight of the best field it appears in. */
export function weightedTerms(t: SearchableText): Map<string, number> {
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

/** The text of a stored content document ('' for anything that is not one). */
export function bodyText(doc: unknown): string {
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { content?: unknown }).content))
    return '';
  return documentText(doc as ContentDocument);
}

/** Replaces a story's terms (inside the transaction that changed it). */
export async function indexStory(ex: Executor, articleId: number, text: SearchableText): Promise<void> {
  await ex.deleteFrom('search_terms').where('article_id', '=', articleId).execute();
  const rows = [...weightedTerms(text)].map(([term, weight]) => ({ term, article_id: articleId, weight }));
  for (let i = 0; i < rows.length; i += 500) {
    // Another node indexing the same story at the same moment writes the same rows: take turns.
    await ex
      .insertInto('search_terms')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['term', 'article_id']).doUpdateSet((eb) => ({ weight: eb.ref('excluded.weight') })),
      )
      .execute();
  }
  await ex
    .updateTable('articles')
    .set({ search_version: TERMS_VERSION })
    .where('id', '=', articleId)
    .execute();
}

/**
 * Stories not yet indexed with the current rules (after an upgrade, or imported in bulk),
 * a small batch at a time; returns how many were indexed. Between batches it gives the
 * event loop back: on SQLite every statement runs synchronously, and a pass over many
 * stories must not keep the site from answering meanwhile.
 */
export async function indexPending(
  ex: Executor,
  transaction: <T>(fn: (ex: Executor) => Promise<T>) => Promise<T>,
  batch = 25,
): Promise<number> {
  let done = 0;
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    const rows = await ex
      .selectFrom('articles as a')
      .leftJoin('article_bodies as b', 'b.article_id', 'a.id')
      .select(['a.id', 'a.language', 'a.title', 'a.source', 'a.lead', 'b.body'])
      .where('a.search_version', '<', TERMS_VERSION)
      .orderBy('a.id')
      .limit(batch)
      .execute();
    if (rows.length === 0) return done;
    await transaction(async (tx) => {
      for (const r of rows) {
        let doc: unknown = null;
        try {
          doc = r.body ? JSON.parse(r.body) : null;
        } catch {
          doc = null;
        }
        await indexStory(tx, r.id, {
          language: r.language,
          title: r.title,
          source: r.source,
          lead: r.lead,
          body: bodyText(doc),
        });
      }
    });
    done += rows.length;
  }
}

/**
 * The condition "the story has this query word": one of the word's terms is among the
 * story's terms; a story not indexed yet is matched the old way, by its folded headline,
 * source and lead. A query word with no letters or digits matches nothing.
 */
export function hasWord(
  word: string,
  columns: { id: string; version: string; text: string },
  dialect: DialectHelpers,
): Expression<SqlBool>[] {
  const parts = words(word);
  if (parts.length === 0) return [sql<SqlBool>`1 = 0`];
  return parts.map((w) => {
    const alternatives = queryTerms(w, LANGUAGES).filter((t) => t.length <= MAX_TERM);
    if (alternatives.length === 0) return sql<SqlBool>`1 = 0`;
    return sql<SqlBool>`(${sql.ref(columns.id)} in (select article_id from search_terms where term in (${sql.join(alternatives)})) or (${sql.ref(columns.version)} < ${TERMS_VERSION} and ${dialect.contains(columns.text, foldWord(w))}))`;
  });
}

/**
 * A story's relevance to a query: for each word, the weight of the best field it is in
 * (headline 3, lead and source 2, text 1), summed; and 3 more when the whole query (two
 * words or more) stands as written in the headline, source or lead.
 */
export function relevance(query: string[], columns: { id: string; text: string }): RawBuilder<number> {
  const all = query.flatMap((q) => words(q));
  const perWord = all.map((w) => {
    const alternatives = queryTerms(w, LANGUAGES).filter((t) => t.length <= MAX_TERM);
    return alternatives.length
      ? sql<number>`coalesce((select max(st.weight) from search_terms st where st.article_id = ${sql.ref(columns.id)} and st.term in (${sql.join(alternatives)})), 0)`
      : sql<number>`0`;
  });
  const phrase = all.map((w) => foldWord(w)).join(' ');
  const bonus =
    all.length >= 2
      ? sql<number>`case when ${sql.ref(columns.text)} like ${`%${phrase.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\' then 3 else 0 end`
      : sql<number>`0`;
  return sql<number>`(${sql.join([...perWord, bonus], sql` + `)})`;
}
