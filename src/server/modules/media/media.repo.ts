import type { Executor } from '../../db/database.ts';

/** The media area's table (`media`); no other module queries it. */
export function mediaRepo(ex: Executor) {
  return {
    async insert(v: {
      width: number;
      height: number;
      widths: number[];
      credit: string;
      credits: Record<string, string>;
      at: number;
    }) {
      const row = await ex
        .insertInto('media')
        .values({
          width: v.width,
          height: v.height,
          variant_widths: v.widths.join(','),
          credit: v.credit,
          credits: JSON.stringify(v.credits),
          created_at: v.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async byIds(ids: number[]) {
      if (ids.length === 0) return [];
      return ex.selectFrom('media').selectAll().where('id', 'in', ids).execute();
    },

    async byId(id: number) {
      return ex.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Newest first, keyset by id: the page after `beforeId` (exclusive), `limit` rows at most. */
    async page(q: { beforeId?: number; limit: number }) {
      let query = ex.selectFrom('media').selectAll();
      if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
      return query.orderBy('id', 'desc').limit(q.limit).execute();
    },

    async update(
      id: number,
      v: { credit?: string; credits?: Record<string, string>; focalX?: number; focalY?: number },
    ) {
      await ex
        .updateTable('media')
        .set({
          ...(v.credit !== undefined ? { credit: v.credit } : {}),
          ...(v.credits !== undefined ? { credits: JSON.stringify(v.credits) } : {}),
          ...(v.focalX !== undefined ? { focal_x: v.focalX } : {}),
          ...(v.focalY !== undefined ? { focal_y: v.focalY } : {}),
        })
        .where('id', '=', id)
        .execute();
    },

    async exists(id: number): Promise<boolean> {
      return (
        (await ex.selectFrom('media').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
      );
    },

    /** Every item in id order, a page at a time (exports). */
    async after(afterId: number, limit: number) {
      return ex
        .selectFrom('media')
        .select(['id', 'created_at', 'credit', 'credits', 'variant_widths'])
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    async ids(): Promise<number[]> {
      return (await ex.selectFrom('media').select('id').orderBy('id').execute()).map((r) => r.id);
    },
  };
}
