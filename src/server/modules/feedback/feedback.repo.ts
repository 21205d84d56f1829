import type { Executor } from '../../db/database.ts';

export interface FeedbackItem {
  id: number;
  articleId: number | null;
  language: string;
  message: string;
  email: string;
  status: string;
  createdAt: number;
  resolvedAt: number | null;
}

/** `feedback`: readers' reports, open until marked done. */
export function feedbackRepo(ex: Executor) {
  return {
    async insert(v: {
      articleId: number | null;
      language: string;
      message: string;
      email: string;
      addressHash: string;
      at: number;
    }): Promise<number> {
      const r = await ex
        .insertInto('feedback')
        .values({
          article_id: v.articleId,
          language: v.language,
          message: v.message,
          email: v.email,
          address_hash: v.addressHash,
          created_at: v.at,
          resolved_at: null,
          resolved_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    /** Reports sent from one address since a time (the per-address limit). */
    async countFrom(addressHash: string, since: number): Promise<number> {
      const r = await ex
        .selectFrom('feedback')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('address_hash', '=', addressHash)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async list(status: 'open' | 'done', before: number | null, limit: number): Promise<FeedbackItem[]> {
      let q = ex
        .selectFrom('feedback')
        .select(['id', 'article_id', 'language', 'message', 'email', 'status', 'created_at', 'resolved_at'])
        .where('status', '=', status);
      if (before !== null) q = q.where('id', '<', before);
      const rows = await q.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: r.id,
        articleId: r.article_id,
        language: r.language,
        message: r.message,
        email: r.email,
        status: r.status,
        createdAt: Number(r.created_at),
        resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
      }));
    },
    async resolve(id: number, at: number, by: string): Promise<boolean> {
      const r = await ex
        .updateTable('feedback')
        .set({ status: 'done', resolved_at: at, resolved_by: by })
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}
