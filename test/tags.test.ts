import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { baseContent, makeStory } from './factories.ts';
import { dialects, openSite, type TestSite } from './harness.ts';

const ORIGIN = 'https://news.example.org';
const PASSWORD = 'теги-мають-бути-охайні';
const system = systemPrincipal('test');

/** Tidying tags: counts, rename with a redirect, merging duplicates, deleting; by role. */
for (const d of dialects()) {
  describe(`tags [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let authorId: number;
    const cookies: Record<string, string> = {};

    before(async () => {
      site = await openSite(d.name);
      authorId = (await baseContent(site)).author.id;
      for (const role of ['contributor', 'editor'] as const) {
        await site.services.users.create(system, {
          email: `${role}@news.example.org`,
          name: role,
          role,
          password: PASSWORD,
        });
        const res = await site.app.inject({
          method: 'POST',
          url: '/api/admin/session',
          headers: { origin: ORIGIN },
          payload: { email: `${role}@news.example.org`, password: PASSWORD },
        });
        cookies[role] = /shp_session=[^;]*/.exec(String(res.headers['set-cookie']))![0];
      }
    });
    after(() => site.dispose());

    const as = (role: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      site.app.inject({
        method,
        url,
        headers: { cookie: cookies[role]!, origin: ORIGIN },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
    const list = async (q = '') =>
      (await as('editor', 'GET', `/api/admin/tags/index?language=uk&q=${encodeURIComponent(q)}`)).json() as {
        tags: { id: number; name: string; slug: string; stories: number }[];
        total: number;
      };
    const tagNamed = async (name: string) => (await list(name)).tags.find((t) => t.name === name);

    test('the list counts stories per tag and pages by name or by use', async () => {
      await makeStory(site, authorId, { tags: ['Енергетика', 'Погода'] });
      await makeStory(site, authorId, { tags: ['Енергетика'] });
      const energy = await tagNamed('Енергетика');
      assert.equal(energy?.stories, 2);
      assert.equal((await tagNamed('Погода'))?.stories, 1);
      const byUse = (
        await as('editor', 'GET', '/api/admin/tags/index?language=uk&order=stories&limit=1')
      ).json();
      assert.equal(byUse.tags[0].name, 'Енергетика');
      assert.ok(byUse.total >= 2);
      const contributor = await as('contributor', 'GET', '/api/admin/tags/index?language=uk');
      assert.equal(contributor.statusCode, 200, 'anyone at the desk may read them');
      for (const bad of [
        'language=xx',
        'language=uk&limit=0',
        'language=uk&order=random',
        'language=uk&x=1',
      ]) {
        const res = await as('editor', 'GET', `/api/admin/tags/index?${bad}`);
        assert.equal(res.statusCode, 400, bad);
        assert.ok(res.json().error.code, bad);
      }
    });

    test('a rename keeps the old address redirecting and the old name leading to the tag', async () => {
      const story = await makeStory(site, authorId, { tags: ['Зеленський'] });
      const before = await site.app.inject({ method: 'GET', url: story.url });
      assert.match(before.body, />Зеленський</);
      const tag = (await tagNamed('Зеленський'))!;
      const denied = await as('contributor', 'PATCH', `/api/admin/tags/${tag.id}`, { name: 'X' });
      assert.equal(denied.statusCode, 403);

      const renamed = await as('editor', 'PATCH', `/api/admin/tags/${tag.id}`, {
        name: 'Володимир Зеленський',
        slug: 'volodymyr-zelenskyi',
      });
      assert.equal(renamed.statusCode, 200, renamed.body);
      assert.equal(renamed.json().stories, 1);
      // The cached story page shows the new name at once.
      const after = await site.app.inject({ method: 'GET', url: story.url });
      assert.match(after.body, />Володимир Зеленський</);
      const old = await site.app.inject({ method: 'GET', url: '/tag/zelenskyi' });
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, '/tag/volodymyr-zelenskyi');
      assert.equal(
        (await site.app.inject({ method: 'GET', url: '/tag/volodymyr-zelenskyi' })).statusCode,
        200,
      );
      // A writer typing the old name gets the same tag, not a new duplicate.
      const next = await makeStory(site, authorId, { tags: ['Зеленський'] });
      assert.deepEqual(
        next.tags.map((t) => t.id),
        [tag.id],
      );
      assert.equal((await tagNamed('Володимир Зеленський'))?.stories, 2);

      await makeStory(site, authorId, { tags: ['Президент'] });
      const taken = await as('editor', 'PATCH', `/api/admin/tags/${tag.id}`, {
        name: 'Президент',
        slug: 'prezydent',
      });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json().error.code, 'TAG_SLUG_TAKEN');
      const badSlug = await as('editor', 'PATCH', `/api/admin/tags/${tag.id}`, { name: 'A', slug: 'Не так' });
      assert.equal(badSlug.statusCode, 400);
      assert.equal(
        (await as('editor', 'PATCH', '/api/admin/tags/999999', { name: 'A' })).json().error.code,
        'TAG_NOT_FOUND',
      );
    });

    test('a merge moves the stories (once each), and the merged tag’s address and name lead to the survivor', async () => {
      const a = await makeStory(site, authorId, { tags: ['ЗСУ', 'Армія'] });
      const b = await makeStory(site, authorId, { tags: ['ЗСУ'] });
      const warm = await site.app.inject({ method: 'GET', url: b.url });
      assert.match(warm.body, />ЗСУ</);
      const from = (await tagNamed('ЗСУ'))!;
      const into = (await tagNamed('Армія'))!;
      assert.equal(
        (await as('editor', 'POST', `/api/admin/tags/${from.id}/merge`, { into: from.id })).statusCode,
        400,
      );
      const merged = await as('editor', 'POST', `/api/admin/tags/${from.id}/merge`, { into: into.id });
      assert.equal(merged.statusCode, 200, merged.body);
      assert.equal(merged.json().stories, 2);
      assert.deepEqual(
        (await site.services.articles.get(system, a.id)).tags.map((t) => t.name),
        ['Армія'],
      );
      assert.deepEqual(
        (await site.services.articles.get(system, b.id)).tags.map((t) => t.name),
        ['Армія'],
      );
      const page = await site.app.inject({ method: 'GET', url: b.url });
      assert.doesNotMatch(page.body, />ЗСУ</, 'the cached story page was purged');
      assert.match(page.body, />Армія</);
      const old = await site.app.inject({ method: 'GET', url: `/tag/${from.slug}` });
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, `/tag/${into.slug}`);
      assert.equal(await tagNamed('ЗСУ'), undefined);
      const again = await makeStory(site, authorId, { tags: ['ЗСУ'] });
      assert.deepEqual(
        again.tags.map((t) => t.name),
        ['Армія'],
      );
      const ru = await makeStory(site, authorId, { language: 'ru', tags: ['Армия'] });
      const cross = await as('editor', 'POST', `/api/admin/tags/${ru.tags[0]!.id}/merge`, { into: into.id });
      assert.equal(cross.statusCode, 400, 'languages are not mixed');
      assert.equal(
        (await as('contributor', 'POST', `/api/admin/tags/${into.id}/merge`, { into: 1 })).statusCode,
        403,
      );
    });

    test('deleting a tag takes it off its stories; its page is gone; the audit log has it all', async () => {
      const story = await makeStory(site, authorId, { tags: ['Тимчасовий', 'Київ'] });
      const tag = (await tagNamed('Тимчасовий'))!;
      assert.equal((await as('contributor', 'DELETE', `/api/admin/tags/${tag.id}`)).statusCode, 403);
      assert.equal((await as('editor', 'DELETE', `/api/admin/tags/${tag.id}`)).statusCode, 204);
      assert.deepEqual(
        (await site.services.articles.get(system, story.id)).tags.map((t) => t.name),
        ['Київ'],
      );
      assert.equal((await site.app.inject({ method: 'GET', url: `/tag/${tag.slug}` })).statusCode, 404);
      assert.equal((await as('editor', 'DELETE', `/api/admin/tags/${tag.id}`)).statusCode, 404);
      const audit = (
        await site.app.inject({
          method: 'GET',
          url: '/api/admin/audit?action=TagChanged',
          headers: { authorization: 'Bearer test-admin-key-0123456789abcdef' },
        })
      ).json() as { entries: { target: { type: string }; details: { change: string } }[] };
      assert.ok(audit.entries.every((e) => e.target.type === 'tag'));
      const changes = audit.entries.map((e) => e.details.change);
      assert.deepEqual([...changes].sort(), ['deleted', 'merged', 'updated']);
    });
  });
}
