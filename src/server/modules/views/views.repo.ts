import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';

const HOUR = 3_600_000;

/** Read side of view counts: "most read" over the last 24 hours, per language. */
export function createViewsRepo(db: Db) {
  async function mostRead(language: string, limit: number, t: number) {
    const since = Math.floor(t / HOUR) * HOUR - 23 * HOUR;
    const rows = await db
      .selectFrom('article_views_hourly as h')
      .innerJoin('articles as a', 'a.id', 'h.article_id')
      .select([
        'a.id',
        'a.slug',
        'a.title',
        'a.source',
        'a.published_at',
        sql<number>`sum(h.views)`.as('recent'),
      ])
      .where('h.hour', '>=', since)
      .where('a.language', '=', language)
      .where('a.status', '=', 'published')
      .groupBy(['a.id', 'a.slug', 'a.title', 'a.source', 'a.published_at'])
      .orderBy('recent', 'desc')
      .orderBy('a.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      source: r.source,
      publishedAt: r.published_at,
      recentViews: Number(r.recent),
    }));
  }

  async function total(articleId: number): Promise<number | null> {
    const r = await db
      .selectFrom('article_views')
      .select('views')
      .where('article_id', '=', articleId)
      .executeTakeFirst();
    return r ? Number(r.views) : null;
  }

  return { mostRead, total };
}

export type ViewsRepo = ReturnType<typeof createViewsRepo>;
export type MostReadItem = Awaited<ReturnType<ViewsRepo['mostRead']>>[number];
