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
 * Moving a DataLife Engine site in: its dump (our own invented fixture) becomes sections,
 * authors, stories, pages and images; every old address answers 301 to the new one; a second
 * run changes nothing, a changed row is updated in place; a damaged dump changes nothing.
 */

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'dle', 'dle-13.sql');
const quietly = { language: 'uk', timeZone: 'Europe/Kyiv' } as const;

/** Windows-1251 bytes of a text (the letters our fixtures use). */
function cp1251(text: string): Buffer {
  const extra: Record<string, number> = {
    і: 0xb3,
    І: 0xb2,
    ї: 0xbf,
    Ї: 0xaf,
    є: 0xba,
    Є: 0xaa,
    ґ: 0xb4,
    Ґ: 0xa5,
    ё: 0xb8,
    Ё: 0xa8,
    '’': 0x92,
  };
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
      const b = extra[ch];
      if (b === undefined) throw new Error(`no cp1251 byte for ${ch}`);
      return b;
    }),
  );
}

for (const d of dialects()) {
  describe(`import dle [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let dir: string;
    let uploads: string;
    let first: ImportReport;
    before(async () => {
      site = await openSite(d.name);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-dle-'));
      uploads = path.join(dir, 'uploads');
      fs.mkdirSync(path.join(uploads, 'posts', '2019-05'), { recursive: true });
      await sharp({ create: { width: 640, height: 360, channels: 3, background: { r: 10, g: 120, b: 60 } } })
        .jpeg()
        .toFile(path.join(uploads, 'posts', '2019-05', 'ambulatoriya.jpg'));
      first = await site.services.imports.dle(actor, FIXTURE, { ...quietly, uploads });
    });
    after(async () => {
      await site.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const get = (url: string) => site.app.inject({ method: 'GET', url });
    const storyId = async (title: string) =>
      (await site.db.selectFrom('articles').select('id').where('title', '=', title).executeTakeFirstOrThrow())
        .id;

    test('the report: stories, sections, authors, pages, images copied and missing, hidden passages', () => {
      assert.deepEqual(first.stories, { created: 4, updated: 0, unchanged: 0 });
      assert.equal(first.sections, 4, 'three categories and the archive for a story without one');
      assert.equal(first.authors, 3);
      assert.equal(first.pages, 1);
      assert.equal(first.images.copied, 1);
      assert.deepEqual(first.images.missing, ['http://old.example/uploads/posts/2019-05/likari.jpg']);
      assert.equal(first.hiddenPassages, 1);
      assert.equal(first.polls, 1);
      assert.deepEqual(first.problems, ['poll 2: its story was not imported; left out']);
      assert.match(first.notes.join('\n'), /DLE backup 13\.0/);
    });

    test('a story keeps its time (in the old server’s zone), section, tags, lead, views, pin and slug', async () => {
      const id = await storyId('Нова амбулаторія в Зеленому Гаю');
      const s = await site.services.articles.get(actor, id);
      assert.equal(new Date(s.publishedAt).toISOString(), '2019-05-03T11:20:00.000Z');
      assert.equal(s.section.slug, 'gromady', 'the first of its categories');
      assert.deepEqual(s.tags.map((t) => t.name).sort(), ['Зелений Гай', 'медицина']);
      assert.equal(s.lead, 'У селищі відкрили нову амбулаторію.');
      assert.equal(s.slug, 'novaya-ambulatoriya');
      assert.equal(s.pinned, 1);
      assert.equal(s.status, 'published');
      assert.ok(s.hero, 'the teaser’s picture is the main image');
      const views = await site.db
        .selectFrom('article_views')
        .select('views')
        .where('article_id', '=', id)
        .executeTakeFirst();
      assert.equal(Number(views?.views), 4321);
      assert.deepEqual(
        s.fields,
        { photo_author: 'Олег Знімкович | архів', source: 'Громадська рада' },
        'xfields',
      );
      const author = (await site.services.authors.all()).get(s.author.id);
      assert.equal(author?.names.uk, 'Марина Головна', 'the full name from the users table');

      const page = await get(s.url);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Лікарі прийматимуть щодня/);
      assert.match(page.body, /<p>[^<]*Будівлю ремонтували два роки/);
      assert.match(page.body, /href="https:\/\/gromada\.example\/rozklad"/, 'the go.php wrapper unwrapped');
      assert.doesNotMatch(page.body, /Телефон завгоспа|colorstart|dle_image|\[leech/);
      // The story's poll, with the votes it had.
      assert.match(page.body, /Чи підете до нової амбулаторії\?/);
      const poll = await site.db
        .selectFrom('polls')
        .select(['id', 'ballots'])
        .where('article_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(poll.ballots), 31);
      const votes = await site.db
        .selectFrom('poll_options')
        .select('votes')
        .where('poll_id', '=', poll.id)
        .orderBy('position')
        .execute();
      assert.deepEqual(
        votes.map((v) => Number(v.votes)),
        [20, 8, 3],
      );

      const draft = await site.services.articles.get(actor, await storyId('Чернетка: ремонт мосту'));
      assert.equal(draft.status, 'draft');
      const night = await site.services.articles.get(actor, await storyId('Новорічна ніч без пригод'));
      assert.equal(new Date(night.publishedAt).toISOString(), '2018-12-31T22:10:00.000Z');
      assert.equal(night.section.slug, 'archive');
    });

    test('every old address answers 301 to the new one', async () => {
      const id = await storyId('Нова амбулаторія в Зеленому Гаю');
      const story = `/news/${id}-novaya-ambulatoriya`;
      const cases: [string, string][] = [
        ['/novyny/gromady/101-novaya-ambulatoriya.html', story],
        ['/gromady/101-novaya-ambulatoriya.html', story],
        ['/101-novaya-ambulatoriya.html', story],
        ['/2019/05/03/novaya-ambulatoriya.html', story],
        ['/index.php?newsid=101', story],
        ['/ru/101-novaya-ambulatoriya.html', story],
        ['/novyny/', '/section/novyny'],
        ['/novyny/gromady/', '/section/gromady'],
        ['/novyny/page/3/', '/section/novyny'],
        ['/ru/sport/', '/ru/section/sport'],
        [`/tags/${encodeURIComponent('Зелений Гай')}/`, '/tag/zelenyi-hai'],
        ['/user/redaktor/', `/author/redaktor`],
        ['/kontakty.html', '/page/kontakty'],
        ['/rss.xml', '/feed.xml'],
        ['/lastnews/', '/latest'],
      ];
      for (const [from, to] of cases) {
        const res = await get(from);
        assert.equal(res.statusCode, 301, from);
        assert.equal(res.headers.location, to, from);
      }
      for (const url of [
        story,
        '/section/gromady',
        '/tag/zelenyi-hai',
        '/author/redaktor',
        '/page/kontakty',
      ]) {
        assert.equal((await get(url)).statusCode, 200, url);
      }
      // Not there, or a draft: 404 as before.
      for (const url of [
        '/999-nothing.html',
        '/103-chernetka-mist.html',
        '/index.php?newsid=abc',
        '/nowhere/',
      ]) {
        assert.equal((await get(url)).statusCode, 404, url);
      }
    });

    test('a second run changes nothing; a changed row is updated in place', async () => {
      const count = async () =>
        Number(
          (
            await site.db
              .selectFrom('articles')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      const again = await site.services.imports.dle(actor, FIXTURE, { ...quietly, uploads });
      assert.deepEqual(again.stories, { created: 0, updated: 0, unchanged: 4 });
      assert.equal(again.sections, 0, 'found again, not made');
      assert.equal(again.authors, 0);
      assert.equal(again.polls, 0, 'a poll is brought once');
      assert.equal(again.images.copied, 0, 'an image is copied once');
      assert.equal(await count(), before);

      const id = await storyId('Кубок області залишився вдома');
      const changed = path.join(dir, 'changed.sql');
      fs.writeFileSync(
        changed,
        fs.readFileSync(FIXTURE, 'utf8').replace('Кубок області залишився вдома', 'Кубок області знову наш'),
      );
      const third = await site.services.imports.dle(actor, changed, { ...quietly, uploads });
      assert.deepEqual(third.stories, { created: 0, updated: 1, unchanged: 3 });
      assert.equal(await count(), before);
      const s = await site.services.articles.get(actor, id);
      assert.equal(s.title, 'Кубок області знову наш', 'the same story, its id kept');
      const page = await get(s.url);
      assert.match(page.body, /Кубок області знову наш/);
    });

    test('a truncated dump is refused with its line, and nothing is written', async () => {
      const fresh = await openSite(d.name);
      try {
        const cut = path.join(dir, 'cut.sql');
        const text = fs.readFileSync(FIXTURE, 'utf8');
        fs.writeFileSync(cut, text.slice(0, text.indexOf('Кубок області')));
        await assert.rejects(fresh.services.imports.dle(actor, cut, quietly), /line \d+/);
        const n = await fresh.db
          .selectFrom('sections')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(n.n), 0, 'no section, no story: the site as it was');

        // A mysqldump in cp1251 (SET NAMES says so) reads as the same words.
        const dump = path.join(dir, 'cp1251.sql');
        fs.writeFileSync(
          dump,
          Buffer.concat([
            Buffer.from('-- MySQL dump 10.13\n/*!40101 SET NAMES cp1251 */;\n'),
            cp1251(
              fs
                .readFileSync(FIXTURE, 'utf8')
                .replace(/^#.*\n/gm, '')
                .replace(/DEFAULT CHARSET=utf8mb4/g, 'DEFAULT CHARSET=cp1251'),
            ),
          ]),
        );
        const r = await fresh.services.imports.dle(actor, dump, quietly);
        assert.equal(r.stories.created, 4);
        // Another table prefix is found by itself.
        const other = path.join(dir, 'prefix.sql');
        fs.writeFileSync(other, fs.readFileSync(FIXTURE, 'utf8').replace(/`dle_/g, '`portal_'));
        const again = await fresh.services.imports.dle(actor, other, quietly);
        assert.match(again.notes.join('\n'), /tables portal_\*/);
        assert.equal(again.stories.unchanged, 4, 'the same DLE ids: nothing new');
        // A DLE version never seen is refused at line 1.
        const future = path.join(dir, 'future.sql');
        fs.writeFileSync(future, fs.readFileSync(FIXTURE, 'utf8').replace('#DLE|13.0', '#DLE|42.0'));
        await assert.rejects(
          fresh.services.imports.dle(actor, future, quietly),
          /line 1: DataLife Engine 42\.0/,
        );
        assert.ok(
          await fresh.db
            .selectFrom('articles')
            .select('id')
            .where('title', '=', 'Кубок області залишився вдома')
            .executeTakeFirst(),
        );
      } finally {
        await fresh.dispose();
      }
    });
  });
}

describe('import dle on the command line', () => {
  test('exit 0 with a summary; a damaged dump exits 2 naming the line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-dle-cli-'));
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
        env: { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dir, DATABASE_URL: '' },
        encoding: 'utf8',
      });
    try {
      const ok = cli(['import', 'dle', FIXTURE, '--language', 'uk', '--timezone', 'Europe/Kyiv']);
      assert.equal(ok.status, 0, ok.stderr);
      assert.match(ok.stdout, /stories: 4 new, 0 updated, 0 unchanged/);
      assert.match(ok.stderr, /importing stories \[/, 'a progress bar');
      const cut = path.join(dir, 'cut.sql');
      fs.writeFileSync(cut, fs.readFileSync(FIXTURE, 'utf8').slice(0, 3000));
      const bad = cli(['import', 'dle', cut]);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /line \d+/);
      assert.doesNotMatch(bad.stderr, /\n\s+at /);
      const zone = cli(['import', 'dle', FIXTURE, '--timezone', 'Mars/Olympus']);
      assert.equal(zone.status, 2);
      assert.match(zone.stderr, /unknown time zone/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
