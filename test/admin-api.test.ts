import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent, testImage } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

for (const d of dialects()) {
  describe(`admin API [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let authorId: number;
    before(async () => {
      site = await openSite(d.name);
      authorId = (await baseContent(site)).author.id;
    });
    after(() => site.dispose());

    const call = (
      method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
      url: string,
      payload?: unknown,
      headers = auth,
    ) =>
      site.app.inject({
        method,
        url,
        headers,
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });

    const story = (o: Record<string, unknown> = {}) => ({
      language: 'uk',
      title: 'Уряд ухвалив рішення про підтримку громад',
      lead: 'Коротко про головне.',
      body: '<p>Текст <strong>новини</strong>.</p><img src=x onerror=alert(1)><p><a href="javascript:alert(1)">посилання</a></p>',
      section: 'politics',
      tags: ['уряд', 'громади', 'Уряд'],
      authorId,
      status: 'published',
      publishedAt: '2025-03-30T10:00:00+03:00',
      ...o,
    });

    test('no key → 401, wrong key → 401, with stable codes', async () => {
      const none = await call('GET', '/api/admin/sections', undefined, {} as typeof auth);
      assert.equal(none.statusCode, 401);
      assert.equal(none.json().error.code, 'UNAUTHENTICATED');
      const wrong = await call('GET', '/api/admin/sections', undefined, {
        authorization: 'Bearer nope-nope-nope',
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().error.code, 'INVALID_API_KEY');
    });

    test('keys created by the CLI service work; revoked keys stop working', async () => {
      const key = await site.services.apiKeys.create(actor, 'newsroom-bot');
      const ok = await call('GET', '/api/admin/sections', undefined, {
        authorization: `Bearer ${key.token}`,
      });
      assert.equal(ok.statusCode, 200);
      await site.services.apiKeys.revoke(actor, key.id);
      const gone = await call('GET', '/api/admin/sections', undefined, {
        authorization: `Bearer ${key.token}`,
      });
      assert.equal(gone.statusCode, 401);
    });

    test('create → 201 {id, url}; body sanitised; tags deduplicated; get/patch/delete', async () => {
      const res = await call('POST', '/api/admin/articles', story());
      assert.equal(res.statusCode, 201, res.body);
      const { id, url } = res.json();
      assert.equal(typeof id, 'number');
      assert.equal(url, `/news/${id}-uriad-ukhvalyv-rishennia-pro-pidtrymku-hromad`);
      const got = (await call('GET', `/api/admin/articles/${id}`)).json();
      assert.equal(got.bodyHtml.includes('onerror'), false);
      assert.equal(got.bodyHtml.includes('javascript:'), false);
      assert.match(got.bodyHtml, /<strong>новини<\/strong>/);
      assert.deepEqual(
        got.tags.map((t: { name: string }) => t.name),
        ['уряд', 'громади'],
      );
      assert.equal(got.publishedAt, Date.parse('2025-03-30T07:00:00Z'));
      const patched = await call('PATCH', `/api/admin/articles/${id}`, { title: 'Новий заголовок' });
      assert.equal(patched.statusCode, 200);
      assert.equal(patched.json().title, 'Новий заголовок');
      assert.equal((await call('DELETE', `/api/admin/articles/${id}`)).statusCode, 204);
      const missing = await call('GET', `/api/admin/articles/${id}`);
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'ARTICLE_NOT_FOUND');
      assert.equal((await call('PATCH', `/api/admin/articles/${id}`, { title: 'x' })).statusCode, 404);
      assert.equal((await call('DELETE', `/api/admin/articles/${id}`)).statusCode, 404);
    });

    test('bad input → 400 with a stable code, and nothing is stored', async () => {
      const countBefore = await site.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const cases: [unknown, string][] = [
        [story({ title: '' }), 'VALIDATION_FAILED'],
        [story({ language: 'de' }), 'UNKNOWN_LANGUAGE'],
        [story({ section: 'nope' }), 'UNKNOWN_SECTION'],
        [story({ status: 'live' }), 'VALIDATION_FAILED'],
        [story({ publishedAt: 'yesterday' }), 'VALIDATION_FAILED'],
        [story({ authorId: 99999 }), 'UNKNOWN_AUTHOR'],
        [story({ authorId: undefined }), 'VALIDATION_FAILED'],
        [story({ translationOf: 99999 }), 'UNKNOWN_TRANSLATION_SOURCE'],
        [story({ heroImage: { mediaId: 99999 } }), 'UNKNOWN_MEDIA'],
        [story({ unexpected: true }), 'VALIDATION_FAILED'],
        [story({ tags: 'not-a-list' }), 'VALIDATION_FAILED'],
        [story({ status: 'scheduled', publishedAt: undefined }), 'VALIDATION_FAILED'],
        [['an', 'array'], 'VALIDATION_FAILED'],
      ];
      for (const [payload, code] of cases) {
        const res = await call('POST', '/api/admin/articles', payload);
        assert.equal(res.statusCode, 400, `${JSON.stringify(payload).slice(0, 80)} → ${res.body}`);
        assert.equal(res.json().error.code, code, res.body);
        assert.equal(typeof res.json().error.message, 'string');
      }
      const brokenJson = await site.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: '{"title": ',
      });
      assert.equal(brokenJson.statusCode, 400);
      assert.equal(typeof brokenJson.json().error.code, 'string');
      const text = await site.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: { ...auth, 'content-type': 'text/plain' },
        payload: 'just a string',
      });
      assert.equal(text.statusCode, 400);
      assert.equal(text.json().error.code, 'VALIDATION_FAILED');
      const noType = await site.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: auth,
        payload: 'x',
      });
      assert.equal(noType.statusCode, 415);
      assert.equal(noType.json().error.code, 'CTP_INVALID_MEDIA_TYPE');
      assert.equal((await call('GET', '/api/admin/articles/abc')).json().error.code, 'INVALID_ID');
      assert.equal((await call('GET', '/api/admin/articles/abc')).statusCode, 400);
      const countAfter = await site.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(countAfter.n), Number(countBefore.n));
    });

    test('translations: one version per language, linked both ways', async () => {
      const uk = (await call('POST', '/api/admin/articles', story({ title: 'Оригінал' }))).json();
      const ru = await call(
        'POST',
        '/api/admin/articles',
        story({ language: 'ru', title: 'Оригинал', translationOf: uk.id, tags: [] }),
      );
      assert.equal(ru.statusCode, 201, ru.body);
      const again = await call(
        'POST',
        '/api/admin/articles',
        story({ language: 'ru', title: 'Ещё', translationOf: uk.id }),
      );
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error.code, 'TRANSLATION_EXISTS');
      const ukOut = (await call('GET', `/api/admin/articles/${uk.id}`)).json();
      assert.deepEqual(
        ukOut.versions.map((v: { language: string }) => v.language),
        ['ru'],
      );
      assert.equal(ukOut.versions[0].slug, 'original');
    });

    test('authors and sections: create, read, update, delete, conflicts', async () => {
      const a = await call('POST', '/api/admin/authors', {
        names: { uk: 'Юрій Коваль', ru: 'Юрий Коваль' },
        bios: { uk: 'Біо' },
      });
      assert.equal(a.statusCode, 201, a.body);
      assert.equal(a.json().slug, 'yurii-koval');
      const aid = a.json().id;
      assert.equal(
        (await call('PATCH', `/api/admin/authors/${aid}`, { bios: { uk: 'Нове біо' } })).json().bios.uk,
        'Нове біо',
      );
      assert.equal((await call('GET', `/api/admin/authors/${aid}`)).json().names.ru, 'Юрий Коваль');
      assert.equal((await call('POST', '/api/admin/authors', { names: {} })).statusCode, 400);
      assert.equal((await call('DELETE', `/api/admin/authors/${aid}`)).statusCode, 204);
      assert.equal((await call('GET', `/api/admin/authors/${aid}`)).statusCode, 404);
      assert.equal(
        (await call('DELETE', `/api/admin/authors/${authorId}`)).json().error.code,
        'AUTHOR_IN_USE',
      );

      const s = await call('POST', '/api/admin/sections', {
        slug: 'culture',
        names: { uk: 'Культура', ru: 'Культура' },
      });
      assert.equal(s.statusCode, 201, s.body);
      const sid = s.json().id;
      assert.equal(
        (await call('POST', '/api/admin/sections', { slug: 'culture', names: { uk: 'Х' } })).json().error
          .code,
        'SECTION_SLUG_TAKEN',
      );
      assert.equal(
        (await call('POST', '/api/admin/sections', { slug: 'Не ASCII', names: { uk: 'Х' } })).statusCode,
        400,
      );
      const renamed = await call('PATCH', `/api/admin/sections/${sid}`, {
        names: { uk: 'Культура і мистецтво' },
      });
      assert.equal(renamed.json().names.uk, 'Культура і мистецтво');
      const page = await site.app.inject({ method: 'GET', url: '/section/culture' });
      assert.match(page.body, /<h1>Культура і мистецтво<\/h1>/);
      assert.equal((await call('DELETE', `/api/admin/sections/${sid}`)).statusCode, 204);
      assert.equal((await site.app.inject({ method: 'GET', url: '/section/culture' })).statusCode, 404);
    });

    test('media upload makes responsive variants', async () => {
      const res = await site.app.inject({
        method: 'POST',
        url: '/api/admin/media?credit=Photo%20Desk',
        headers: { ...auth, 'content-type': 'image/png' },
        payload: await testImage(1200, 800),
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().widths, [480, 800, 1200]);
      const bad = await site.app.inject({
        method: 'POST',
        url: '/api/admin/media',
        headers: { ...auth, 'content-type': 'image/png' },
        payload: Buffer.from('not an image'),
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'MEDIA_UNREADABLE');
    });

    test('unknown API routes are JSON 404s', async () => {
      const res = await call('GET', '/api/admin/nothing');
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().error.code, 'ROUTE_NOT_FOUND');
    });
  });
}
