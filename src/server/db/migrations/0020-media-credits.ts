import type { Kysely } from 'kysely';

/**
 * Frozen. A picture's credit in the site's other languages (a JSON object, language →
 * text): a Russian page says «иллюстрация» where the Ukrainian one says «ілюстрація».
 * `credit` stays the credit in the first language and wherever no other is given.
 */
export function migration0020(_dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .alterTable('media')
        .addColumn('credits', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
    },
  };
}
