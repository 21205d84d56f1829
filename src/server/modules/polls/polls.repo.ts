import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/** The polls area's tables (`polls`, `poll_options`, `poll_ballots`); no other module queries them. */
export function pollsRepo(ex: Executor) {
  return {
    async find(id: number) {
      return ex.selectFrom('polls').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async findMany(ids: number[]) {
      return ex.selectFrom('polls').selectAll().where('id', 'in', ids).execute();
    },

    async options(pollIds: number[]) {
      return ex
        .selectFrom('poll_options')
        .select(['id', 'poll_id', 'label', 'votes'])
        .where('poll_id', 'in', pollIds)
        .orderBy('poll_id')
        .orderBy('position')
        .execute();
    },

    async recentIds(limit: number): Promise<number[]> {
      return (await ex.selectFrom('polls').select('id').orderBy('id', 'desc').limit(limit).execute()).map(
        (r) => r.id,
      );
    },

    /** The newest poll attached to a story. */
    async ofArticle(articleId: number): Promise<number | undefined> {
      const r = await ex
        .selectFrom('polls')
        .select('id')
        .where('article_id', '=', articleId)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return r?.id;
    },

    /** The newest site-wide poll of a language open at `t`. */
    async openSitewide(language: string, t: number): Promise<number | undefined> {
      const r = await ex
        .selectFrom('polls')
        .select('id')
        .where('language', '=', language)
        .where('sitewide', '=', 1)
        .where('closed', '=', 0)
        .where('opens_at', '<=', t)
        .where((eb) => eb.or([eb('closes_at', 'is', null), eb('closes_at', '>', t)]))
        .orderBy('opens_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return r?.id;
    },

    async insert(v: {
      language: string;
      question: string;
      multiple: boolean;
      articleId: number | null;
      sitewide: boolean;
      opensAt: number;
      closesAt: number | null;
      options: string[];
      at: number;
    }): Promise<number> {
      const row = await ex
        .insertInto('polls')
        .values({
          language: v.language,
          question: v.question,
          multiple: v.multiple ? 1 : 0,
          article_id: v.articleId,
          sitewide: v.sitewide ? 1 : 0,
          opens_at: v.opensAt,
          closes_at: v.closesAt,
          closed: 0,
          created_at: v.at,
          updated_at: v.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await ex
        .insertInto('poll_options')
        .values(v.options.map((label, position) => ({ poll_id: row.id, label, position, votes: 0 })))
        .execute();
      return row.id;
    },

    async update(
      id: number,
      v: {
        question?: string;
        multiple?: boolean;
        articleId?: number | null;
        sitewide?: boolean;
        opensAt: number;
        closesAt: number | null;
        at: number;
      },
    ): Promise<void> {
      await ex
        .updateTable('polls')
        .set({
          ...(v.question !== undefined ? { question: v.question } : {}),
          ...(v.multiple !== undefined ? { multiple: v.multiple ? 1 : 0 } : {}),
          ...(v.articleId !== undefined ? { article_id: v.articleId } : {}),
          ...(v.sitewide !== undefined ? { sitewide: v.sitewide ? 1 : 0 } : {}),
          opens_at: v.opensAt,
          closes_at: v.closesAt,
          updated_at: v.at,
        })
        .where('id', '=', id)
        .execute();
    },

    async renameOption(id: number, label: string): Promise<void> {
      await ex.updateTable('poll_options').set({ label }).where('id', '=', id).execute();
    },

    async addOption(pollId: number, label: string, position: number): Promise<void> {
      await ex.insertInto('poll_options').values({ poll_id: pollId, label, position, votes: 0 }).execute();
    },

    async close(id: number, at: number): Promise<void> {
      await ex.updateTable('polls').set({ closed: 1, updated_at: at }).where('id', '=', id).execute();
    },

    /** Ballots per (poll, address) since `since`, for the per-address limit. */
    async recentBallots(pollIds: number[], addresses: string[], since: number) {
      return ex
        .selectFrom('poll_ballots')
        .select(['poll_id', 'address_hash', (eb) => eb.fn.countAll<number>().as('n')])
        .where('poll_id', 'in', pollIds)
        .where('address_hash', 'in', addresses)
        .where('created_at', '>', since)
        .groupBy(['poll_id', 'address_hash'])
        .execute();
    },

    async addBallots(rows: { poll_id: number; address_hash: string; created_at: number }[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await ex
          .insertInto('poll_ballots')
          .values(rows.slice(i, i + 500))
          .execute();
      }
    },

    async addVotes(optionId: number, n: number): Promise<void> {
      await ex
        .updateTable('poll_options')
        .set({ votes: sql`votes + ${n}` })
        .where('id', '=', optionId)
        .execute();
    },

    async addBallotCount(pollId: number, n: number): Promise<void> {
      await ex
        .updateTable('polls')
        .set({ ballots: sql`ballots + ${n}` })
        .where('id', '=', pollId)
        .execute();
    },
  };
}
