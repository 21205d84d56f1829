import type { Kysely } from 'kysely';

/**
 * Frozen. A folded copy of title, source and lead for case-insensitive search that
 * behaves alike on both databases. The fold is copied here on purpose: a migration must
 * keep doing what it did when it shipped, whatever the application's fold becomes.
 */
function fold(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’ʼ`]/g, "'")
    .replace(/ё/g, 'е')
    .replace(/\s+/g, ' ')
    .trim();
}

export function migration0003(_dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .alterTable('articles')
        .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      let last = 0;
      for (;;) {
        const rows: { id: number; title: string; source: string | null; lead: string }[] = await db
          .selectFrom('articles')
          .select(['id', 'title', 'source', 'lead'])
          .where('id', '>', last)
          .orderBy('id')
          .limit(1000)
          .execute();
        if (rows.length === 0) break;
        for (const r of rows) {
          await db
            .updateTable('articles')
            .set({ search_text: fold(`${r.title} ${r.source ?? ''} ${r.lead}`) })
            .where('id', '=', r.id)
            .execute();
        }
        last = rows[rows.length - 1]!.id;
      }
    },
  };
}
