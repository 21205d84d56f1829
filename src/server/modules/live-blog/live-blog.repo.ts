import type { Executor } from '../../db/database.ts';

export interface LiveUpdate {
  id: number;
  articleId: number;
  text: string;
  pinned: boolean;
  createdAt: number;
}

const COLUMNS = ['id', 'article_id', 'text', 'pinned', 'created_at'] as const;
const toUpdate = (r: {
  id: number;
  article_id: number;
  text: string;
  pinned: number;
  created_at: number;
}): LiveUpdate => ({
  id: r.id,
  articleId: r.article_id,
  text: r.text,
  pinned: r.pinned === 1,
  createdAt: Number(r.created_at),
});

/** `live_updates`: appended; only the pin changes afterwards. */
export function liveBlogRepo(ex: Executor) {
  return {
    async insert(v: {
      articleId: number;
      text: string;
      pinned: boolean;
      at: number;
      by: string;
    }): Promise<number> {
      const r = await ex
        .insertInto('live_updates')
        .values({
          article_id: v.articleId,
          text: v.text,
          pinned: v.pinned ? 1 : 0,
          created_at: v.at,
          created_by: v.by,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async find(id: number): Promise<LiveUpdate | undefined> {
      const r = await ex.selectFrom('live_updates').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return r ? toUpdate(r) : undefined;
    },
    async pin(id: number, pinned: boolean): Promise<void> {
      await ex
        .updateTable('live_updates')
        .set({ pinned: pinned ? 1 : 0 })
        .where('id', '=', id)
        .execute();
    },
    /** A story's updates, newest first. */
    async ofArticle(articleId: number, limit: number): Promise<LiveUpdate[]> {
      const rows = await ex
        .selectFrom('live_updates')
        .select(COLUMNS)
        .where('article_id', '=', articleId)
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toUpdate);
    },
  };
}
