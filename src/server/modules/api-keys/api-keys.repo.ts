import type { Executor } from '../../db/database.ts';

/** The API keys' table (`api_keys`); no other module queries it. */
export function apiKeysRepo(ex: Executor) {
  return {
    async insert(name: string, role: string, tokenHash: string, at: number): Promise<number> {
      const row = await ex
        .insertInto('api_keys')
        .values({ name, role, token_hash: tokenHash, created_at: at, last_used_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async byHash(tokenHash: string) {
      return ex
        .selectFrom('api_keys')
        .select(['id', 'name', 'role'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
    },
    async touch(id: number, at: number): Promise<void> {
      await ex.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
    },
    async list() {
      return ex
        .selectFrom('api_keys')
        .select(['id', 'name', 'created_at', 'last_used_at'])
        .orderBy('id')
        .execute();
    },
    async remove(id: number): Promise<boolean> {
      const r = await ex.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
