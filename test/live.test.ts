import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { baseContent, makeStory } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

/**
 * Live updates for readers: an open page hears of a story the moment it is published and of
 * the breaking-news strip, over one server-sent events stream; pages themselves stay cached.
 */

/** An open stream's events, as they arrive. */
function listen(url: string) {
  const events: { event: string; data: string }[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  const req = http.get(url, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (event && data !== undefined) {
          events.push({ event, data });
          for (const w of waiters.splice(0)) w();
        }
        end = buffer.indexOf('\n\n');
      }
    });
  });
  req.on('error', () => {});
  return {
    status: new Promise<{ status: number; type: string }>((resolve) =>
      req.on('response', (res) =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) }),
      ),
    ),
    /** The next event of this name (waits for it; the test's own timeout bounds the wait). */
    async next(name: string, from = 0): Promise<{ event: string; data: string; at: number }> {
      for (;;) {
        const i = events.findIndex((e, k) => k >= from && e.event === name);
        if (i >= 0) return { ...events[i]!, at: i };
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    close: () => req.destroy(),
  };
}

for (const d of dialects()) {
  describe(`live updates [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let origin: string;
    let authorId: number;
    before(async () => {
      site = await openSite(d.name);
      authorId = (await baseContent(site)).author.id;
      await site.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(site.app.server.address() as { port: number }).port}`;
    });
    after(() => site.dispose());

    test('a published story reaches open streams of its language as a rendered row; drafts do not', async () => {
      const uk = listen(`${origin}/live/uk`);
      const ru = listen(`${origin}/live/ru`);
      assert.deepEqual(await uk.status, { status: 200, type: 'text/event-stream; charset=utf-8' });
      assert.equal((await uk.next('breaking')).data, 'null', 'no strip to begin with');
      await ru.next('breaking');
      await makeStory(site, authorId, { title: 'Чернетка не для читачів', status: 'draft' });
      const s = await makeStory(site, authorId, { title: 'Міст відкрили раніше строку' });
      const story = JSON.parse((await uk.next('story')).data);
      assert.equal(story.id, s.id);
      assert.match(
        story.row,
        /^<li class="feed-row" data-story="\d+"><time datetime="[^"]+">\d\d:\d\d<\/time><a href="\/news\/\d+-[^"]+">/,
      );
      assert.match(story.row, /Міст відкрили раніше строку/);
      assert.equal(site.live.connections(), 2);
      const r = await makeStory(site, authorId, { language: 'ru', title: 'Мост открыли раньше срока' });
      assert.equal(JSON.parse((await ru.next('story')).data).id, r.id);
      // The Ukrainian stream got one story only: the draft and the Russian story are not its.
      const again = await makeStory(site, authorId, { title: 'Друга новина після мосту' });
      const second = await uk.next('story', (await uk.next('story')).at + 1);
      assert.equal(JSON.parse(second.data).id, again.id);
      uk.close();
      ru.close();
    });

    test('the breaking strip is set and cleared for open streams; an unknown language is 404', async () => {
      const uk = listen(`${origin}/live/uk`);
      const first = await uk.next('breaking');
      const s = await makeStory(site, authorId, { title: 'Терміновий матеріал про повінь' });
      // Each change's live handling done before the next (two at once could both send the strip).
      await site.bus.flush();
      await site.services.articles.update(actor, s.id, { breaking: true });
      await site.bus.flush();
      const set = await uk.next('breaking', first.at + 1);
      assert.deepEqual(JSON.parse(set.data), {
        id: s.id,
        title: 'Терміновий матеріал про повінь',
        url: s.url,
      });
      // A new stream starts with the strip as it is.
      const late = listen(`${origin}/live/uk`);
      assert.equal(JSON.parse((await late.next('breaking')).data).id, s.id);
      await site.services.articles.update(actor, s.id, { breaking: false });
      assert.equal((await uk.next('breaking', set.at + 1)).data, 'null');
      uk.close();
      late.close();
      const res = await fetch(`${origin}/live/de`);
      assert.equal(res.status, 404);
    });

    test('one address holds at most 32 streams; a closed one frees its place', async () => {
      const streams = Array.from({ length: 32 }, () => listen(`${origin}/live/uk`));
      await Promise.all(streams.map((s) => s.next('breaking')));
      const refused = await fetch(`${origin}/live/uk`);
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('retry-after'), '60');
      assert.equal((await refused.json()).error.code, 'RATE_LIMITED');
      const before = site.live.connections();
      streams[0]!.close();
      // The server sees the close; then a new stream is let in.
      for (;;) {
        if (site.live.connections() < before) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      const again = listen(`${origin}/live/uk`);
      assert.equal((await again.status).status, 200);
      again.close();
      for (const s of streams.slice(1)) s.close();
    });
  });
}

