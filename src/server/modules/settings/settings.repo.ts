import { type SqlBool, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/** The settings area's table (`settings`, a key/value store); no other module queries it. */
export function settingsRepo(ex: Executor) {
  return {
    async get(key: string): Promise<string | undefined> {
      return (await ex.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())
        ?.value;
    },

    async put(key: string, value: string): Promise<void> {
      await ex
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    /** Stores the value unless the key exists; returns what is stored either way. */
    async putIfAbsent(key: string, value: string): Promise<string> {
      // Read first: once the key exists (every start after the first) nothing is written, so
      // a process starts while another one holds the write lock (an import, a long backup).
      const stored = await this.get(key);
      if (stored !== undefined) return stored;
      await ex
        .insertInto('settings')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      return (
        await ex.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()
      ).value;
    },

    /** Deletes the keys with this prefix except the ones to keep. */
    async prune(prefix: string, keep: string[]): Promise<void> {
      const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      await ex
        .deleteFrom('settings')
        .where(sql<SqlBool>`key like ${pattern} escape '\\'`)
        .where('key', 'not in', keep)
        .execute();
    },
  };
}
