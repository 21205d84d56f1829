import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { backup, migrateTo, restore } from '../src/server/cli/site-commands.ts';
import { createDatabase } from '../src/server/db/database.ts';
import { COPIED_TABLES, NOT_COPIED, siteSums } from '../src/server/db/site-copy.ts';
import { baseContent, makeStory, testImage } from './factories.ts';
import { actor, childDatabase, clearOfMidnight, dialects, openSite, type TestSite } from './harness.ts';

/**
 * Moving a whole site: backup while it serves, restore into an empty site (and only with
 * --force into one with content), and a SQLite site copied to PostgreSQL. Each copy is
 * checked here independently of the copy's own verification: every table's rows and checksum.
 */

const quiet = () => {};
const still = () => quiet;
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Stories with a hero image, tags, a translation, and a reader's view: most tables have rows. */
async function content(site: TestSite) {
  const { author } = await baseContent(site);
  const media = await site.services.media.add(actor, await testImage(800, 450), { credit: 'Тест' });
  const first = await makeStory(site, author.id, {
    title: 'Нічна зміна у лікарні швидкої допомоги',
    heroImage: { mediaId: media.id, alt: 'Будівля лікарні' },
    tags: ['Київ', 'медицина'],
  });
  await makeStory(site, author.id, {
    language: 'ru',
    title: 'Ночная смена в больнице',
    translationOf: first.id,
  });
  for (let i = 0; i < 12; i++) await makeStory(site, author.id, { title: `Звіт міської ради ${i}` });
  return { author, media, first };
}

test('every table of the schema is either copied or left out on purpose', async () => {
  const handle = createDatabase(':memory:');
  try {
    await handle.migrate();
    const tables = (
      await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(handle.db)
    ).rows
      .map((r) => r.name)
      .filter((n) => !n.startsWith('kysely_') && !n.startsWith('search_fts_') && n !== 'sqlite_sequence');
    const known = new Set<string>([...COPIED_TABLES.map((t) => t.name), ...NOT_COPIED]);
    assert.deepEqual(
      tables.filter((t) => !known.has(t)),
      [],
      'tables neither copied nor left out',
    );
  } finally {
    await handle.close();
  }
});

