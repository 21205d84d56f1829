import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent, makeStory } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

/**
 * Corrections: appended to a published story with their date, never edited away; the story
 * shows them under a heading and in its structured data; a page lists them all.
 */
for (const d of dialects()) {
  describe(`corrections [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let storyId: number;
    let storyUrl: string;
    let draftId: number;
    before(async () => {
      site = await openSite(d.name);
      const { author } = await baseContent(site);
      const s = await makeStory(site, author.id, { title: 'Бюджет міста ухвалили з третьої спроби' });
      storyId = s.id;
      storyUrl = s.url;
      draftId = (await makeStory(site, author.id, { title: 'Чернетка без виправлень', status: 'draft' })).id;
    });
    after(() => site.dispose());

    const add = (id: number, payload: unknown, headers: Record<string, string> = auth) =>
      site.app.inject({
        method: 'POST',
        url: `/api/admin/articles/${id}/corrections`,
        headers,
        payload: payload as object,
      });

    test('an editor appends a correction: 201, dated; the story shows it under its heading at once', async () => {
      // Cached before the correction: the correction purges the story's page.
      assert.doesNotMatch(
        (await site.app.inject({ method: 'GET', url: storyUrl })).body,
        /class="corrections"/,
      );
      const res = await add(storyId, { text: 'Бюджет ухвалили 42 голосами, а не 40, як ми писали раніше.' });
      assert.equal(res.statusCode, 201, res.body);
      const c = res.json();
      assert.equal(c.articleId, storyId);
      assert.ok(Math.abs(c.createdAt - Date.now()) < 60_000);
      await add(storyId, { text: 'Уточнено посаду доповідача.' });

      const page = await site.app.inject({ method: 'GET', url: storyUrl });
      assert.equal(page.statusCode, 200);
      const box = /<section class="corrections"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
      assert.match(box, /<h2 id="corrections">Виправлення<\/h2>/);
      assert.ok(box.indexOf('42 голосами') < box.indexOf('посаду доповідача'), 'oldest first');
      assert.match(box, /<time datetime="\d{4}-\d{2}-\d{2}T[^"]+">Виправлено /);

      // Structured data: CorrectionComment with text and date.
      const ld = [...page.body.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)]
        .map((m) => JSON.parse(m[1]!))
        .find((x) => x['@type'] === 'NewsArticle');
      assert.equal(ld.correction.length, 2);
      assert.equal(ld.correction[0]['@type'], 'CorrectionComment');
      assert.equal(ld.correction[0].text, 'Бюджет ухвалили 42 голосами, а не 40, як ми писали раніше.');
      assert.match(ld.correction[0].datePublished, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);

      const list = await site.app.inject({
        method: 'GET',
        url: `/api/admin/articles/${storyId}/corrections`,
        headers: auth,
      });
      assert.equal(list.json().corrections.length, 2);
    });

    test('the corrections page lists every correction, newest first, with its story', async () => {
      const res = await site.app.inject({ method: 'GET', url: '/corrections' });
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /<h1>Виправлення<\/h1>/);
      assert.ok(res.body.indexOf('посаду доповідача') < res.body.indexOf('42 голосами'), 'newest first');
      assert.match(res.body, new RegExp(`href="${storyUrl}#corrections">Бюджет міста ухвалили`));
      // The footer of every page links to it.
      assert.match(
        (await site.app.inject({ method: 'GET', url: '/' })).body,
        /href="\/corrections">Виправлення</,
      );
      // The Russian page is its own (no Russian story was corrected).
      const ru = await site.app.inject({ method: 'GET', url: '/ru/corrections' });
      assert.equal(ru.statusCode, 200);
      assert.match(ru.body, /<h1>Исправления<\/h1>/);
      assert.doesNotMatch(ru.body, /42 голосами/);
      assert.equal(
        (await site.app.inject({ method: 'GET', url: '/corrections?before=abc' })).statusCode,
        400,
      );
    });

    test('bad corrections are refused with stable codes; none can be edited or removed', async () => {
      assert.equal((await add(storyId, { text: '   ' })).json().error.code, 'VALIDATION_FAILED');
      assert.equal((await add(storyId, { text: 'x', extra: 1 })).statusCode, 400);
      const broken = await site.app.inject({
        method: 'POST',
        url: `/api/admin/articles/${storyId}/corrections`,
        headers: { ...auth, 'content-type': 'application/json' },
        payload: '{"text": ',
      });
      assert.equal(broken.statusCode, 400);
      assert.equal(
        (await add(999_999, { text: 'Немає такої новини.' })).json().error.code,
        'ARTICLE_NOT_FOUND',
      );
      const draft = await add(draftId, { text: 'Чернетку виправляють, а не коригують.' });
      assert.equal(draft.statusCode, 400);
      assert.equal(draft.json().error.code, 'VALIDATION_FAILED');
      for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
        const res = await site.app.inject({
          method,
          url: `/api/admin/articles/${storyId}/corrections`,
          headers: auth,
          payload: {},
        });
        assert.equal(res.statusCode, 404, `${method} is not a route`);
      }
      const kept = await site.app.inject({
        method: 'GET',
        url: `/api/admin/articles/${storyId}/corrections`,
        headers: auth,
      });
      assert.equal(kept.json().corrections.length, 2);
    });

    test('a contributor may not correct a story', async () => {
      const key = await site.services.apiKeys.create(actor, 'stringer', 'contributor');
      const res = await add(storyId, { text: 'Спроба.' }, { authorization: `Bearer ${key.token}` });
      assert.equal(res.statusCode, 403);
    });
  });
}
