import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent, makeStory } from './factories.ts';
import { actor, dialects, openSite, type TestSite } from './harness.ts';

/** A story written by several people is theirs alike: bylines, structured data, author pages. */
for (const d of dialects()) {
  describe(`co-authors [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let first: number;
    let second: { id: number; slug: string };

    before(async () => {
      site = await openSite(d.name);
      first = (await baseContent(site)).author.id;
      second = await site.services.authors.create(actor, {
        slug: 'taras-druhyi',
        names: { uk: 'Тарас Другий', ru: 'Тарас Второй' },
      });
    });
    after(() => site.dispose());

    const get = (url: string) => site.app.inject({ method: 'GET', url });

    test('both bylines are on the page and in its structured data; the co-author’s page lists the story', async () => {
      // Older stories under the co-author's own byline, so their page has both kinds.
      await makeStory(site, second.id, {
        title: 'Власна новина другого автора',
        publishedAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
      const before = await get('/author/taras-druhyi');
      assert.doesNotMatch(before.body, /Спільна новина двох авторів/);
      const story = await site.services.articles.create(actor, {
        language: 'uk',
        title: 'Спільна новина двох авторів',
        lead: 'Написали удвох.',
        body: '<p>Текст.</p>',
        section: 'politics',
        authorId: first,
        coAuthorIds: [second.id],
        status: 'published',
      });
      const page = await get(story.url);
      assert.match(page.body, /Олена Тестова/);
      assert.match(page.body, /<a href="\/author\/taras-druhyi">Тарас Другий<\/a>/);
      const ld = [...page.body.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)]
        .map((m) => JSON.parse(m[1]!))
        .flatMap((x) => x['@graph'] ?? [x])
        .find((x) => x['@type'] === 'NewsArticle');
      assert.deepEqual(
        ld.author.map((a: { name: string }) => a.name),
        ['Олена Тестова', 'Тарас Другий'],
      );

      // The co-author's cached page was purged by the publication: the story is there, newest first.
      const mine = await get('/author/taras-druhyi');
      const at = (title: string) => mine.body.indexOf(title);
      assert.ok(at('Спільна новина двох авторів') > 0, 'the co-written story is listed');
      assert.ok(at('Спільна новина двох авторів') < at('Власна новина другого автора'), 'newest first');
      assert.match((await get('/author/olena-test')).body, /Спільна новина двох авторів/);

      // Taken off the byline: gone from their page at once.
      await site.services.articles.update(actor, story.id, { coAuthorIds: [] });
      assert.doesNotMatch((await get('/author/taras-druhyi')).body, /Спільна новина двох авторів/);
    });

    test('an author page pages through first-byline and co-written stories without gaps or repeats', async () => {
      const third = await site.services.authors.create(actor, {
        slug: 'mariia-tretia',
        names: { uk: 'Марія Третя' },
      });
      const titles: string[] = [];
      for (let i = 0; i < 45; i++) {
        const title = `Новина Марії номер ${i}`;
        titles.push(title);
        const at = new Date(Date.now() - (i + 10) * 60_000).toISOString();
        if (i % 3 === 0) {
          await makeStory(site, first, { title, publishedAt: at });
          const s = (await site.services.articles.list(actor, { q: title })).articles[0]!;
          await site.services.articles.update(actor, s.id, { coAuthorIds: [third.id] });
        } else {
          await makeStory(site, third.id, { title, publishedAt: at });
        }
      }
      const seen: string[] = [];
      let url: string | null = '/author/mariia-tretia';
      while (url) {
        const res = await get(url);
        assert.equal(res.statusCode, 200);
        seen.push(...[...res.body.matchAll(/Новина Марії номер \d+/g)].map((m) => m[0]));
        const more = /<a[^>]+href="([^"]+before=[^"]+)"/.exec(res.body);
        url = more ? more[1]!.replaceAll('&amp;', '&') : null;
      }
      assert.deepEqual(seen, titles);
    });
  });
}
