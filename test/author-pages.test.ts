import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent, makeStory, testImage } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

/**
 * Author pages tell readers who writes (the Trust Project's author indicator): photo, role,
 * the subjects they know, how to reach them and their profiles elsewhere, as text and as a
 * `ProfilePage` with `jobTitle`, `knowsAbout` and `sameAs`; a story's byline links there.
 */
for (const d of dialects()) {
  describe(`author pages [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let authorId: number;
    let storyUrl: string;
    before(async () => {
      site = await openSite(d.name);
      authorId = (await baseContent(site)).author.id;
      storyUrl = (await makeStory(site, authorId, { title: 'Тарифи на тепло переглянуть восени' })).url;
    });
    after(() => site.dispose());

    const patch = (payload: unknown) =>
      site.app.inject({
        method: 'PATCH',
        url: `/api/admin/authors/${authorId}`,
        headers: auth,
        payload: payload as object,
      });

    test('role, subjects, contact, profiles and photo on the page and in ProfilePage', async () => {
      const photo = await site.services.media.add(actor, await testImage(400, 400), { credit: 'Редакція' });
      const res = await patch({
        photoMediaId: photo.id,
        jobTitles: { uk: 'Кореспондентка з питань енергетики', ru: 'Корреспондентка по вопросам энергетики' },
        expertise: { uk: ['енергетика', 'тарифи', 'житлово-комунальне господарство'] },
        email: 'olena@news.example.org',
        sameAs: ['https://social.example/@olena', 'https://www.example.com/olena-test'],
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().jobTitles.uk, 'Кореспондентка з питань енергетики');

      const page = await site.app.inject({ method: 'GET', url: '/author/olena-test' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<p class="job-title">Кореспондентка з питань енергетики<\/p>/);
      assert.match(page.body, /Пише про: енергетика, тарифи, житлово-комунальне господарство/);
      assert.match(page.body, /<a href="mailto:olena@news\.example\.org">Написати автору<\/a>/);
      assert.match(
        page.body,
        /<a href="https:\/\/social\.example\/@olena" rel="me noopener">social\.example<\/a>/,
      );
      assert.match(page.body, new RegExp(`<img class="avatar" src="/media/${photo.id}/crop-1x1[^"]*"`));
      const profile = [...page.body.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)]
        .map((m) => JSON.parse(m[1]!))
        .find((x) => x['@type'] === 'ProfilePage');
      assert.equal(profile.mainEntity['@type'], 'Person');
      assert.equal(profile.mainEntity.jobTitle, 'Кореспондентка з питань енергетики');
      assert.deepEqual(profile.mainEntity.knowsAbout, [
        'енергетика',
        'тарифи',
        'житлово-комунальне господарство',
      ]);
      assert.deepEqual(profile.mainEntity.sameAs, [
        'https://social.example/@olena',
        'https://www.example.com/olena-test',
      ]);
      assert.match(profile.mainEntity.image, /\/media\/\d+\/crop-1x1/);
      // The Russian page: its own role, no Ukrainian subjects.
      const ru = await site.app.inject({ method: 'GET', url: '/ru/author/olena-test' });
      assert.match(ru.body, /Корреспондентка по вопросам энергетики/);
      assert.doesNotMatch(ru.body, /Пишет о:/);
      // The story's byline leads to the page.
      const story = await site.app.inject({ method: 'GET', url: storyUrl });
      assert.match(story.body, /<a href="\/author\/olena-test">Олена Тестова<\/a>/);
    });

    test('bad profile data is refused: non-web addresses, a malformed email, an unknown language', async () => {
      for (const payload of [
        { sameAs: ['javascript:alert(1)'] },
        { sameAs: ['ftp://files.example/x'] },
        { email: 'not an email' },
        { jobTitles: { de: 'Reporterin' } },
      ]) {
        const res = await patch(payload);
        assert.equal(res.statusCode, 400, JSON.stringify(payload));
      }
      // Emptied again: the page shows none of it.
      assert.equal(
        (await patch({ email: '', sameAs: [], jobTitles: { uk: '' }, expertise: { uk: [] } })).statusCode,
        200,
      );
      const page = await site.app.inject({ method: 'GET', url: '/author/olena-test' });
      assert.doesNotMatch(page.body, /class="job-title"|class="author-links"|Пише про:/);
    });
  });
}
