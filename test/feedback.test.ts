import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent, makeStory } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

/**
 * "Повідомити про помилку": a reader's report reaches the newsroom as a task with the story
 * attached; scripts are kept out without third-party services (hidden field, signed form
 * time, a limit per address, a cap on links, same-site forms only).
 */
const ORIGIN = 'https://news.example.org';

for (const d of dialects()) {
  describe(`error reports [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    // Set when this dialect's site opens (stories are published by the real clock, a minute back).
    let clock = 0;
    let story: { id: number; url: string };
    let token: string;
    let n = 0;
    let authorId: number;
    before(async () => {
      clock = Date.now();
      site = await openSite(d.name, {}, { now: () => clock });
      const { author } = await baseContent(site);
      authorId = author.id;
      story = await makeStory(site, author.id, { title: 'Міст через річку відкрили після ремонту' });
      const page = await site.app.inject({ method: 'GET', url: story.url });
      token = /name="token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      assert.ok(token, 'the story page carries the form');
      assert.match(
        page.body,
        /<summary>Повідомити про помилку<\/summary><form method="post" action="\/feedback">/,
      );
    });
    after(() => site.dispose());

    /** A form post from its own address each time unless told. */
    const send = (
      fields: Record<string, string>,
      o: { origin?: string; address?: string; json?: boolean } = {},
    ) => {
      n++;
      const body = {
        articleId: String(story.id),
        token,
        message: 'У другому абзаці переплутано дату відкриття.',
        ...fields,
      };
      return site.app.inject({
        method: 'POST',
        url: '/feedback',
        headers: {
          origin: o.origin ?? ORIGIN,
          ...(o.json
            ? { 'content-type': 'application/json', accept: 'application/json' }
            : { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        payload: o.json ? JSON.stringify(body) : new URLSearchParams(body).toString(),
        remoteAddress: o.address ?? `10.20.${n >> 8}.${n & 255}`,
      });
    };
    const open = async () =>
      (await site.app.inject({ method: 'GET', url: '/api/admin/feedback', headers: auth })).json().items as {
        id: number;
        articleId: number;
        message: string;
        email: string;
      }[];

    test('a form sent the moment it was shown is refused; a read one reaches the newsroom with its story', async () => {
      const quick = await send({});
      assert.equal(quick.statusCode, 400);
      assert.match(quick.body, /Повідомлення не надіслано/);
      assert.equal((await open()).length, 0);
      clock += 10_000;
      const ok = await send({ email: 'reader@example.org' });
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /Редакція отримала ваше повідомлення/);
      assert.match(ok.body, new RegExp(`href="${story.url}"`), 'back to the story');
      const items = await open();
      assert.equal(items.length, 1);
      assert.equal(items[0]!.articleId, story.id);
      assert.equal(items[0]!.email, 'reader@example.org');
      // Done: off the open list, on the done one.
      const done = await site.app.inject({
        method: 'POST',
        url: `/api/admin/feedback/${items[0]!.id}/resolve`,
        headers: auth,
      });
      assert.equal(done.statusCode, 204);
      assert.equal((await open()).length, 0);
      const closed = await site.app.inject({
        method: 'GET',
        url: '/api/admin/feedback?status=done',
        headers: auth,
      });
      assert.equal(closed.json().items.length, 1);
      const missing = await site.app.inject({
        method: 'POST',
        url: '/api/admin/feedback/999999/resolve',
        headers: auth,
      });
      assert.equal(missing.json().error.code, 'FEEDBACK_NOT_FOUND');
    });

    test('scripts are kept out: hidden field, forged or missing form time, other sites, links, floods', async () => {
      clock += 10_000;
      const bot = await send({ website: 'http://spam.example' });
      assert.equal(bot.statusCode, 200, 'answered as if taken');
      assert.equal((await open()).length, 0, 'but nothing stored');
      assert.equal((await send({ token: `${clock - 60_000}.forged` })).statusCode, 400);
      assert.equal((await send({ token: '' })).statusCode, 400);
      assert.equal((await send({}, { origin: 'https://evil.example' })).statusCode, 403);
      assert.equal(
        (await send({ message: 'див. http://a.example http://b.example http://c.example' })).statusCode,
        400,
      );
      assert.equal((await send({ message: 'коротко' })).statusCode, 400);
      assert.equal((await send({ articleId: '999999' })).statusCode, 404);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await send({}, { address: '10.99.0.1' })).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
      assert.equal((await open()).length, 5);
      const json = await send({}, { json: true, address: '10.99.0.2' });
      assert.equal(json.statusCode, 201);
      assert.deepEqual(json.json(), { received: true });
    });

    test('the list names each report’s story in one answer: its headline, link and state; none once deleted', async () => {
      const later = await makeStory(site, authorId, { title: 'Розклад приміських поїздів змінили' });
      const gone = await makeStory(site, authorId, { title: 'Новина, яку згодом видалили' });
      clock += 10_000;
      for (const id of [later.id, gone.id]) {
        assert.equal((await send({ articleId: String(id) })).statusCode, 200);
      }
      await site.services.articles.unpublish(actor, later.id);
      await site.services.articles.remove(actor, gone.id);
      const items = (
        await site.app.inject({ method: 'GET', url: '/api/admin/feedback', headers: auth })
      ).json().items as {
        articleId: number | null;
        story: { title: string; url: string; status: string } | null;
      }[];
      const first = items.find((r) => r.articleId === story.id);
      assert.deepEqual(first?.story, {
        title: 'Міст через річку відкрили після ремонту',
        url: story.url,
        status: 'published',
      });
      const unpublished = items.find((r) => r.articleId === later.id);
      assert.equal(unpublished?.story?.title, 'Розклад приміських поїздів змінили');
      assert.equal(unpublished?.story?.status, 'draft');
      const deleted = items.filter((r) => r.articleId === null || r.articleId === gone.id);
      assert.equal(deleted.length, 1, 'the report on the deleted story stays');
      assert.equal(deleted[0]!.story, null);
    });
  });
}
