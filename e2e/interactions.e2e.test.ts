import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import { axeViolations, launchBrowser } from '../test/browser.ts';
import { baseContent, makeStory } from '../test/factories.ts';
import { actor, auth, freePort, openSite, type TestSite } from '../test/harness.ts';

/**
 * Reader interactions in Chromium: the view beacon, voting with and without JavaScript,
 * and consent gating a third-party script served from another origin.
 */
describe('reader interactions in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let origin: string;
  let storyUrl: string;
  let storyId: number;
  let pollId: number;
  let thirdParty: http.Server;
  let thirdPartyHits = 0;

  before(async () => {
    // The site's own address: votes count only from its pages.
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    site = await openSite('sqlite', { PUBLIC_URL: origin });
    const { author } = await baseContent(site);
    const s = await makeStory(site, author.id, { title: 'Історія для читача' });
    storyUrl = s.url;
    storyId = s.id;
    const poll = await site.app.inject({
      method: 'POST',
      url: '/api/admin/polls',
      headers: auth,
      payload: {
        language: 'uk',
        question: 'Чи читаєте ви новини щодня?',
        options: ['Так', 'Ні', 'Іноді'],
        articleId: s.id,
      },
    });
    pollId = poll.json().id;
    // A "third-party" analytics script on another origin.
    thirdParty = http.createServer((_req, res) => {
      thirdPartyHits++;
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end('window.__analyticsRan = (window.__analyticsRan || 0) + 1;');
    });
    await new Promise<void>((r) => thirdParty.listen(0, '127.0.0.1', r));
    const tpPort = (thirdParty.address() as { port: number }).port;
    await site.services.settings.update(actor, {
      scripts: [{ id: 'stats', category: 'analytics', src: `http://127.0.0.1:${tpPort}/s.js` }],
    });
    await site.app.listen({ port, host: '127.0.0.1' });
    site.services.views.start(200);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
    thirdParty?.close();
  });

  // Headless Chromium names itself "HeadlessChrome", which the bot filter rightly drops:
  // the reader here is given an ordinary desktop Chrome User-Agent.
  const context = (javaScriptEnabled = true): Promise<BrowserContext> =>
    browser.newContext({
      javaScriptEnabled,
      viewport: { width: 1280, height: 900 },
      userAgent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    });

  test('the poll, its results and the consent notice pass axe', async () => {
    const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 800 } });
    const page = await ctx.newPage();
    await page.goto(`${origin}${storyUrl}`);
    // The notice is shown by the site's script, which loads after the page has painted.
    await page.locator('#consent').waitFor({ state: 'visible' });
    assert.deepEqual(await axeViolations(page), []);
    await page.goto(`${origin}${storyUrl}?voted=${pollId}`);
    assert.ok(await page.locator(`[data-poll-results="${pollId}"]`).isVisible());
    assert.deepEqual(await axeViolations(page), []);
    await ctx.close();
  });

  test('the beacon fires once per page view', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const beacons: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname.startsWith('/v/')) beacons.push(r.url());
    });
    const isBeacon = (r: { method(): string; url(): string }) =>
      r.method() === 'POST' && new URL(r.url()).pathname.startsWith('/v/');
    let sent = page.waitForRequest(isBeacon);
    await page.goto(`${origin}${storyUrl}`);
    await sent;
    // The whole site script has run once its live stream is open: a second (wrong) beacon
    // would have been sent before.
    const scriptDone = () => page.waitForFunction(() => document.body.dataset.liveState === 'open');
    await scriptDone();
    assert.deepEqual(beacons, [`${origin}/v/${storyId}`]);
    sent = page.waitForRequest(isBeacon);
    await page.reload();
    await sent;
    await scriptDone();
    assert.equal(beacons.length, 2, 'a reload is another page view');
    // Pages without a story send none.
    await page.goto(`${origin}/latest`);
    await scriptDone();
    assert.equal(beacons.length, 2);
    await site.services.views.flush();
    const row = await site.db
      .selectFrom('article_views')
      .select('views')
      .where('article_id', '=', storyId)
      .executeTakeFirst();
    assert.equal(Number(row?.views), 1, 'the same reader within 30 minutes counts once');
    await ctx.close();
  });

  test('vote without JavaScript: the form posts, the page shows results', async () => {
    const ctx = await context(false);
    const page = await ctx.newPage();
    await page.goto(`${origin}${storyUrl}`);
    await page.getByLabel('Так', { exact: true }).check();
    await page.getByRole('button', { name: 'Проголосувати' }).click();
    await page.waitForURL(new RegExp(`\\?voted=${pollId}#poll-${pollId}$`));
    assert.ok(await page.getByText('Дякуємо, ваш голос враховано.').isVisible());
    assert.equal(await page.locator('.poll-total').getAttribute('data-total'), '1');
    await ctx.close();
  });

  test('vote with JavaScript: results replace the form in place and update live', async () => {
    const ctx = await context(true);
    const page = await ctx.newPage();
    await page.goto(`${origin}${storyUrl}`);
    // The site's script loads after first paint; until it runs, the form is a plain form.
    await page.waitForFunction(() => document.body.dataset.liveState === 'open');
    const url = page.url();
    await page.getByLabel('Іноді', { exact: true }).check();
    await page.getByRole('button', { name: 'Проголосувати' }).click();
    await page.waitForSelector(`[data-poll-results="${pollId}"] .poll-total[data-total="2"]`);
    assert.equal(page.url(), url, 'no navigation');
    assert.equal(await page.locator('form.poll-form').count(), 0);
    // Another reader votes meanwhile: the open page catches up by itself.
    const other = await site.app.inject({
      method: 'POST',
      url: `/polls/${pollId}/vote`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', origin },
      payload: `option=${(await site.services.polls.get(pollId)).options[1]!.id}`,
      remoteAddress: '198.51.100.200',
    });
    assert.equal(other.statusCode, 200);
    await page.waitForSelector(`[data-poll-results="${pollId}"] .poll-total[data-total="3"]`, {
      timeout: 12_000,
    });
    // A reload shows results, not the form, to a browser that voted.
    await page.reload();
    await page.waitForSelector(`[data-poll-results="${pollId}"]`);
    assert.equal(await page.locator('form.poll-form').count(), 0);
    await ctx.close();
  });

  test('consent: nothing third-party before a choice; "only necessary" keeps it off', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const hitsBefore = thirdPartyHits;
    await page.goto(`${origin}/`);
    const notice = page.getByRole('region', { name: 'Ваша приватність' });
    // The site's script arrives once the page has loaded and shows the notice.
    await notice.waitFor({ state: 'visible' });
    assert.deepEqual(await ctx.cookies(), [], 'no cookie on a first visit');
    assert.equal(
      await page.evaluate(() => (window as unknown as { __analyticsRan?: number }).__analyticsRan),
      undefined,
    );
    await page.getByRole('button', { name: 'Лише необхідні' }).click();
    assert.ok(await notice.isHidden());
    await page.reload();
    // The site's script has run (its live stream is open) and kept the notice hidden.
    await page.waitForFunction(() => document.body.dataset.liveState === 'open');
    assert.ok(await notice.isHidden(), 'the choice is remembered');
    assert.equal(
      await page.evaluate(() => (window as unknown as { __analyticsRan?: number }).__analyticsRan),
      undefined,
    );
    assert.equal(thirdPartyHits, hitsBefore);
    await ctx.close();
  });

  test('consent: the gated script runs only after "accept all", and again on later pages', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${origin}${storyUrl}`);
    assert.equal(
      await page.evaluate(() => (window as unknown as { __analyticsRan?: number }).__analyticsRan),
      undefined,
    );
    // Keyboard: the choice is reachable and operable without a mouse.
    await page.getByRole('button', { name: 'Прийняти всі' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { __analyticsRan?: number }).__analyticsRan === 1);
    await page.goto(`${origin}/latest`);
    await page.waitForFunction(() => (window as unknown as { __analyticsRan?: number }).__analyticsRan === 1);
    assert.ok(await page.getByRole('region', { name: 'Ваша приватність' }).isHidden());
    // Reopened from the footer, the notice takes focus.
    await page.getByRole('link', { name: 'Налаштування cookie' }).click();
    assert.ok(await page.getByRole('region', { name: 'Ваша приватність' }).isVisible());
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Прийняти всі');
    await ctx.close();
  });
});