for (const d of dialects()) {
  describe(`live blog [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let origin: string;
    let blog: { id: number; url: string };
    before(async () => {
      site = await openSite(d.name);
      const { author } = await baseContent(site);
      const res = await site.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: auth,
        payload: {
          language: 'uk',
          title: 'Повінь на Дністрі: наживо',
          lead: 'Стежимо за рівнем води.',
          section: 'politics',
          authorId: author.id,
          status: 'published',
          kind: 'live',
          fields: { coverageEndTime: '2100-01-01T00:00:00+02:00' },
        },
      });
      blog = { id: res.json().id, url: res.json().url };
      await site.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(site.app.server.address() as { port: number }).port}`;
    });
    after(() => site.dispose());

    const post = (id: number, payload: unknown) =>
      site.app.inject({
        method: 'POST',
        url: `/api/admin/articles/${id}/updates`,
        headers: auth,
        payload: payload as object,
      });

    test('updates appear on open streams at once and on the page newest first; key updates pinned; LiveBlogPosting', async () => {
      const stream = listen(`${origin}/live/uk`);
      await stream.next('breaking');
      const first = await post(blog.id, { text: 'Рівень води піднявся на пів метра за ніч.' });
      assert.equal(first.statusCode, 201, first.body);
      const sent = JSON.parse((await stream.next('update')).data);
      assert.equal(sent.articleId, blog.id);
      assert.match(
        sent.row,
        /^<li id="update-\d+"><time datetime="[^"]+">\d\d:\d\d<\/time> <span>Рівень води піднявся/,
      );
      const key = await post(blog.id, { text: 'Евакуацію оголошено для трьох сіл.', pinned: true });
      assert.equal(key.json().pinned, true);
      await post(blog.id, { text: 'Рятувальники працюють цілу ніч.' });
      stream.close();

      const page = await site.app.inject({ method: 'GET', url: blog.url });
      const section = /<section class="live-blog"[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
      assert.match(
        section,
        /<h2>Головне<\/h2><ul class="key-updates"><li><time[^>]*>\d\d:\d\d<\/time> <span>Евакуацію/,
      );
      const order = ['Рятувальники', 'Евакуацію', 'Рівень води'].map((t) => section.lastIndexOf(t));
      assert.ok(order[0]! < order[1]! && order[1]! < order[2]!, 'newest first');
      const ld = [...page.body.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)]
        .map((m) => JSON.parse(m[1]!))
        .find((x) => x['@type'] === 'LiveBlogPosting');
      assert.equal(ld.liveBlogUpdate.length, 3);
      assert.equal(ld.liveBlogUpdate[0]['@type'], 'BlogPosting');
      assert.equal(ld.liveBlogUpdate[0].articleBody, 'Рятувальники працюють цілу ніч.');
      assert.match(ld.coverageStartTime, /^\d{4}-/);
      assert.match(ld.coverageEndTime, /^2100-01-01T00:00:00\+02:00$/);

      // Unpinned: the key updates go.
      const unpin = await site.app.inject({
        method: 'PATCH',
        url: `/api/admin/articles/${blog.id}/updates/${key.json().id}`,
        headers: auth,
        payload: { pinned: false },
      });
      assert.equal(unpin.json().pinned, false);
      assert.doesNotMatch(
        (await site.app.inject({ method: 'GET', url: blog.url })).body,
        /<ul class="key-updates">/,
      );
    });

    test('updates only on a live story; bad ones refused with stable codes', async () => {
      const plain = await makeStory(site, (await site.services.authors.list())[0]!.id, {
        title: 'Звичайна новина',
      });
      assert.equal(
        (await post(plain.id, { text: 'Оновлення не туди.' })).json().error.code,
        'VALIDATION_FAILED',
      );
      assert.equal((await post(999_999, { text: 'x' })).json().error.code, 'ARTICLE_NOT_FOUND');
      assert.equal((await post(blog.id, { text: '' })).statusCode, 400);
      assert.equal((await post(blog.id, { text: 'x'.repeat(2001) })).statusCode, 400);
      const wrong = await site.app.inject({
        method: 'PATCH',
        url: `/api/admin/articles/${blog.id}/updates/999999`,
        headers: auth,
        payload: { pinned: true },
      });
      assert.equal(wrong.json().error.code, 'UPDATE_NOT_FOUND');
      const list = await site.app.inject({
        method: 'GET',
        url: `/api/admin/articles/${blog.id}/updates`,
        headers: auth,
      });
      assert.equal(list.json().updates.length, 3);
    });
  });
}

