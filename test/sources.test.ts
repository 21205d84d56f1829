import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent } from './factories.ts';
import { auth, dialects, openSite, type TestSite } from './harness.ts';

/** Sources and methods: listed at the end of a story and cited in its structured data. */
for (const d of dialects()) {
  describe(`sources and methods [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let story: { id: number; url: string };
    before(async () => {
      site = await openSite(d.name);
      const { author } = await baseContent(site);
      const res = await site.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: auth,
        payload: {
          language: 'uk',
          title: 'Скільки коштує опалення школи',
          section: 'politics',
          authorId: author.id,
          status: 'published',
          sources: [
            { name: 'Рішення міської ради № 12', url: 'https://rada.example/rishennia-12' },
            { name: 'Розмова з директоркою школи' },
          ],
          methods: 'Ми порівняли рахунки за три роки й розпитали двох бухгалтерів.',
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      story = { id: res.json().id, url: res.json().url };
    });
    after(() => site.dispose());

    test('the story ends with its sources and how it was reported; JSON-LD cites them', async () => {
      const page = await site.app.inject({ method: 'GET', url: story.url });
      const box = /<section class="sources"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
      assert.match(box, /<h2 id="sources-title">Джерела<\/h2>/);
      assert.match(
        box,
        /<li><a href="https:\/\/rada\.example\/rishennia-12" rel="noopener">Рішення міської ради № 12<\/a><\/li><li>Розмова з директоркою школи<\/li>/,
      );
      assert.match(box, /<h2>Як ми це з’ясували<\/h2><p>Ми порівняли рахунки/);
      const ld = [...page.body.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)]
        .map((m) => JSON.parse(m[1]!))
        .find((x) => x['@id']?.endsWith('#article'));
      assert.deepEqual(ld.citation, [
        {
          '@type': 'CreativeWork',
          name: 'Рішення міської ради № 12',
          url: 'https://rada.example/rishennia-12',
        },
        { '@type': 'CreativeWork', name: 'Розмова з директоркою школи' },
      ]);
    });

    test('sources are replaced as a whole; bad links refused; cleared, the section goes', async () => {
      const patch = (payload: unknown) =>
        site.app.inject({
          method: 'PATCH',
          url: `/api/admin/articles/${story.id}`,
          headers: auth,
          payload: payload as object,
        });
      assert.equal((await patch({ sources: [{ name: 'x', url: 'javascript:alert(1)' }] })).statusCode, 400);
      assert.equal((await patch({ sources: [{ name: '' }] })).statusCode, 400);
      assert.equal((await patch({ sources: [{ name: 'Звіт аудиторів' }] })).statusCode, 200);
      let page = await site.app.inject({ method: 'GET', url: story.url });
      assert.match(page.body, /<li>Звіт аудиторів<\/li>/);
      assert.doesNotMatch(page.body, /Рішення міської ради/);
      assert.equal((await patch({ sources: [], methods: '' })).statusCode, 200);
      page = await site.app.inject({ method: 'GET', url: story.url });
      assert.doesNotMatch(page.body, /<section class="sources"/);
    });
  });
}
