import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { axeViolations, launchBrowser } from '../test/browser.ts';
import { openSite, type TestSite } from '../test/harness.ts';

/**
 * What a new reader sees first, measured in Chromium on the demo newsroom: on a phone the
 * consent notice leaves the page readable and the latest news is near the top; the sideways
 * menu shows it scrolls; on a laptop the Russian menu fits one line.
 */
describe('the first impression in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let origin: string;
  before(async () => {
    site = await openSite('sqlite', { PUBLIC_URL: 'http://127.0.0.1' });
    await site.services.seed.seedDemo();
    await site.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(site.app.server.address() as { port: number }).port}`;
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  test('on a phone: consent within a sixth of the screen, latest news within three screens, the menu fades', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    // Shown by the site's script, which loads after the page has painted.
    await page.locator('#consent').waitFor({ state: 'visible' });
    const consent = await page.locator('#consent').boundingBox();
    assert.ok(consent, 'the consent notice is shown on a first visit');
    assert.ok(consent.height <= 844 / 6, `consent notice ${consent.height}px high`);
    const latest = await page.locator('#latest-rows').boundingBox();
    assert.ok(
      latest && latest.y < 3 * 844,
      `latest news starts ${((latest?.y ?? 0) / 844).toFixed(1)} screens down`,
    );
    const menu = await page.evaluate(() => {
      const m = document.querySelector('.menu') as HTMLElement;
      return {
        overflows: m.scrollWidth > m.clientWidth,
        mask: getComputedStyle(m).maskImage || getComputedStyle(m).webkitMaskImage,
      };
    });
    assert.ok(menu.overflows, 'the menu scrolls sideways on a phone');
    assert.match(menu.mask, /linear-gradient/);
    // Reordered for the phone, the page is still accessible.
    assert.deepEqual(await axeViolations(page), []);
    // Every part of the seed page is there on first start, the Google News link included.
    await page.locator('#latest-rows a').first().click();
    await page.locator('p.gnews a[href^="https://news.google.com/"]').waitFor();
    await context.close();
  });

  test('at 1366 px a short story leaves no empty half-screen beside the column', async () => {
    const author = (await site.services.authors.list())[0]!;
    const short = await site.services.articles.create(systemPrincipal('test'), {
      language: 'uk',
      title: 'Коротке повідомлення про зміну розкладу',
      lead: 'Автобус № 7 ходитиме на пів години довше.',
      body: '<p>Зміни діють з понеділка.</p>',
      section: (await site.services.sections.list())[0]!.slug,
      authorId: author.id,
      status: 'published',
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${origin}${short.url}`);
    const [story, aside] = await Promise.all([
      page.locator('article.story').boundingBox(),
      page.locator('.cols > aside').boundingBox(),
    ]);
    assert.ok(story && aside);
    const gap = aside.y + aside.height - (story.y + story.height);
    assert.ok(gap < 768 / 2, `the column ends ${gap.toFixed(0)}px above the aside's end`);
    // On a laptop, more from the section comes with pictures.
    assert.ok(await page.locator('.more-from-list img').first().isVisible());
    await context.close();
  });

  test('on a phone a story asks for its own picture only: more from its section is a list of headlines', async () => {
    const home = await (await fetch(`${origin}/`)).text();
    const url = /<div class="top">[\s\S]*?<a href="(\/news\/[^"]+)"/.exec(home)?.[1];
    assert.ok(url);
    const context = await browser.newContext({
      viewport: { width: 412, height: 823 },
      deviceScaleFactor: 1.75,
    });
    const page = await context.newPage();
    const pictures: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'image' && r.url().startsWith(`${origin}/media/`)) pictures.push(r.url());
    });
    await page.goto(`${origin}${url}`);
    const hero = await page.locator('.hero img').evaluate((img) => (img as HTMLImageElement).currentSrc);
    assert.ok((await page.locator('.more-from-list a').count()) >= 3, 'headlines from the section');
    assert.equal(await page.locator('.more-from-list img').first().isVisible(), false);
    assert.deepEqual(pictures, [hero]);
    // Scrolled to the end, still none: the phone list has no pictures at all.
    await page.locator('.more-from').scrollIntoViewIfNeeded();
    await page.locator('.more-from-list a').last().scrollIntoViewIfNeeded();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    assert.deepEqual(pictures, [hero]);
    await context.close();
  });

  test('at 1366 px the Russian menu is one line', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${origin}/ru/`);
    const rows = await page.evaluate(() => {
      const items = Array.from(document.querySelectorAll<HTMLElement>('.menu li'));
      return new Set(items.map((li) => li.offsetTop)).size;
    });
    assert.equal(rows, 1);
    await context.close();
  });
});
