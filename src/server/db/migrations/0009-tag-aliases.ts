import type { Kysely } from 'kysely';

/**
 * Frozen. The slugs a tag had before it was renamed or merged into another: its old pages
 * redirect to the tag's page, and writers typing the old name get the tag it became.
 */
export function migration0009(_dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .createTable('tag_aliases')
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('tag_aliases_pk', ['language', 'slug'])
        .execute();
      await db.schema.createIndex('tag_aliases_tag').on('tag_aliases').column('tag_id').execute();
    },
  };
}
