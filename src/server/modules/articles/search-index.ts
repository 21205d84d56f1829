import { type Expression, type SqlBool, sql } from 'kysely';
import { documentText } from '../../../shared/content/text.ts';
import type { ContentDocument } from '../../../shared/content/types.ts';
import type { Executor } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import {
  foldWord,
  type SearchableText,
  type SearchPlan,
  searchDocument,
  searchKey,
  TERMS_VERSION,
} from '../search/index.ts';

export type { SearchableText };

/** The text of a stored content document ('' for anything that is not one). */
export function bodyText(doc: unknown): string {
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { content?: unknown }).content))
    return '';
  return documentText(doc as ContentDocument);
}

/**
 * Writes a story's search document (inside the transaction that changed it): under a key made
 * of its publication time and id, so the index keeps stories newest first. Called again when
 * the text or the publication time changes.
 */
export async function indexStory(
  ex: Executor,
  dialect: DialectHelpers,
  articleId: number,
  text: SearchableText,
): Promise<void> {
  const row = await ex
    .selectFrom('articles')
    .select(['published_at', 'search_key'])
    .where('id', '=', articleId)
    .executeTakeFirst();
  if (!row) return;
  const previous = row.search_key === null ? null : Number(row.search_key);
  let key = searchKey(Number(row.published_at), articleId);
  // Two stories in the same second whose ids differ by a multiple of 2^20: the next key.
  for (;;) {
    const taken = await ex
      .selectFrom('articles')
      .select('id')
      .where('search_key', '=', key)
      .where('id', '<>', articleId)
      .executeTakeFirst();
    if (!taken) break;
    key++;
  }
  await ex
    .updateTable('articles')
    .set({ search_key: key, search_version: TERMS_VERSION })
    .where('id', '=', articleId)
    .execute();
  await dialect.fullText.write(ex, previous, key, searchDocument(text));
}

/**
 * Stories not yet indexed with the current rules (after an upgrade, or imported in bulk),
 * newest first, a small batch at a time; returns how many were indexed. Between batches it
 * gives the event loop back: on SQLite every statement runs synchronously, and a pass over
 * many stories must not keep the site from answering meanwhile.
 */
export async function indexPending(
  ex: Executor,
  dialect: DialectHelpers,
  transaction: <T>(fn: (ex: Executor) => Promise<T>) => Promise<T>,
  opts: { batch?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const batch = opts.batch ?? 25;
  let done = 0;
  const total = opts.onProgress ? await pendingCount(ex) : 0;
  // Version by version, newest story first, each batch read from where the last one ended
  // (one step down the (search_version, id) index, however many stories are done).
  const versions = await ex
    .selectFrom('articles')
    .select('search_version')
    .distinct()
    .where('search_version', '<', TERMS_VERSION)
    .execute();
  for (const { search_version: version } of versions) {
    let below: number | null = null;
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      let query = ex
        .selectFrom('articles as a')
        .leftJoin('article_bodies as b', 'b.article_id', 'a.id')
        .select(['a.id', 'a.language', 'a.title', 'a.source', 'a.lead', 'b.body'])
        .where('a.search_version', '=', version);
      if (below !== null) query = query.where('a.id', '<', below);
      const rows = await query.orderBy('a.id', 'desc').limit(batch).execute();
      if (rows.length === 0) break;
      below = rows[rows.length - 1]!.id;
      await transaction(async (tx) => {
        for (const r of rows) {
          let doc: unknown = null;
          try {
            doc = r.body ? JSON.parse(r.body) : null;
          } catch {
            doc = null;
          }
          await indexStory(tx, dialect, r.id, {
            language: r.language,
            title: r.title,
            source: r.source,
            lead: r.lead,
            body: bodyText(doc),
          });
        }
      });
      done += rows.length;
      opts.onProgress?.(done, Math.max(total, done));
    }
  }
  return done;
}

/** Stories waiting to be indexed with the current rules. */
export async function pendingCount(ex: Executor): Promise<number> {
  const r = await ex
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('search_version', '<', TERMS_VERSION)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether any story waits to be indexed (one step down an index). */
export async function anyPending(ex: Executor): Promise<boolean> {
  const r = await ex
    .selectFrom('articles')
    .select('id')
    .where('search_version', '<', TERMS_VERSION)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * "The story has every word of the query", for the newsroom's list: in the index, or, for a
 * story not indexed yet, every word in its folded headline, source and lead.
 */
export function matchesAll(
  plan: SearchPlan,
  columns: { id: string; key: string; version: string; text: string },
  dialect: DialectHelpers,
  pending: boolean,
): Expression<SqlBool> {
  const indexed = sql<SqlBool>`(${sql.ref(columns.version)} = ${TERMS_VERSION} and ${sql.ref(columns.key)} in (select ${sql.ref(dialect.fullText.key)} from search_fts where ${dialect.fullText.match(plan.all)}))`;
  if (!pending) return indexed;
  return sql<SqlBool>`(${indexed} or ${unindexedMatch(plan, columns, dialect)})`;
}

/** A story not indexed yet (search_version behind) with every query word in its folded headline, source and lead. */
export function unindexedMatch(
  plan: SearchPlan,
  columns: { version: string; text: string },
  dialect: DialectHelpers,
): Expression<SqlBool> {
  const likes = plan.words.map((w) => dialect.contains(columns.text, foldWord(w)));
  return sql<SqlBool>`(${sql.ref(columns.version)} < ${TERMS_VERSION} and ${sql.join(likes, sql` and `)})`;
}
