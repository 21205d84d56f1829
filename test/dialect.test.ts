import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { baseContent, makeStory } from './factories.ts';
import { dialects, openSite, type TestSite } from './harness.ts';

/** The same-named dialect helpers behave the same on both databases. */
for (const d of dialects()) {
  describe(`dialect helpers [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let authorId: number;
    before(async () => {
      site = await openSite(d.name);
      authorId = (await baseContent(site)).author.id;
    });
    after(() => site.dispose());
    const h = () => site.database.helpers;

    test('bucket divides to an integer on both', async () => {
      const r = await sql<{
        b: number;
      }>`select ${h().bucket('x', 86_400_000)} as b from (select ${sql.lit(1_730_000_000_123)} as x) t`.execute(
        site.db,
      );
      assert.equal(Number(r.rows[0]!.b), 20_023);
    });

    test('contains takes % and _ literally', async () => {
      await makeStory(site, authorId, { title: 'Ціна 100% і ще_трохи' });
      await makeStory(site, authorId, { title: 'Ціна 100 гривень' });
      const count = async (term: string) =>
        (await site.db.selectFrom('articles').select('id').where(h().contains('search_text', term)).execute())
          .length;
      assert.equal(await count('100%'), 1);
      assert.equal(await count('ще_трохи'), 1);
      assert.equal(await count('ще%трохи'), 0);
      assert.equal(await count('100'), 2);
    });

    test('jsonText reads a top-level key of a JSON text column', async () => {
      const r = await sql<{
        v: string | null;
      }>`select ${h().jsonText('j', 'language')} as v from (select ${'{"language":"uk","n":1}'} as j) t`.execute(
        site.db,
      );
      assert.equal(r.rows[0]!.v, 'uk');
    });

    test('unique and foreign-key violations are recognised, other errors are not', async () => {
      const unique = await site.db
        .insertInto('sections')
        .values({ slug: 'politics', position: 0, created_at: 0, updated_at: 0 })
        .execute()
        .catch((e: unknown) => e);
      assert.ok(h().isUniqueViolation(unique));
      assert.ok(!h().isForeignKeyViolation(unique));
      const fk = await site.db
        .insertInto('section_names')
        .values({ section_id: 999_999, language: 'uk', name: 'x', description: '' })
        .execute()
        .catch((e: unknown) => e);
      assert.ok(h().isForeignKeyViolation(fk));
      assert.ok(!h().isUniqueViolation(fk));
      assert.ok(!h().isUniqueViolation(new Error('other')));
    });
  });
}
