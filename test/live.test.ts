import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { baseContent, makeStory } from './factories.ts';
import { actor, dialects, openSite, type TestSite } from './harness.ts';

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
      await site.services.articles.update(actor, s.id, { breaking: true });
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
});
