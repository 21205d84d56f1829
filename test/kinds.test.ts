import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

/**
 * Kinds of story (the Trust Project's labels): a visible label on the story and in lists,
 * the matching schema.org type, a fact check's ClaimReview, and sponsored content kept out
 * of "most read" and the Google News sitemap.
 */

const jsonLdOf = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!));

for (const d of dialects()) {
  describe(`kinds of story [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    // Set when this dialect's site opens (stories are published by the real clock, a minute back).
    let clock = 0;
    const ids: Record<string, { id: number; url: string }> = {};
    before(async () => {
      clock = Date.now();
      site = await openSite(d.name, {}, { now: () => clock });
      const { author } = await baseContent(site);
      const kinds = ['news', 'opinion', 'analysis', 'interview', 'factcheck', 'live', 'sponsored'] as const;
      for (const [i, kind] of kinds.entries()) {
        const res = await site.app.inject({
          method: 'POST',
          url: '/api/admin/articles',
          headers: auth,
          payload: {
            language: 'uk',
            title: `Матеріал виду ${kind}`,
            lead: 'Підсумок одним реченням.',
            body: '<p>Текст.</p>',
            section: 'politics',
            authorId: author.id,
            status: 'published',
            publishedAt: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
            kind,
            ...(kind === 'factcheck'
              ? {
                  fields: {
                    claim: 'Місто витрачає на освітлення половину бюджету',
                    claimAuthor: 'Депутат Вигаданий',
                    rating: 'Неправда',
                    ratingValue: '1',
                  },
                }
              : {}),
          },
        });
        assert.equal(res.statusCode, 201, res.body);
        ids[kind] = { id: res.json().id, url: res.json().url };
      }
    });
    after(() => site.dispose());

    test('each kind has its label on the story and in lists, and its schema.org type', async () => {
      const expected: Record<string, [string | null, string]> = {
        news: [null, 'NewsArticle'],
        opinion: ['Думка', 'OpinionNewsArticle'],
        analysis: ['Аналітика', 'AnalysisNewsArticle'],
        interview: ['Інтерв’ю', 'NewsArticle'],
        factcheck: ['Перевірка фактів', 'NewsArticle'],
        live: ['Наживо', 'LiveBlogPosting'],
        sponsored: ['Партнерський матеріал', 'AdvertiserContentArticle'],
      };
      const latest = (await site.app.inject({ method: 'GET', url: '/latest' })).body;
      for (const [kind, [label, type]] of Object.entries(expected)) {
        const page = await site.app.inject({ method: 'GET', url: ids[kind]!.url });
        assert.equal(page.statusCode, 200);
        const h1 = /<h1>([\s\S]*?)<\/h1>/.exec(page.body)?.[1] ?? '';
        if (label) {
          assert.match(h1, new RegExp(`<span class="kind">${label}</span>`), kind);
          assert.match(
            latest,
            new RegExp(`<span class="kind">${label}</span> Матеріал виду ${kind}`),
            `${kind} in lists`,
          );
        } else assert.doesNotMatch(h1, /class="kind"/);
        const article = jsonLdOf(page.body).find((x) => x['@id']?.endsWith('#article'));
        assert.equal(article['@type'], type, kind);
      }
      const live = jsonLdOf((await site.app.inject({ method: 'GET', url: ids.live!.url })).body).find(
        (x) => x['@type'] === 'LiveBlogPosting',
      );
      assert.match(live.coverageStartTime, /^\d{4}-\d{2}-\d{2}T/);
      // Russian labels on the Russian site.
      const res = await site.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: auth,
        payload: {
          language: 'ru',
          title: 'Колонка о городе',
          section: 'politics',
          authorId: (await site.services.authors.list())[0]!.id,
          status: 'published',
          kind: 'opinion',
        },
      });
      const ru = await site.app.inject({ method: 'GET', url: res.json().url });
      assert.match(ru.body, /<span class="kind">Мнение<\/span> Колонка о городе/);
    });

    test('a fact check carries ClaimReview with the claim, its author and the rating, shown on the page', async () => {
      const page = await site.app.inject({ method: 'GET', url: ids.factcheck!.url });
      const review = jsonLdOf(page.body).find((x) => x['@type'] === 'ClaimReview');
      assert.ok(review, 'ClaimReview');
      assert.equal(review.claimReviewed, 'Місто витрачає на освітлення половину бюджету');
      assert.deepEqual(review.itemReviewed, {
        '@type': 'Claim',
        author: { '@type': 'Person', name: 'Депутат Вигаданий' },
      });
      assert.deepEqual(review.reviewRating, {
        '@type': 'Rating',
        alternateName: 'Неправда',
        ratingValue: 1,
        bestRating: 5,
        worstRating: 1,
      });
      assert.equal(review.author['@type'], 'NewsMediaOrganization');
      assert.match(
        page.body,
        /<strong>Твердження:<\/strong> «Місто витрачає на освітлення половину бюджету»/,
      );
      assert.match(page.body, /<strong>Вердикт:<\/strong> Неправда/);
      const api = await site.app.inject({
        method: 'GET',
        url: `/api/admin/articles/${ids.factcheck!.id}`,
        headers: auth,
      });
      assert.equal(api.json().fields.rating, 'Неправда');
      // Fields are checked: names are letters, digits and _ . -
      const bad = await site.app.inject({
        method: 'PATCH',
        url: `/api/admin/articles/${ids.factcheck!.id}`,
        headers: auth,
        payload: { fields: { 'no spaces please': 'x' } },
      });
      assert.equal(bad.statusCode, 400);
    });

    test('sponsored content is never in "most read" nor in the Google News sitemap', async () => {
      await site.services.views.importCounts(actor, [
        { articleId: ids.sponsored!.id, views: 100_000, at: Date.now() - 60_000 },
        { articleId: ids.opinion!.id, views: 50, at: Date.now() - 60_000 },
      ]);
      // "Most read" is remembered for half a minute: look after that.
      clock += 31_000;
      const home = await site.app.inject({ method: 'GET', url: '/' });
      const mostRead = /id="most-read-title">[\s\S]*?<\/ol>/.exec(home.body)?.[0] ?? '';
      assert.match(mostRead, /Матеріал виду opinion/, 'most read is shown');
      assert.doesNotMatch(mostRead, /Матеріал виду sponsored/);
      const news = await site.app.inject({ method: 'GET', url: '/sitemaps/news.xml' });
      assert.equal(news.statusCode, 200);
      assert.match(news.body, /Матеріал виду opinion/);
      assert.doesNotMatch(news.body, /Матеріал виду sponsored/);
      // It is still a story of the site: its page and the ordinary sitemap list it.
      assert.match(
        (await site.app.inject({ method: 'GET', url: '/latest' })).body,
        /Матеріал виду sponsored/,
      );
    });
  });
}
