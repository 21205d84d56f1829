import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent, makeStory } from './factories.ts';
import { auth, dialects, openSite, type TestSite } from './harness.ts';

for (const d of dialects()) {
  describe(`consent and settings [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let url: string;
    before(async () => {
      site = await openSite(d.name);
      const { author } = await baseContent(site);
      url = (await makeStory(site, author.id, { title: 'Приватність читача' })).url;
    });
    after(() => site.dispose());

    test('a first visit sets no cookie anywhere', async () => {
      for (const u of ['/', url, '/latest', '/ru/', '/section/politics', '/nope']) {
        const res = await site.app.inject({ method: 'GET', url: u });
        assert.equal(res.headers['set-cookie'], undefined, u);
      }
    });

    test('the notice is in the page language, links the privacy policy and can be reopened', async () => {
      const uk = (await site.app.inject({ method: 'GET', url })).body;
      assert.match(uk, /<section class="consent" id="consent" aria-labelledby="consent-title" hidden>/);
      assert.match(uk, /<a href="\/page\/privacy-policy">Політика конфіденційності<\/a>/);
      assert.match(uk, /<button type="button" data-consent="all">Прийняти всі<\/button>/);
      assert.match(uk, /<button type="button" data-consent="necessary">Лише необхідні<\/button>/);
      assert.match(uk, /data-consent-open="">Налаштування cookie<\/a>/);
      const ru = (await site.app.inject({ method: 'GET', url: '/ru/' })).body;
      assert.match(ru, /Принять все/);
      assert.match(ru, /href="\/ru\/page\/privacy-policy"/);
    });

    test('operators register third-party scripts by category; the CSP allows exactly their origins', async () => {
      const call = (payload: object) =>
        site.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: auth, payload });
      for (const bad of [
        { scripts: [{ id: 'x', category: 'tracking', src: 'https://a.example/x.js' }] },
        { scripts: [{ id: 'x', category: 'ads', src: 'javascript:alert(1)' }] },
        {
          scripts: [
            { id: 'x', category: 'ads', src: 'https://a.example/x.js' },
            { id: 'x', category: 'ads', src: 'https://b.example/y.js' },
          ],
        },
        { googleNewsUrl: 'not a url' },
        { unknown: true },
      ]) {
        const res = await call(bad);
        assert.equal(res.statusCode, 400, JSON.stringify(bad));
        assert.equal(res.json().error.code, 'VALIDATION_FAILED');
      }
      const before = (await site.app.inject({ method: 'GET', url })).headers['content-security-policy'];
      assert.doesNotMatch(String(before), /stats\.example/);
      const ok = await call({
        scripts: [
          { id: 'stats', category: 'analytics', src: 'https://stats.example/s.js' },
          { id: 'adnet', category: 'ads', src: 'https://ads.example/a.js' },
        ],
        googleNewsUrl: 'https://news.google.com/publications/changed',
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const res = await site.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self' 'sha256-[^']+' https:\/\/stats\.example https:\/\/ads\.example/);
      assert.match(res.body, /<script type="application\/json" id="consent-scripts">\[\{"id":"stats"/);
      // Never a plain <script src> for them: only the consent script inserts them.
      assert.doesNotMatch(res.body, /<script[^>]+src="https:\/\/stats\.example/);
      assert.match(res.body, /href="https:\/\/news\.google\.com\/publications\/changed"/);
      assert.deepEqual(
        (await site.app.inject({ method: 'GET', url: '/api/admin/settings', headers: auth })).json().scripts
          .length,
        2,
      );
      await call({ scripts: [] });
    });
  });
}
