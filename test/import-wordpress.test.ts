import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { ImportReport } from '../src/server/modules/imports/index.ts';
import { actor, dialects, openSite, type TestSite } from './harness.ts';

/**
 * Moving a WordPress site in from its export (our own invented fixture): posts, pages,
 * categories, tags, authors, featured images, Polylang translations; drafts, scheduled and
 * password-protected posts never published in the clear; old permalinks answer 301.
 */

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'wordpress', 'site.xml');
const opts = { language: 'uk', timeZone: 'Europe/Kyiv' } as const;

for (const d of dialects()) {
  describe(`import wordpress [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let dir: string;
    let uploads: string;
    let first: ImportReport;
    before(async () => {
      site = await openSite(d.name);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-wp-'));
      uploads = path.join(dir, 'uploads');
      fs.mkdirSync(path.join(uploads, '2024', '06'), { recursive: true });
      await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: 40, g: 60, b: 160 } } })
        .jpeg()
        .toFile(path.join(uploads, '2024', '06', 'tram-depo.jpg'));
      first = await site.services.imports.wordpress(actor, FIXTURE, { ...opts, uploads });
    });
    after(async () => {
      await site.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const get = (url: string) => site.app.inject({ method: 'GET', url });
    const byTitle = async (title: string) => {
      const r = await site.db
        .selectFrom('articles')
        .select('id')
        .where('title', '=', title)
        .executeTakeFirstOrThrow();
      return site.services.articles.get(actor, r.id);
    };

    test('the report lists what it could not bring over as it was; nothing silently', () => {
      assert.deepEqual(first.stories, { created: 7, updated: 0, unchanged: 0 });
      assert.equal(first.pages, 1);
      assert.equal(first.authors, 2);
      assert.equal(first.images.copied, 1);
      assert.deepEqual(first.images.missing, [
        'https://old-city.example/wp-content/uploads/2024/06/vagony.jpg',
      ]);
      assert.equal(first.problems.length, 2);
      assert.match(first.problems.join('\n'), /post 104 .*password-protected.*draft/);
      assert.match(first.problems.join('\n'), /post 106 .*no title/);
    });

    test('posts: blocks and classic text made ours, featured image, sticky, time, section, tags, author', async () => {
      const s = await byTitle('Трамвайне депо оновили за пів року');
      assert.equal(s.status, 'published');
      assert.equal(new Date(s.publishedAt).toISOString(), '2024-06-03T09:30:00.000Z');
      assert.equal(s.section.slug, 'transport');
      assert.deepEqual(
        s.tags.map((t) => t.name),
        ['трамвай'],
      );
      assert.equal(s.lead, 'Депо знову приймає вагони.');
      assert.equal(s.pinned, 1);
      assert.ok(s.hero, 'the featured image');
      assert.equal(s.author.name, 'Іванна Міська');
      assert.equal(s.slug, 'tramvaine-depo');
      const page = await get(s.url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Ремонтники замінили дах/);
      assert.doesNotMatch(page.body, /wp:paragraph|wp-block/);
      // The Russian version is its translation (Polylang's group).
      assert.deepEqual(
        s.translations.map((t) => t.language),
        ['ru'],
      );

      const classic = await byTitle('Міст на Набережній закрили на ніч');
      // No GMT date: the site's own clock (Kyiv, summer: UTC+3).
      assert.equal(new Date(classic.publishedAt).toISOString(), '2024-05-20T18:00:00.000Z');
      const html = (await get(classic.url)).body;
      assert.match(html, /<p>Об’їзд буде через площу\.<br\s*\/?>Автобуси/);

      assert.equal(
        (await byTitle('Тільки для своїх')).status,
        'draft',
        'a password is never published in the clear',
      );
      assert.equal((await byTitle('Чернетка про парк')).status, 'draft');
      assert.equal((await byTitle('Фестиваль вуличної музики наступного року')).status, 'scheduled');
      assert.equal((await byTitle('(без заголовка)')).status, 'draft');
    });

    test('old permalinks answer 301', async () => {
      const s = await byTitle('Трамвайне депо оновили за пів року');
      const classic = await byTitle('Міст на Набережній закрили на ніч');
      const cases: [string, string][] = [
        ['/?p=101', s.url],
        ['/2024/06/03/tramvaine-depo/', s.url],
        ['/tramvaine-depo/', s.url],
        [`/2024/05/20/${encodeURIComponent('міст-на-набережній')}/`, classic.url],
        ['/category/misto/transport/', '/section/transport'],
        ['/category/misto/', '/section/misto'],
        ['/feed/', '/feed.xml'],
        ['/tag/tramvai/', '/tag/tramvai'],
        ['/author/ivanna/', '/author/ivanna'],
        ['/pro-redaktsiiu/', '/page/pro-redaktsiiu'],
      ];
      for (const [from, to] of cases) {
        const res = await get(from);
        assert.equal(res.statusCode, 301, from);
        assert.equal(res.headers.location, to, from);
      }
      assert.equal((await get('/author/ivanna')).statusCode, 200, 'the author page, by the old login');
      // A draft or a password-protected post: no page, old address or not (an unknown
      // number on the home page's address is just the home page).
      assert.equal((await get('/secret/')).statusCode, 404);
      for (const url of ['/?p=104', '/?p=105', '/?p=999']) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers.location, undefined, url);
      }
    });

    test('a second run changes nothing; bad XML is refused with its line and nothing written', async () => {
      const again = await site.services.imports.wordpress(actor, FIXTURE, { ...opts, uploads });
      assert.deepEqual(again.stories, { created: 0, updated: 0, unchanged: 7 });
      const fresh = await openSite(d.name);
      try {
        const bad = path.join(dir, 'bad.xml');
        fs.writeFileSync(
          bad,
          fs.readFileSync(FIXTURE, 'utf8').replace('</item>\n\n\t<item>', '</itm>\n\n\t<item>'),
        );
        await assert.rejects(fresh.services.imports.wordpress(actor, bad, opts), /line \d+/);
        const n = await fresh.db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(n.n), 0);
      } finally {
        await fresh.dispose();
      }
    });
  });
}

describe('import wordpress on the command line', () => {
  test('exit 0 with a summary listing problems; not XML exits 2 naming the line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-wp-cli-'));
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
        env: { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
    try {
      const ok = cli(['import', 'wordpress', FIXTURE, '--language', 'uk']);
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /stories: 7 new/);
      assert.match(ok.stdout, /problem: post 104/);
      const bad = path.join(dir, 'bad.xml');
      fs.writeFileSync(bad, 'this is not xml at all');
      const refused = cli(['import', 'wordpress', bad]);
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /line \d+/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
