import type { Kysely } from 'kysely';

/**
 * Frozen. What an import brought in from another platform, by that platform's own key: a
 * second run of the same dump updates what changed instead of adding it again, and the old
 * site's addresses (`/123-slug.html`, `/?p=45`, `/category/slug/`) find what they became.
 * `kind` says what `legacy_key` names (a post id, a category's name, a date and slug…) and
 * which table `target_id` is in; `checksum` is the source row's, to skip what did not change.
 * `article_fields`: a story's custom fields by name (the other platform's extra fields, such
 * as DLE's `xfields`), kept as text.
 */
export function migration0014(_dialect: 'sqlite' | 'postgres') {
  // biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists.
  type Db = Kysely<any>;
  return {
    async up(db: Db): Promise<void> {
      await db.schema
        .createTable('imported_items')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('legacy_key', 'text', (c) => c.notNull())
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addColumn('checksum', 'text')
        .addPrimaryKeyConstraint('imported_items_pk', ['source', 'kind', 'legacy_key'])
        .execute();
      await db.schema
        .createTable('article_fields')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('article_fields_pk', ['article_id', 'name'])
        .execute();
    },
  };
}