for (const d of dialects()) {
  describe(`backup and restore [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let empty: TestSite;
    let authorId: number;
    let firstId: number;
    const dir = path.join(tmp('shpalta-backup-'), 'b');
    before(async () => {
      site = await openSite(d.name);
      empty = await openSite(d.name);
      const c = await content(site);
      authorId = c.author.id;
      firstId = c.first.id;
    });
    after(async () => {
      await site.dispose();
      await empty.dispose();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    });

    test('a backup taken while stories are being written is one consistent moment', async () => {
      const lines: string[] = [];
      const writes = Promise.all(
        Array.from({ length: 10 }, (_, i) => makeStory(site, authorId, { title: `Під час копії ${i}` })),
      );
      await backup(site.database, site.dataDir, dir, (l) => lines.push(l), still);
      await writes;
      assert.match(lines.join('\n'), /backup in .*: \d+ rows, \d+ media files/);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      // Each story with its body: no story caught half-written, whatever moment was taken.
      assert.equal(manifest.tables.articles.rows, manifest.tables.article_bodies.rows);
      assert.ok(manifest.tables.articles.rows >= 14);
      assert.ok(manifest.media.files > 0, 'image files are in the backup');
      assert.ok(fs.existsSync(path.join(dir, 'site.db')));
      // The backup's database holds exactly what its manifest says.
      const copy = createDatabase(path.join(dir, 'site.db'));
      try {
        assert.deepEqual(await siteSums(copy), manifest.tables);
      } finally {
        await copy.close();
      }
    });

    test('a backup goes into a new or empty folder only', async () => {
      await assert.rejects(backup(site.database, site.dataDir, dir, quiet, still), /not empty/);
    });

    test('restore into an empty site: the same rows, pages, images, search, and new ids after the old', async () => {
      await restore(empty.database, empty.dataDir, dir, false, quiet, still);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      assert.deepEqual(await siteSums(empty.database), manifest.tables);
      const story = await empty.services.articles.get(actor, firstId);
      const page = await empty.app.inject({ method: 'GET', url: story.url });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Нічна зміна у лікарні/);
      const img = /src="(\/media\/[^"]+)"/.exec(page.body)?.[1];
      assert.ok(img, 'the story shows its image');
      assert.equal((await empty.app.inject({ method: 'GET', url: img })).statusCode, 200);
      await empty.services.articles.indexSearch({ batch: 100 });
      const found = await empty.app.inject({
        method: 'GET',
        url: `/search?q=${encodeURIComponent('лікарні')}`,
      });
      assert.match(found.body, /Нічна зміна у лікарні/);
      const added = await makeStory(empty, authorId, { title: 'Перша новина після відновлення' });
      assert.ok(added.id > manifest.tables.articles.rows, 'ids go on after the restored ones');
    });

    test('a site with content is only replaced with --force; a damaged backup is refused', async () => {
      const before = await siteSums(empty.database);
      await assert.rejects(
        restore(empty.database, empty.dataDir, dir, false, quiet, still),
        /has content.*--force/,
      );
      assert.deepEqual(await siteSums(empty.database), before, 'nothing changed');

      const damaged = path.join(path.dirname(dir), 'damaged');
      fs.cpSync(dir, damaged, { recursive: true });
      const fd = fs.openSync(path.join(damaged, 'site.db'), 'r+');
      fs.writeSync(fd, Buffer.from('x'), 0, 1, 5000);
      fs.closeSync(fd);
      await assert.rejects(
        restore(empty.database, empty.dataDir, damaged, true, quiet, still),
        /does not match/,
      );
      await assert.rejects(
        restore(empty.database, empty.dataDir, site.dataDir, true, quiet, still),
        /not a backup/,
      );
      assert.deepEqual(await siteSums(empty.database), before, 'nothing changed');

      await restore(empty.database, empty.dataDir, dir, true, quiet, still);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      assert.deepEqual(await siteSums(empty.database), manifest.tables, 'replaced by the backup');
    });
  });
}

const pg = dialects().find((d) => d.name === 'postgres')!;
describe('a SQLite site moves to PostgreSQL', { skip: pg.skip }, () => {
  test('migrate --to: every row copied and verified; the site runs on PostgreSQL and numbers on', async () => {
    const site = await openSite('sqlite');
    const dir = tmp('shpalta-migrate-');
    const target = await childDatabase('postgres', dir);
    try {
      const { author, first } = await content(site);
      // A reader counted before the move: the log of counted readers goes along.
      const read = (s: TestSite, browser: string) =>
        s.app.inject({
          method: 'POST',
          url: `/v/${first.id}`,
          headers: { 'user-agent': `Mozilla/5.0 (X11; Linux x86_64) ${browser} Safari/537.36` },
        });
      // The same reader on both sides of UTC midnight would be a new one (the day's salt).
      await clearOfMidnight();
      assert.equal((await read(site, 'Chrome/156.0')).statusCode, 204);
      await site.services.views.flush();
      const lines: string[] = [];
      await migrateTo(site.database, target.url, (l) => lines.push(l), still);
      assert.match(lines.join('\n'), /copied and verified/);
      assert.match(lines.at(-1)!, /^DATABASE_URL=postgres:\/\//);
      const schema = new URL(target.url).searchParams.get('options')!.split('=')[1]!;
      const moved = await openSite('postgres', {}, { schema, dataDir: site.dataDir });
      try {
        assert.deepEqual(await siteSums(moved.database), await siteSums(site.database));
        const added = await makeStory(moved, author.id, { title: 'Перша новина на новій базі' });
        // The log numbers on after the copied rows: the same reader again is not counted, a
        // new one is (a log row numbered like a copied one would fail every write of counts).
        await read(moved, 'Chrome/156.0');
        await read(moved, 'Firefox/140.0');
        await moved.services.views.flush();
        assert.deepEqual(await moved.services.views.totals([first.id]), new Map([[first.id, 2]]));
        const max = await site.db
          .selectFrom('articles')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirstOrThrow();
        assert.ok(added.id > Number(max.m));
        await moved.services.articles.indexSearch({ batch: 100 });
        const found = await moved.app.inject({
          method: 'GET',
          url: `/search?q=${encodeURIComponent('лікарня')}`,
        });
        assert.match(found.body, /Нічна зміна у лікарні/);
        // A second copy into the same database is refused: it has content now.
        await assert.rejects(migrateTo(site.database, target.url, quiet, still), /not empty/);
        await assert.rejects(migrateTo(site.database, 'mysql://x', quiet, still), /PostgreSQL URL/);
      } finally {
        // Leaves the data folder (the SQLite site's) and the schema to their owners.
        await moved.close();
        await moved.database.close();
      }
    } finally {
      await site.dispose();
      await target.drop();
    }
  });
});

describe('the command line', () => {
  const cli = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
      encoding: 'utf8',
    });

  test('backup DIR and restore DIR [--force]: exit codes and what they print', () => {
    const root = tmp('shpalta-cli-backup-');
    try {
      const one = { DATA_DIR: path.join(root, 'one') };
      const two = { DATA_DIR: path.join(root, 'two') };
      const seeded = cli(['seed', '--stories', '5'], one);
      assert.equal(seeded.status, 0, seeded.stderr);
      const saved = cli(['backup', path.join(root, 'b')], one);
      assert.equal(saved.status, 0, saved.stderr);
      assert.match(saved.stdout, /backup in .*: \d+ rows/);
      const exported = cli(['export', '--format', 'jsonl', path.join(root, 'site.jsonl')], one);
      assert.equal(exported.status, 0, exported.stderr);
      assert.match(exported.stdout, /rows of \d+ tables written/);
      const wrongFormat = cli(['export', '--format', 'csv', path.join(root, 'site.csv')], one);
      assert.equal(wrongFormat.status, 2);
      assert.match(wrongFormat.stderr, /jsonl\|wxr/);
      const restored = cli(['restore', path.join(root, 'b')], two);
      assert.equal(restored.status, 0, restored.stderr);
      assert.match(restored.stdout, /restored \d+ rows[\s\S]*indexed for search/);
      const again = cli(['restore', path.join(root, 'b')], two);
      assert.equal(again.status, 2);
      assert.match(again.stderr, /has content.*--force/);
      assert.doesNotMatch(again.stderr, /\n\s+at /, 'a message, not a stack trace');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
