import type { Executor } from '../../db/database.ts';

/** Sessions and failed sign-ins (`sessions`, `auth_failures`); no other module queries them. */
export function authRepo(ex: Executor) {
  return {
    async addSession(v: { id: string; userId: number; at: number; expiresAt: number; userAgent: string }) {
      await ex
        .insertInto('sessions')
        .values({
          id: v.id,
          user_id: v.userId,
          created_at: v.at,
          last_seen_at: v.at,
          expires_at: v.expiresAt,
          user_agent: v.userAgent.slice(0, 300),
        })
        .execute();
    },
    async session(id: string) {
      return ex.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async sessionsOf(userId: number) {
      return ex
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('last_seen_at', 'desc')
        .execute();
    },
    async touch(id: string, at: number): Promise<void> {
      await ex.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
    },
    async removeSession(id: string): Promise<number> {
      return Number((await ex.deleteFrom('sessions').where('id', '=', id).executeTakeFirst()).numDeletedRows);
    },
    /** Ends every session of an account (but `keep`, when given). */
    async removeSessionsOf(userId: number, keep?: string): Promise<number> {
      let q = ex.deleteFrom('sessions').where('user_id', '=', userId);
      if (keep) q = q.where('id', '<>', keep);
      return Number((await q.executeTakeFirst()).numDeletedRows);
    },
    async removeExpired(at: number, idleBefore: number): Promise<void> {
      await ex
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', at), eb('last_seen_at', '<', idleBefore)]))
        .execute();
    },

    async addFailures(keys: string[], at: number): Promise<void> {
      if (keys.length)
        await ex
          .insertInto('auth_failures')
          .values(keys.map((key) => ({ key, at })))
          .execute();
    },
    /** Failures of a key since `since`: how many, and when the oldest of them was. */
    async failures(key: string, since: number): Promise<{ n: number; oldest: number | null }> {
      const r = await ex
        .selectFrom('auth_failures')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
        .where('key', '=', key)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      return { n: Number(r.n), oldest: r.oldest === null ? null : Number(r.oldest) };
    },
    async removeFailuresBefore(at: number): Promise<void> {
      await ex.deleteFrom('auth_failures').where('at', '<=', at).execute();
    },
  };
}