describe('live updates in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let origin: string;
  let authorId: number;
  before(async () => {
    site = await openSite('sqlite', { PUBLIC_URL: 'http://127.0.0.1' });
    authorId = (await baseContent(site)).author.id;
    for (let i = 0; i < 5; i++) await makeStory(site, authorId, { title: `Ранкова новина ${i}` });
    await site.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(site.app.server.address() as { port: number }).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  test('the latest page shows a new story on top without a reload; the breaking strip comes and goes', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    await page.goto(`${origin}/latest`);
    // The page's stream is open before anything is published.
    await page.waitForFunction(() => document.body.dataset.liveState === 'open');
    const s = await makeStory(site, authorId, { title: 'Щойно: нова новина без перезавантаження' });
    const first = page.locator('#list-rows > li.feed-row').first();
    await first.getByText('Щойно: нова новина без перезавантаження').waitFor();
    assert.equal(await first.getAttribute('data-story'), String(s.id));
    await site.services.articles.update(actor, s.id, { breaking: true });
    await page.locator('#breaking').getByText('Терміново: Щойно: нова новина').waitFor();
    assert.equal(await page.locator('#breaking').getAttribute('href'), s.url);
    await site.services.articles.update(actor, s.id, { breaking: false });
    await page.locator('#breaking').waitFor({ state: 'detached' });
    await page.close();
  });

  test('a live blog page shows a new update on top without a reload', async () => {
    const blog = await site.services.articles.create(actor, {
      language: 'uk',
      title: 'Вибори в громаді: наживо',
      section: 'politics',
      authorId,
      status: 'published',
      kind: 'live',
    });
    await site.services.liveBlog.add(actor, blog.id, { text: 'Дільниці відкрилися.' });
    const page = await browser.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    await page.goto(`${origin}${blog.url}`);
    await page.waitForFunction(() => document.body.dataset.liveState === 'open');
    const u = await site.services.liveBlog.add(actor, blog.id, { text: 'Явка на полудень — 31 відсоток.' });
    const first = page.locator('#live-updates > li').first();
    await first.getByText('Явка на полудень — 31 відсоток.').waitFor();
    assert.equal(await first.getAttribute('id'), `update-${u.id}`);
    assert.equal(await page.locator('#live-updates > li').count(), 2);
    await page.close();
  });
});
