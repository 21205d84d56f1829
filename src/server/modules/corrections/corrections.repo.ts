import type { Executor } from '../../db/database.ts';

export interface CorrectionRow {
  id: number;
  articleId: number;
  language: string;
  text: string;
  createdAt: number;
}

const toRow = (r: {
  id: number;
  article_id: number;
  language: string;
  text: string;
  created_at: number;
}) => ({
  id: r.id,
  articleId: r.article_id,
  language: r.language,
  text: r.text,
  createdAt: Number(r.created_at),
});

/** `article_corrections`: appended, never updated or deleted here. */
export function correctionsRepo(ex: Executor) {
  const columns = ['id', 'article_id', 'language', 'text', 'created_at'] as const;
  return {
    async insert(v: {
      articleId: number;
      language: string;
      text: string;
      at: number;
      by: string;
    }): Promise<number> {
      const r = await ex
        .insertInto('article_corrections')
        .values({
          article_id: v.articleId,
          language: v.language,
          text: v.text,
          created_at: v.at,
          created_by: v.by,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },

    /** A story's corrections, oldest first (the order they were made in). */
    async ofArticle(articleId: number): Promise<CorrectionRow[]> {
      const rows = await ex
        .selectFrom('article_corrections')
        .select(columns)
        .where('article_id', '=', articleId)
        .orderBy('id')
        .execute();
      return rows.map(toRow);
    },

    /** The newest corrections of one language, before a cursor (an id). */
    async latest(language: string, before: number | null, limit: number): Promise<CorrectionRow[]> {
      let q = ex.selectFrom('article_corrections').select(columns).where('language', '=', language);
      if (before !== null) q = q.where('id', '<', before);
      return (await q.orderBy('id', 'desc').limit(limit).execute()).map(toRow);
    },
  };
}
