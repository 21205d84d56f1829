import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { baseContent } from './factories.ts';
import { dialects, openSite, type TestSite } from './harness.ts';

const ORIGIN = 'https://news.example.org';
const PASSWORD = 'редакційний-цикл-перевірки';

/** A contributor writes and submits; an editor sends it back with a note; it is fixed and published. */
for (const d of dialects()) {
  describe(`review workflow [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    const cookies: Record<string, string> = {};

    before(async () => {
      site = await openSite(d.name);
      const { author } = await baseContent(site);
      const system = systemPrincipal('test');
      for (const role of ['contributor', 'editor'] as const) {
        await site.services.users.create(system, {
          email: `${role}@news.example.org`,
          name: role,
          role,
          password: PASSWORD,
          ...(role === 'contributor' ? { authorId: author.id } : {}),
        });
        const res = await site.app.inject({
          method: 'POST',
          url: '/api/admin/session',
          headers: { origin: ORIGIN },
          payload: { email: `${role}@news.example.org`, password: PASSWORD },
        });
        cookies[role] = /shp_session=[^;]*/.exec(String(res.headers['set-cookie']))![0];
      }
    });
    after(() => site.dispose());

    const as = (role: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
      site.app.inject({
        method,
        url,
        headers: { cookie: cookies[role]!, origin: ORIGIN },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });

    test('submit, return with a note, fix, publish', async () => {
      const draft = await as('contributor', 'POST', '/api/admin/articles', {
        language: 'uk',
        title: 'Громада відкрила нову бібліотеку',
        lead: 'Перший варіант.',
        body: '<p>Текст.</p>',
        section: 'politics',
      });
      assert.equal(draft.statusCode, 201, draft.body);
      const { id, url } = draft.json();
      assert.equal(
        draft.json().article.author.name,
        'Олена Тестова',
        'the byline defaults to the account’s profile',
      );
      const publish = await as('contributor', 'POST', `/api/admin/articles/${id}/publish`, {});
      assert.equal(publish.statusCode, 403, 'contributors cannot publish');
      const asPublished = await as('contributor', 'PATCH', `/api/admin/articles/${id}`, {
        status: 'published',
      });
      assert.equal(asPublished.statusCode, 403, 'not even through an edit');
      const submitted = await as('contributor', 'POST', `/api/admin/articles/${id}/submit`);
      assert.equal(submitted.json().status, 'review');
      const inReview = (await as('editor', 'GET', '/api/admin/articles?status=review')).json();
      assert.ok(inReview.articles.some((a: { id: number }) => a.id === id));

      const returned = await as('editor', 'POST', `/api/admin/articles/${id}/return`, {
        note: 'Додайте цитату директорки.',
      });
      assert.equal(returned.statusCode, 200, returned.body);
      assert.equal(returned.json().status, 'draft');
      const history = (await as('contributor', 'GET', `/api/admin/articles/${id}/revisions`)).json()
        .revisions;
      assert.equal(history[0].note, 'returned: Додайте цитату директорки.');
      assert.equal(history[0].actor.name, 'editor');
      assert.equal(
        (await as('editor', 'POST', `/api/admin/articles/${id}/return`, { note: 'Ще раз' })).statusCode,
        409,
      );

      const fixed = await as('contributor', 'PATCH', `/api/admin/articles/${id}`, {
        body: '<p>Текст.</p><blockquote><p>«Бібліотека відкрита щодня», — сказала директорка.</p></blockquote>',
      });
      assert.equal(fixed.statusCode, 200, fixed.body);
      await as('contributor', 'POST', `/api/admin/articles/${id}/submit`);
      const live = await as('editor', 'POST', `/api/admin/articles/${id}/publish`, {});
      assert.equal(live.json().status, 'published');
      const page = await site.app.inject({ method: 'GET', url });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Бібліотека відкрита щодня/);
      const edit = await as('contributor', 'PATCH', `/api/admin/articles/${id}`, {
        lead: 'Тихо змінений лід.',
      });
      assert.equal(edit.statusCode, 403, 'a contributor cannot change what readers see');
    });

    test('a person with no author profile who gives no byline signs with their own name', async () => {
      const res = await as('editor', 'POST', '/api/admin/articles', {
        language: 'uk',
        title: 'Редакторка пише сама',
        section: 'politics',
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().article.author.name, 'editor');
      const key = await site.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: { authorization: 'Bearer test-admin-key-0123456789abcdef' },
        payload: { language: 'uk', title: 'Ключ без підпису', section: 'politics' },
      });
      assert.equal(key.statusCode, 400, 'an API key must name the byline');
      assert.equal(key.json().error.code, 'VALIDATION_FAILED');
    });
  });
}
