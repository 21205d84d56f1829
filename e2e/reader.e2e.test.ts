import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from '../test/browser.ts';
import { baseContent, makeStory, testImage } from '../test/factories.ts';
import { actor, openSite, type TestSite } from '../test/harness.ts';

/**
 * Reader journeys in real Chromium against a real server on loopback: home, a story,
 * language switch and back, "more news" with and without JavaScript, accessibility.
 */
describe('reader journeys in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let origin: string;
  let ukUrl: string;

  before(async () => {
    site = await openSite('sqlite', { PUBLIC_URL: 'http://127.0.0.1' });
    const { author } = await baseContent(site);
    const mediaId = (await site.services.media.add(actor, await testImage(), { credit: 'Редакція' })).id;
    // 100 stories, one every 50 minutes back from now: the list crosses midnight more than once.
    const now = Date.now();
    for (let i = 100; i >= 1; i--) {
      await makeStory(site, author.id, {
        title: `Подія номер ${i} у стрічці новин`,
        publishedAt: new Date(now - i * 50 * 60_000).toISOString(),
        section: i % 2 ? 'politics' : 'economy',
      });
    }
    const uk = await makeStory(site, author.id, {
      title: 'Київ запускає нову програму підтримки',
      heroImage: { mediaId, alt: 'Вулиця Києва', caption: 'Київ уранці' },
      pinned: 1,
    });
    await makeStory(site, author.id, {
      language: 'ru',
      title: 'Киев запускает новую программу поддержки',
      translationOf: uk.id,
    });
    ukUrl = uk.url;
    await site.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(site.app.server.address() as { port: number }).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  async function newPage(javaScriptEnabled = true, width = 1280): Promise<Page> {
    // bypassCSP only lets the test inject axe-core; the page's own scripts run under the real CSP.
    const context = await browser.newContext({
      javaScriptEnabled,
      viewport: { width, height: 900 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    return page;
  }

  test('open home, open a story, switch language and back', async () => {
    const page = await newPage();
    const home = await page.goto(`${origin}/`);
    assert.equal(home?.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'uk');
    await page.getByRole('link', { name: 'Київ запускає нову програму підтримки' }).first().click();
    await page.waitForURL(`${origin}${ukUrl}`);
    assert.equal(await page.locator('h1').textContent(), 'Київ запускає нову програму підтримки');
    assert.ok(
      await page
        .locator('img[fetchpriority="high"]')
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    );
    await page.getByRole('link', { name: 'Читать на русском' }).first().click();
    await page.waitForURL(/\/ru\/news\/\d+-kiev-zapuskaet/);
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    assert.equal(await page.locator('h1').textContent(), 'Киев запускает новую программу поддержки');
    assert.ok(await page.getByRole('heading', { name: 'Последние новости' }).isVisible());
    await page.getByRole('link', { name: 'Читати українською' }).first().click();
    await page.waitForURL(`${origin}${ukUrl}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'uk');
    await page.context().close();
  });

  test('"Більше новин" appends rows in place with JavaScript', async () => {
    const page = await newPage(true);
    await page.goto(`${origin}/latest`);
    const rows = page.locator('#list-rows .feed-row');
    assert.equal(await rows.count(), 40);
    // The site's script loads after first paint; until it runs, the link is a plain link.
    await page.waitForFunction(() => document.body.dataset.liveState === 'open');
    await page.getByRole('link', { name: 'Більше новин' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#list-rows .feed-row').length === 80);
    assert.equal(page.url(), `${origin}/latest`, 'no navigation happened');
    const titles = await rows.locator('a').allInnerTexts();
    assert.equal(new Set(titles).size, 80, 'no row is repeated');
    // Day separators are not repeated across the seam.
    const days = await page.locator('#list-rows .feed-day').allTextContents();
    assert.equal(new Set(days).size, days.length, days.join(' | '));
    assert.ok(days.includes('Вчора'), days.join(' | '));
    await page.getByRole('link', { name: 'Більше новин' }).click();
    await page.waitForFunction(() => document.querySelectorAll('#list-rows .feed-row').length === 101);
    assert.equal(
      await page.getByRole('link', { name: 'Більше новин' }).count(),
      0,
      'the last page has no more link',
    );
    await page.context().close();
  });

  test('"Більше новин" is a plain link without JavaScript', async () => {
    const page = await newPage(false);
    await page.goto(`${origin}/latest`);
    const first = await page.locator('#list-rows .feed-row a').allInnerTexts();
    await page.getByRole('link', { name: 'Більше новин' }).click();
    await page.waitForURL(/\/latest\?before=\d+\.\d+$/);
    const second = await page.locator('#list-rows .feed-row a').allInnerTexts();
    assert.equal(second.length, 40);
    assert.equal(
      second.filter((t) => first.includes(t)).length,
      0,
      'the next page continues where the first ended',
    );
    // The column beside a story works the same way.
    await page.goto(`${origin}${ukUrl}`);
    await page.locator('aside').getByRole('link', { name: 'Більше новин' }).click();
    await page.waitForURL(/\/latest\?before=/);
    await page.context().close();
  });

  test('article page: accessible (axe), landmarks, no overflow at 320 px', async () => {
    const page = await newPage(true, 320);
    await page.goto(`${origin}${ukUrl}`);
    for (const role of ['banner', 'navigation', 'main', 'contentinfo', 'complementary']) {
      assert.ok((await page.getByRole(role as 'main').count()) >= 1, role);
    }
    assert.equal(await page.locator('h1').count(), 1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at 320px`);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, []);
    // Keyboard: the first Tab lands on the skip link, which leads to the content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), '#main');
    await page.context().close();
  });

  test('home and latest pages pass axe too', async () => {
    const page = await newPage(true);
    for (const path of ['/', '/ru/', '/latest', '/section/politics', '/author/olena-test', '/no-such-page']) {
      await page.goto(`${origin}${path}`);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], path);
    }
    await page.context().close();
  });
});
