import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { SITE_JS_BODIES, SITE_JS_LOADER, SITE_JS_PATH } from '../src/server/site/assets.ts';
import { baseContent, makeStory, testImage } from './factories.ts';
import { actor, openSite, type TestSite } from './harness.ts';

const vnuJar = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vnu-jar/package.json')),
  'build/dist/vnu.jar',
);
const hasJava = spawnSync('java', ['-version']).status === 0;

/**
 * Every page type passes the Nu HTML Checker (vnu.jar, run with the machine's Java).
 * HTML does not depend on the database, so this runs on SQLite only.
 */
describe('valid HTML and page weight', { skip: hasJava ? false : 'SKIPPED: no java on this machine' }, () => {
  let site: TestSite;
  const pages = new Map<string, string>();

  before(async () => {
    site = await openSite('sqlite');
    const { author } = await baseContent(site);
    const mediaId = (await site.services.media.add(actor, await testImage(), { credit: 'Редакція' })).id;
    const now = Date.now();
    let last = 0;
    for (let i = 60; i >= 1; i--) {
      const s = await makeStory(site, author.id, {
        title: `Подія номер ${i}: уряд і громади домовилися про «спільний план» & кроки`,
        publishedAt: new Date(now - i * 40 * 60_000).toISOString(),
        heroImage: { mediaId, alt: 'Ілюстрація', caption: 'Підпис' },
        tags: ['Київ', 'громади'],
        pinned: i < 4 ? i : 0,
        source: i % 5 === 0 ? 'ЗМІ' : null,
        body: '<h2>Підзаголовок</h2><p>Абзац <a href="https://example.org/x">з посиланням</a>.</p><blockquote><p>«Цитата»</p></blockquote><ul><li>пункт</li></ul>',
      });
      last = s.id;
    }
    const ru = await makeStory(site, author.id, {
      language: 'ru',
      title: 'Русская версия события',
      translationOf: last,
    });
    await site.services.pages.upsert(actor, {
      key: 'contacts',
      language: 'uk',
      title: 'Контакти',
      body: '<p>Пишіть нам.</p>',
    });
    // Polls (a form, and results after voting) and a registered third-party script are
    // part of the markup checked.
    const poll = await site.services.polls.create(actor, {
      language: 'uk',
      question: 'Чи підтримуєте ви «план» громади?',
      options: ['Так', 'Ні', 'Не знаю'],
      articleId: last,
    });
    await site.services.polls.create(actor, {
      language: 'uk',
      question: 'Загальне питання?',
      options: ['А', 'Б'],
      sitewide: true,
      multiple: true,
    });
    await site.services.polls.vote(poll.id, [poll.options[0]!.id], 'validity-test');
    await site.services.settings.update(actor, {
      scripts: [{ id: 'stats', category: 'analytics', src: 'https://stats.example/s.js' }],
    });
    const uk = await site.services.articles.get(actor, last);
    const feed = await site.app.inject({ method: 'GET', url: '/latest' });
    const page2 = /href="(\/latest\?before=[\d.]+)"/.exec(feed.body)![1]!;
    const urls: Record<string, string> = {
      home: '/',
      'home-ru': '/ru/',
      'article-uk': uk.url,
      'article-ru': ru.url,
      section: '/section/politics',
      tag: '/tag/kyiv',
      author: '/author/olena-test',
      static: '/page/contacts',
      '404': '/no/such/page',
      '400': '/latest?before=nonsense',
      latest: '/latest',
      'latest-page-2': page2,
      'article-voted': `${uk.url}?voted=${poll.id}`,
      search: `/search?q=${encodeURIComponent('подія')}`,
    };
    for (const [name, url] of Object.entries(urls)) {
      const res = await site.app.inject({ method: 'GET', url });
      pages.set(name, res.body);
    }
  });
  after(() => site.dispose());

  test('every page type passes the Nu HTML Checker with no errors', () => {
    // The checked pages carry the interactive parts too.
    assert.match(pages.get('article-uk')!, /class="poll-form"/);
    assert.match(pages.get('article-voted')!, /class="poll-results"/);
    assert.match(pages.get('home')!, /type="checkbox" name="option"/);
    assert.match(pages.get('home')!, /id="consent-scripts"/);
    const dir = fs.mkdtempSync(path.join(site.dataDir, 'html-'));
    const files = [...pages].map(([name, html]) => {
      const f = path.join(dir, `${name}.html`);
      fs.writeFileSync(f, html);
      return f;
    });
    const r = spawnSync(
      'java',
      ['-jar', vnuJar, '--errors-only', '--format', 'json', '--exit-zero-always', ...files],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stderr || '{"messages":[]}') as {
      messages: { url: string; message: string; lastLine?: number }[];
    };
    const errors = report.messages.map((m) => `${path.basename(m.url)}:${m.lastLine ?? '?'} ${m.message}`);
    assert.deepEqual(errors, []);
  });

  test('the article page is under 60 KB compressed (HTML + CSS + JS); its one script is ours, loaded after the page', () => {
    const html = pages.get('article-uk')!;
    const br = zlib.brotliCompressSync(Buffer.from(html)).length + SITE_JS_BODIES.br.length;
    const gz = zlib.gzipSync(Buffer.from(html)).length + SITE_JS_BODIES.gzip.length;
    assert.ok(gz < 60 * 1024, `gzip ${gz} B`);
    assert.ok(br < 60 * 1024, `brotli ${br} B`);
    assert.doesNotMatch(html, /<script[^>]+src=/);
    assert.ok(html.includes(`<script>${SITE_JS_LOADER}</script>`));
    assert.ok(SITE_JS_LOADER.includes(`'${SITE_JS_PATH}'`));
    assert.doesNotMatch(html, /<link[^>]+rel="stylesheet"/);
  });
});
