import { type Expression, type SqlBool, sql } from 'kysely';
import { documentText } from '../../../shared/content/text.ts';
import type { ContentDocument } from '../../../shared/content/types.ts';
import { foldForSearch } from '../../../shared/search.ts';
import type { Executor } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import {
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
 * Writes stories' search documents (inside the transaction that changed them): each under a
 * key made of its publication time and id, so the index keeps stories newest first. Called
 * again when the text or the publication time changes; a batch costs a handful of statements.
 */
export async function indexStories(
  ex: Executor,
  dialect: DialectHelpers,
  stories: { id: number; text: SearchableText }[],
): Promise<void> {
  if (stories.length === 0) return;
  const ids = stories.map((s) => s.id);
  // Two nodes indexing overlapping batches take the stories in one order (no deadlock);
  // negative keys keep these apart from other advisory locks.
  await dialect.lockKeys(
    ex,
    ids.map((id) => -id),
  );
  const rows = await ex
    .selectFrom('articles')
    .select(['id', 'published_at', 'search_key'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const wanted = new Map<number, number>();
  for (const s of stories) {
    const r = byId.get(s.id);
    if (r) wanted.set(s.id, searchKey(Number(r.published_at), s.id));
  }
  // A key held by another story (same second, ids 2^20 apart; or a story of this batch that
  // is moving): such a story takes the next free key, on its own, after the others.
  const holders = await ex
    .selectFrom('articles')
    .select(['id', 'search_key'])
    .where('search_key', 'in', [...wanted.values()])
    .execute();
  const heldBy = new Map(holders.map((h) => [Number(h.search_key), h.id]));
  const together: number[] = [];
  const alone: number[] = [];
  for (const [id, key] of wanted) {
    const holder = heldBy.get(key);
    (holder === undefined || holder === id ? together : alone).push(id);
  }
  const texts = new Map(stories.map((s) => [s.id, s.text]));
  if (together.length) {
    const values = together.map((id) => sql`(cast(${id} as integer), cast(${wanted.get(id)!} as bigint))`);
    await sql`with v (id, k) as (values ${sql.join(values)})
      update articles set search_key = v.k, search_version = ${TERMS_VERSION} from v where articles.id = v.id`.execute(
      ex,
    );
    await dialect.fullText.write(
      ex,
      together.flatMap((id) => {
        const old = byId.get(id)?.search_key;
        return old === null || old === undefined ? [] : [Number(old)];
      }),
      together.map((id) => ({ key: wanted.get(id)!, doc: searchDocument(texts.get(id)!) })),
    );
  }
  for (const id of alone) {
    let key = wanted.get(id)! + 1;
    for (;;) {
      const taken = await ex
        .selectFrom('articles')
        .select('id')
        .where('search_key', '=', key)
        .where('id', '<>', id)
        .executeTakeFirst();
      if (!taken) break;
      key++;
    }
    const old = byId.get(id)?.search_key;
    await ex
      .updateTable('articles')
      .set({ search_key: key, search_version: TERMS_VERSION })
      .where('id', '=', id)
      .execute();
    await dialect.fullText.write(ex, old === null || old === undefined ? [] : [Number(old)], [
      { key, doc: searchDocument(texts.get(id)!) },
    ]);
  }
}

/** One story's search document (see `indexStories`). */
export function indexStory(
  ex: Executor,
  dialect: DialectHelpers,
  id: number,
  text: SearchableText,
): Promise<void> {
  return indexStories(ex, dialect, [{ id, text }]);
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
      await transaction((tx) =>
        indexStories(
          tx,
          dialect,
          rows.map((r) => {
            let doc: unknown = null;
            try {
              doc = r.body ? JSON.parse(r.body) : null;
            } catch {
              doc = null;
            }
            return {
              id: r.id,
              text: {
                language: r.language,
                title: r.title,
                source: r.source,
                lead: r.lead,
                body: bodyText(doc),
              },
            };
          }),
        ),
      );
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
  columns: { key: string; version: string; text: string },
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
  // Folded as the stored text is (apostrophes kept, unified), not as index terms are.
  const likes = plan.written.map((w) => dialect.contains(columns.text, foldForSearch(w)));
  return sql<SqlBool>`(${sql.ref(columns.version)} < ${TERMS_VERSION} and ${sql.join(likes, sql` and `)})`;
}
