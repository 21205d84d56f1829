import type { Executor } from '../../db/database.ts';

/** `imported_items`: what each source row became, by the source's own key. */
export function importedItemsRepo(ex: Executor) {
  return {
    /** The keys already imported, with what they became and the row's checksum then. */
    async known(
      source: string,
      kind: string,
      keys: string[],
    ): Promise<Map<string, { targetId: number; checksum: string | null }>> {
      const out = new Map<string, { targetId: number; checksum: string | null }>();
      for (let i = 0; i < keys.length; i += 500) {
        const rows = await ex
          .selectFrom('imported_items')
          .select(['legacy_key', 'target_id', 'checksum'])
          .where('source', '=', source)
          .where('kind', '=', kind)
          .where('legacy_key', 'in', keys.slice(i, i + 500))
          .execute();
        for (const r of rows) out.set(r.legacy_key, { targetId: Number(r.target_id), checksum: r.checksum });
      }
      return out;
    },

    async remember(
      source: string,
      items: { kind: string; key: string; targetId: number; checksum: string | null }[],
    ): Promise<void> {
      for (let i = 0; i < items.length; i += 200) {
        await ex
          .insertInto('imported_items')
          .values(
            items.slice(i, i + 200).map((x) => ({
              source,
              kind: x.kind,
              legacy_key: x.key,
              target_id: x.targetId,
              checksum: x.checksum,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['source', 'kind', 'legacy_key']).doUpdateSet((eb) => ({
              target_id: eb.ref('excluded.target_id'),
              checksum: eb.ref('excluded.checksum'),
            })),
          )
          .execute();
      }
    },

    /** What a key of any source became (old addresses), or undefined. */
    async target(kind: string, key: string): Promise<number | undefined> {
      const r = await ex
        .selectFrom('imported_items')
        .select('target_id')
        .where('kind', '=', kind)
        .where('legacy_key', '=', key)
        .executeTakeFirst();
      return r ? Number(r.target_id) : undefined;
    },

    async any(): Promise<boolean> {
      return (await ex.selectFrom('imported_items').select('kind').limit(1).executeTakeFirst()) !== undefined;
    },
  };
}
