import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent, makeStory } from './factories.ts';
import { auth, dialects, openSite, type TestSite } from './harness.ts';

/** Bad input anywhere is a 4xx, never a 5xx: random and hostile URLs, queries and bodies. */
for (const d of dialects()) {
  describe(`hostile input [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let storyUrl: string;
    before(async () => {
      site = await openSite(d.name);
      const { author } = await baseContent(site);
      storyUrl = (await makeStory(site, author.id, { title: 'Стійкість до сміття' })).url;
    });
    after(() => site.dispose());

    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = [
      '%00',
      '%',
      '%ZZ',
      '%E0%A4%A',
      '..',
      '//',
      '\\',
      'ї',
      '%D1%97',
      '?',
      '&',
      '=',
      '#',
      ' ',
      '"',
      "'",
      '<script>',
      '9'.repeat(30),
      '-1',
      '0',
      'a'.repeat(300),
      '%F0%9F%98%80',
      '\u0000',
    ];
    const pick = () => pieces[Math.floor(random() * pieces.length)]!;

    test('500 random URLs never answer 5xx', async () => {
      const prefixes = [
        '/',
        '/ru/',
        '/news/',
        '/ru/news/',
        '/section/',
        '/tag/',
        '/author/',
        '/page/',
        '/latest',
        '/search',
        '/media/',
        '/polls/',
        '/v/',
        '/api/admin/articles/',
        '/sitemaps/',
        '/feed.xml',
        '/section/politics/',
        storyUrl,
      ];
      for (let i = 0; i < 500; i++) {
        const url = `${prefixes[Math.floor(random() * prefixes.length)]}${pick()}${random() < 0.5 ? `?${pick()}=${pick()}&before=${pick()}&q=${pick()}` : pick()}`;
        for (const method of ['GET', 'POST'] as const) {
          const res = await site.app.inject({
            method,
            url,
            headers: auth,
            payload: method === 'POST' ? pick() : undefined,
          });
          assert.ok(res.statusCode < 500, `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    });

    test('NUL bytes and invalid text in queries and bodies are 4xx or handled', async () => {
      const urls = [
        '/search?q=%00abc',
        '/search?q=%C0%AF',
        `${storyUrl}?voted=%00`,
        '/latest?before=1%002',
        '/tag/%00',
      ];
      for (const url of urls) {
        const res = await site.app.inject({ method: 'GET', url });
        assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
      }
      const bodies = [
        { language: 'uk', title: 'Нуль\u0000байт', section: 'politics', authorId: 1 },
        { language: 'uk', title: 'ok', lead: '\u0000', section: 'politics', authorId: 1 },
        { language: 'uk', title: 'ok', section: 'politics', tags: ['\u0000'], authorId: 1 },
      ];
      for (const payload of bodies) {
        const res = await site.app.inject({
          method: 'POST',
          url: '/api/admin/articles',
          headers: auth,
          payload,
        });
        assert.ok(res.statusCode < 500, `${JSON.stringify(payload)} → ${res.statusCode} ${res.body}`);
      }
      const vote = await site.app.inject({
        method: 'POST',
        url: '/polls/1/vote',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        payload: 'option=%00&back=%00',
      });
      assert.ok(vote.statusCode < 500, `vote → ${vote.statusCode}`);
    });
  });
}
