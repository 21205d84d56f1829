import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { createDatabase } from '../src/server/db/database.ts';
import { childDatabase, dialects } from './harness.ts';

function cli(args: string[], env: Record<string, string>, input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    ...(input !== undefined ? { input } : {}),
  });
}

for (const d of dialects()) {
  describe(`command line and demo newsroom [${d.name}]`, { skip: d.skip }, () => {
    test('seed: the demo newsroom, then N more stories with a progress bar; api-key create/list/revoke', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-cli-'));
      const database = await childDatabase(d.name, dir);
      const env = { DATA_DIR: dir, DATABASE_URL: database.url };
      try {
        const demo = cli(['seed'], env);
        assert.equal(demo.status, 0, demo.stderr);
        assert.match(demo.stdout, /demo newsroom created: 700 stories/);
        const again = cli(['seed'], env);
        assert.equal(again.status, 2, 'the demo is only for an empty site');

        const handle = createDatabase(database.url);
        const db = handle.db;
        const count = async (language?: string) => {
          let q = db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n'));
          if (language) q = q.where('language', '=', language);
          return Number((await q.executeTakeFirstOrThrow()).n);
        };
        // The demo newsroom: ≥ 300 stories over 14 days in both languages, ~half translated.
        const uk = await count('uk');
        const ru = await count('ru');
        assert.ok(uk + ru >= 700 && uk >= 600 && ru >= 300, `${uk} uk, ${ru} ru`);
        const groups = await db
          .selectFrom('articles')
          .select(['group_id', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('group_id')
          .execute();
        const translated = groups.filter((g) => Number(g.n) > 1).length / groups.length;
        assert.ok(translated > 0.35 && translated < 0.65, `translated share ${translated}`);
        const span = await db
          .selectFrom('articles')
          .select([
            (eb) => eb.fn.min('published_at').as('first'),
            (eb) => eb.fn.max('published_at').as('last'),
          ])
          .executeTakeFirstOrThrow();
        const days = (Number(span.last) - Number(span.first)) / 86_400_000;
        assert.ok(days > 13 && days <= 14.1, `${days} days`);
        assert.ok(Number(span.last) <= Date.now());
        const edited = await db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .whereRef('updated_at', '<>', 'published_at')
          .executeTakeFirstOrThrow();
        assert.equal(Number(edited.n), 0, 'demo stories look as published, not edited at seeding time');
        const sections = await db.selectFrom('sections').select('slug').execute();
        assert.ok(sections.length >= 8);
        for (const slug of [
          'politics',
          'war',
          'world',
          'economy',
          'society',
          'technology',
          'weather',
          'lifestyle',
        ]) {
          assert.ok(
            sections.some((s) => s.slug === slug),
            slug,
          );
        }
        const bios = await db
          .selectFrom('author_profiles')
          .select(['author_id', 'bio'])
          .where('language', '=', 'uk')
          .execute();
        assert.ok(bios.length >= 6 && bios.every((b) => b.bio.length > 40));
        const pages = await db.selectFrom('pages').select(['page_key', 'language']).execute();
        for (const key of ['editorial-standards', 'privacy-policy', 'contacts']) {
          assert.ok(
            pages.some((p) => p.page_key === key && p.language === 'uk'),
            key,
          );
          assert.ok(
            pages.some((p) => p.page_key === key && p.language === 'ru'),
            key,
          );
        }
        const withHero = await db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('hero_media_id', 'is not', null)
          .executeTakeFirstOrThrow();
        assert.equal(Number(withHero.n), uk + ru);
        const tagged = await db
          .selectFrom('article_tags')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.ok(Number(tagged.n) >= 2 * (uk + ru));

        const bulk = cli(['seed', '--stories', '600'], env);
        assert.equal(bulk.status, 0, bulk.stderr);
        assert.match(bulk.stderr, /seeding \[#+\.*\] +\d+% \d+\/600/);
        assert.match(bulk.stdout, /600 stories added/);
        const groupsAfter = await db
          .selectFrom('articles')
          .select((eb) => eb.fn.count('group_id').distinct().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(groupsAfter.n), groups.length + 600);
        assert.equal(cli(['seed', '--stories', 'many'], env).status, 2);

        const created = cli(['api-key', 'create', 'newsroom-bot'], env);
        assert.equal(created.status, 0, created.stderr);
        const token = created.stdout.trim().split('\n').at(-1)!;
        assert.match(token, /^shp_[\w-]{40,}$/);
        const stored = await db.selectFrom('api_keys').select(['id', 'token_hash']).execute();
        assert.equal(stored.length, 1);
        assert.notEqual(stored[0]!.token_hash, token, 'only a hash is stored');
        assert.match(cli(['api-key', 'list'], env).stdout, /#\d+\tnewsroom-bot\tcreated/);
        const editorKey = cli(['api-key', 'create', 'desk-bot', '--role', 'editor'], env);
        assert.equal(editorKey.status, 0, editorKey.stderr);
        assert.equal(cli(['api-key', 'create', 'x', '--role', 'emperor'], env).status, 2);
        await db.deleteFrom('api_keys').where('name', '=', 'desk-bot').execute();
        assert.equal(cli(['api-key', 'revoke', String(stored[0]!.id)], env).status, 0);
        assert.equal((await db.selectFrom('api_keys').selectAll().execute()).length, 0);
        assert.equal(cli(['nonsense'], env).status, 2);

        // Staff accounts: the owner made from the command line, the password from standard input.
        const weak = cli(
          ['user', 'create', '--email', 'owner@news.example.org', '--role', 'owner'],
          env,
          'short\n',
        );
        assert.equal(weak.status, 2);
        assert.match(weak.stderr, /at least 12 characters/);
        const owner = cli(
          ['user', 'create', '--email', 'Owner@News.Example.org', '--role', 'owner', '--name', 'Власниця'],
          env,
          'довгий-пароль-власниці\n',
        );
        assert.equal(owner.status, 0, owner.stderr);
        assert.match(owner.stdout, /created owner #\d+ owner@news\.example\.org/);
        const second = cli(
          ['user', 'create', '--email', 'two@news.example.org', '--role', 'owner'],
          env,
          'довгий-пароль-другої\n',
        );
        assert.equal(second.status, 2, 'one owner per site');
        const users = await db.selectFrom('users').select(['email', 'password_hash']).execute();
        assert.equal(users.length, 1);
        assert.match(users[0]!.password_hash, /^scrypt\$32768\$8\$3\$/);
        const link = cli(['user', 'reset-link', '--email', 'owner@news.example.org'], env);
        assert.equal(link.status, 0, link.stderr);
        assert.match(link.stdout, /\/admin\/reset#[\w-]{40,}/);
        assert.equal(cli(['user', 'reset-link', '--email', 'nobody@news.example.org'], env).status, 1);
        assert.match(cli(['user', 'list'], env).stdout, /#\d+\towner\towner@news\.example\.org\tВласниця/);
        await handle.close();
      } finally {
        await database.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
