import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { auth, dialects, openSite, type TestSite } from './harness.ts';

const BODY =
  '<p>Перший абзац із <strong>виділенням</strong> і <a href="https://example.org/a">посиланням</a>.</p>\n<h2>Підзаголовок</h2>\n<blockquote><p>«Цитата».</p></blockquote>\n<ul><li>пункт</li><li>ще пункт</li></ul>';
const T = Date.parse('2025-02-01T10:00:00Z');

/**
 * A site that ran the previous version: stories and pages stored as HTML only, no revisions,
 * hourly view counts without a language. Migration 0005 and the content upgrade bring it to
 * the write path without changing a byte readers see.
 */
for (const d of dialects()) {
  describe(`upgrade from HTML-only bodies [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let storyUrl = '';

    before(async () => {
      site = await openSite(
        d.name,
        {},
        {
          async prepare(database) {
            await database.migrate('0004-poll-ballots-count');
            // biome-ignore lint/suspicious/noExplicitAny: the schema of an older version, not today's types.
            const db = database.db as unknown as Kysely<any>;
            const s = await db
              .insertInto('sections')
              .values({ slug: 'politics', position: 1, created_at: T, updated_at: T })
              .returning('id')
              .executeTakeFirstOrThrow();
            await db
              .insertInto('section_names')
              .values({ section_id: s.id, language: 'uk', name: 'Політика', description: '' })
              .execute();
            const a = await db
              .insertInto('authors')
              .values({ slug: 'avtor', created_at: T, updated_at: T })
              .returning('id')
              .executeTakeFirstOrThrow();
            await db
              .insertInto('author_profiles')
              .values({ author_id: a.id, language: 'uk', name: 'Автор Старий', bio: '' })
              .execute();
            const story = await db
              .insertInto('articles')
              .values({
                language: 'uk',
                slug: 'stara-novyna',
                title: 'Стара новина',
                lead: 'Лід.',
                body_html: BODY,
                section_id: s.id,
                author_id: a.id,
                status: 'published',
                published_at: T,
                created_at: T,
                updated_at: T,
                search_text: 'стара новина лід.',
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            await db.updateTable('articles').set({ group_id: story.id }).where('id', '=', story.id).execute();
            await db
              .insertInto('article_views_hourly')
              .values({ article_id: story.id, hour: T, views: 7 })
              .execute();
            await db
              .insertInto('pages')
              .values({
                page_key: 'contacts',
                language: 'uk',
                slug: 'contacts',
                title: 'Контакти',
                body_html: '<p>Пишіть нам.</p>',
                updated_at: T,
              })
              .execute();
            storyUrl = `/news/${story.id}-stara-novyna`;
          },
        },
      );
    });
    after(() => site.dispose());

    test('every stored body gets its document; the HTML readers see stays byte for byte', async () => {
      const page = await site.app.inject({ method: 'GET', url: storyUrl });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(BODY), 'the page shows the stored HTML before the upgrade');
      const id = Number(storyUrl.split('/')[2]!.split('-')[0]);
      const document = () =>
        site.db.selectFrom('article_bodies').select('body').where('article_id', '=', id).executeTakeFirst();
      assert.equal(await document(), undefined);
      assert.equal(await site.services.articles.upgradeContent(), 1);
      assert.equal(await site.services.pages.upgradeContent(), 1);
      assert.equal(await site.services.articles.upgradeContent(), 0, 'idempotent');
      const after = await site.db
        .selectFrom('articles')
        .select(['body_html'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(after.body_html, BODY);
      const doc = JSON.parse((await document())!.body);
      assert.deepEqual(
        doc.content.map((n: { type: string }) => n.type),
        ['paragraph', 'heading', 'blockquote', 'bulletList'],
      );
      const contacts = (await site.services.pages.list()).find((p) => p.key === 'contacts')!;
      assert.equal(contacts.body?.type, 'doc');
      assert.equal(contacts.bodyHtml, '<p>Пишіть нам.</p>');
      const hourly = await site.db
        .selectFrom('article_views_hourly')
        .select('language')
        .where('article_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(hourly.language, 'uk', 'hourly counts learned their story language');
    });

    test('the first change of an old story keeps what it was as revision 1; review is a status now', async () => {
      const id = Number(storyUrl.split('/')[2]!.split('-')[0]);
      const res = await site.app.inject({
        method: 'PATCH',
        url: `/api/admin/articles/${id}`,
        headers: auth,
        payload: { lead: 'Новий лід.', status: 'review' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'review');
      const { revisions } = (
        await site.app.inject({ method: 'GET', url: `/api/admin/articles/${id}/revisions`, headers: auth })
      ).json();
      assert.deepEqual(
        revisions.map((r: { revision: number; actor: { name: string } }) => [r.revision, r.actor.name]),
        [
          [2, 'ADMIN_API_KEY'],
          [1, 'baseline'],
        ],
      );
      const baseline = (
        await site.app.inject({ method: 'GET', url: `/api/admin/articles/${id}/revisions/1`, headers: auth })
      ).json();
      assert.equal(baseline.snapshot.lead, 'Лід.');
      assert.equal(baseline.snapshot.status, 'published');
      assert.equal(
        (await site.app.inject({ method: 'GET', url: storyUrl })).statusCode,
        404,
        'in review: off the site',
      );
    });
  });
}
