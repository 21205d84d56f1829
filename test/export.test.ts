import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { exportJsonl, importJsonl } from '../src/server/db/site-jsonl.ts';
import { readWxr, type WxrItem } from '../src/server/modules/imports/wxr.ts';
import { baseContent, makeStory, testImage } from './factories.ts';
import { actor, dialects, openSite, type TestSite } from './harness.ts';

/**
 * Moving out: the whole site as JSON Lines (exported, imported into an empty site, exported
 * again: the same file) without any secret, and the stories and pages as WordPress's WXR.
 */

const withoutHeader = (file: string) => fs.readFileSync(file, 'utf8').split('\n').slice(1).join('\n');

for (const d of dialects()) {
  describe(`export [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let dir: string;
    let storyId: number;
    before(async () => {
      site = await openSite(d.name);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-export-'));
      const { author } = await baseContent(site);
      const media = await site.services.media.add(actor, await testImage(800, 450), { credit: 'Тест' });
      const s = await makeStory(site, author.id, {
        title: 'Міст через річку відкрили після ремонту',
        heroImage: { mediaId: media.id, alt: 'Міст' },
        tags: ['Київ', 'ремонт'],
        pinned: 1,
      });
      storyId = s.id;
      await makeStory(site, author.id, {
        language: 'ru',
        title: 'Мост через реку открыли',
        translationOf: s.id,
      });
      await makeStory(site, author.id, { title: 'Чернетка про міст', status: 'draft' });
      await site.services.pages.upsert(actor, {
        key: 'about',
        language: 'uk',
        title: 'Про нас',
        body: '<p>Редакція пише про місто.</p>',
      });
      await site.services.users.create(actor, {
        email: 'olena@example.org',
        name: 'Олена',
        role: 'editor',
        password: 'a long enough password 1',
      });
    });
    after(async () => {
      await site.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    test('JSON Lines: exported, imported into an empty site, exported again — the same rows', async () => {
      const first = path.join(dir, 'one.jsonl');
      const counts = await exportJsonl(site.database, first);
      assert.equal(counts.articles, 3);
      const text = fs.readFileSync(first, 'utf8');
      assert.match(text.split('\n')[0]!, /"format":"shpalta-export","version":1/);
      // Nothing that lets anyone in, and nothing about readers' addresses.
      assert.doesNotMatch(
        text,
        /scrypt\$|cookie_secret|"table":"(sessions|api_keys|invitations|password_resets|view_log|poll_ballots)"/,
      );

      const other = await openSite(d.name);
      try {
        await importJsonl(other.database, first);
        const second = path.join(dir, 'two.jsonl');
        await exportJsonl(other.database, second);
        assert.equal(withoutHeader(second), withoutHeader(first));
        // The site works: the story's page, its search, a new story numbered after the old.
        const story = await other.services.articles.get(actor, storyId);
        assert.equal((await other.app.inject({ method: 'GET', url: story.url })).statusCode, 200);
        await other.services.articles.indexSearch({ batch: 100 });
        const found = await other.app.inject({
          method: 'GET',
          url: `/search?q=${encodeURIComponent('мосту')}`,
        });
        assert.match(found.body, /Міст через річку/);
        // An account comes back without a password: signing in is refused, not an error.
        const signIn = (at: TestSite) =>
          at.app.inject({
            method: 'POST',
            url: '/api/admin/session',
            headers: { origin: 'https://news.example.org' },
            payload: { email: 'olena@example.org', password: 'a long enough password 1' },
          });
        assert.equal((await signIn(site)).statusCode, 200, 'the password works on the site exported');
        assert.equal((await signIn(other)).statusCode, 401, 'and nowhere the export went');
        // Into a site with content: refused, nothing changed.
        await assert.rejects(importJsonl(other.database, first), /not empty/);
      } finally {
        await other.dispose();
      }
    });

    test('JSON Lines: a damaged file is refused with its line, and nothing is written', async () => {
      const bad = path.join(dir, 'bad.jsonl');
      const lines = fs.readFileSync(path.join(dir, 'one.jsonl'), 'utf8').split('\n');
      lines.splice(5, 0, '{"table":"articles","row":');
      fs.writeFileSync(bad, lines.join('\n'));
      const other = await openSite(d.name);
      try {
        await assert.rejects(importJsonl(other.database, bad), /line 6: not JSON/);
        const n = await other.db
          .selectFrom('sections')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(n.n), 0);
        fs.writeFileSync(bad, '{"format":"something-else"}\n');
        await assert.rejects(importJsonl(other.database, bad), /line 1: not a shpalta-export/);
      } finally {
        await other.dispose();
      }
    });

    test('WXR: stories as posts, pages, categories, tags, languages and translations, pictures', async () => {
      const file = path.join(dir, 'site.xml');
      const r = await site.services.imports.exportWxr(file);
      assert.deepEqual(r, { posts: 3, pages: 1 });
      const items: WxrItem[] = [];
      let categories = 0;
      let tags = 0;
      for await (const ev of readWxr(file)) {
        if (ev.kind === 'item') items.push(ev.item);
        if (ev.kind === 'category') categories++;
        if (ev.kind === 'tag') tags++;
      }
      assert.equal(categories, 2);
      assert.ok(tags >= 3);
      const post = items.find((i) => i.postId === storyId)!;
      assert.equal(post.title, 'Міст через річку відкрили після ремонту');
      assert.equal(post.postType, 'post');
      assert.equal(post.status, 'publish');
      assert.equal(post.isSticky, true);
      assert.match(post.content, /<p>/);
      assert.deepEqual(
        post.terms.filter((t) => t.domain === 'post_tag').map((t) => t.name),
        ['Київ', 'ремонт'],
      );
      assert.ok(post.terms.some((t) => t.domain === 'language' && t.nicename === 'uk'));
      const group = post.terms.find((t) => t.domain === 'post_translations')!.nicename;
      const ru = items.find((i) => i.title === 'Мост через реку открыли')!;
      assert.equal(
        ru.terms.find((t) => t.domain === 'post_translations')!.nicename,
        group,
        'one translation group',
      );
      const thumb = post.meta.find((m) => m.key === '_thumbnail_id')!.value;
      const picture = items.find((i) => String(i.postId) === thumb)!;
      assert.equal(picture.postType, 'attachment');
      assert.match(picture.attachmentUrl, /^https:\/\/news\.example\.org\/media\/\d+\/\d+\.jpg$/);
      assert.equal(items.find((i) => i.title === 'Чернетка про міст')!.status, 'draft');
      assert.equal(items.find((i) => i.postType === 'page')!.title, 'Про нас');
      const lint = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
      if (!lint.error) assert.equal(lint.status, 0, lint.stderr);
    });
  });
}
