import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent, makeStory } from './factories.ts';
import { actor, clearOfMidnight, dialects, openSite, type TestSite } from './harness.ts';

/** Every page a reader can land on describes itself once, for search results and previews. */
for (const d of dialects()) {
  describe(`page descriptions [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let storyUrl: string;
    before(async () => {
      // Stories are published by the real clock; the latest page names their day ("Сьогодні").
      await clearOfMidnight({ timeZone: 'Europe/Kyiv' });
      site = await openSite(d.name);
      const { author } = await baseContent(site);
      storyUrl = (await makeStory(site, author.id, { lead: 'Міська рада ухвалила бюджет на рік.' })).url;
      await site.services.pages.upsert(actor, {
        key: 'contacts',
        language: 'uk',
        title: 'Контакти',
        body: '<p>Пишіть нам.</p>',
      });
    });
    after(() => site.dispose());

    test('home, lists, a story, a page, search, corrections and the 404 page each have one description', async () => {
      for (const url of [
        '/',
        '/ru/',
        '/latest',
        '/section/politics',
        '/author/olena-test',
        storyUrl,
        '/page/contacts',
        '/search?q=бюджет',
        '/corrections',
        '/no-such-page',
      ]) {
        const res = await site.app.inject({ method: 'GET', url });
        const found = [...res.body.matchAll(/<meta name="description" content="([^"]+)">/g)];
        assert.equal(found.length, 1, url);
        assert.ok(found[0]![1]!.length >= 20, `${url}: ${found[0]![1]}`);
      }
      const story = await site.app.inject({ method: 'GET', url: storyUrl });
      assert.match(story.body, /<meta name="description" content="Міська рада ухвалила бюджет на рік\.">/);
      const ru = await site.app.inject({ method: 'GET', url: '/ru/' });
      assert.match(ru.body, /<meta name="description" content="Шпальта: новости Украины/);
    });

    test('below a story: more from its section, the story itself left out', async () => {
      const { author } = { author: (await site.services.authors.list())[0]! };
      for (let i = 0; i < 3; i++)
        await makeStory(site, author.id, { title: `Ще одна політична новина ${i}` });
      const page = await site.app.inject({ method: 'GET', url: storyUrl });
      const box = /<section class="more-from"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
      assert.match(box, /<a href="\/section\/politics">Більше з розділу «Політика»<\/a>/);
      assert.equal((box.match(/Ще одна політична новина/g) ?? []).length, 3);
      assert.ok(!box.includes(`href="${storyUrl}"`), 'not the story itself');
    });

    test('the 404 page lists the sections it promises; the latest page starts with "Сьогодні"', async () => {
      const missing = await site.app.inject({ method: 'GET', url: '/no-such-page' });
      assert.equal(missing.statusCode, 404);
      assert.match(
        missing.body,
        /<h2 class="aside-title" id="err-sections">Розділи<\/h2><ul class="tags"><li><a href="\/section\/politics">Політика<\/a>/,
      );
      const latest = await site.app.inject({ method: 'GET', url: '/latest' });
      assert.match(
        latest.body,
        /<ul class="feed" id="list-rows" data-live-rows=""><li class="feed-day">Сьогодні<\/li><li class="feed-row"/,
      );
    });
  });
}
