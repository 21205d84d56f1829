import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from '../test/browser.ts';
import { baseContent } from '../test/factories.ts';
import { freePort, openSite, type TestSite } from '../test/harness.ts';

const PASSWORD = 'перший-вхід-до-нової-редакції';

/** The newsroom's door in real Chromium: first run, signing in and out, profile and staff screens. */
describe('newsroom accounts in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let origin: string;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    site = await openSite('sqlite', { PUBLIC_URL: origin });
    await baseContent(site);
    await site.app.listen({ port, host: '127.0.0.1' });
    browser = await launchBrowser();
    context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  test('first run: /admin asks for the owner account and signs it in', async () => {
    await page.goto(`${origin}/admin`);
    await page.getByRole('heading', { name: 'Перший запуск: обліковий запис власника' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('Ім’я').fill('Олена Власниця');
    await page.getByLabel('Електронна пошта').fill('owner@news.example.org');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Створити власника' }).click();
    await page.getByRole('heading', { name: /Публікації/ }).waitFor();
    assert.match(await page.locator('.who').innerText(), /Олена Власниця · Власник/);
  });

  test('sign out, then the old session cookie is refused by the server; sign in again', async () => {
    const before = (await context.cookies()).find((c) => c.name === 'shp_session');
    assert.ok(before, 'a session cookie');
    assert.equal(before.httpOnly, true);
    await page.getByRole('button', { name: 'Вийти' }).click();
    await page.getByRole('button', { name: 'Увійти' }).waitFor();
    // Replaying the cookie from before signing out: the server no longer knows the session.
    const replay = await page.request.get(`${origin}/api/admin/me`, {
      headers: { cookie: `shp_session=${before.value}` },
    });
    assert.equal(replay.status(), 401);
    assert.equal((await replay.json()).error.code, 'SESSION_EXPIRED');

    await page.getByLabel('Електронна пошта').fill('owner@news.example.org');
    await page.getByLabel('Пароль').fill('неправильний пароль тут');
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.getByRole('alert').filter({ hasText: 'Неправильна пошта або пароль.' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.getByRole('heading', { name: /Публікації/ }).waitFor();
  });

  test('the staff screen adds a person; profile and staff pass axe and fit a phone', async () => {
    await page.getByRole('link', { name: 'Команда' }).click();
    await page.getByRole('heading', { name: 'Команда редакції' }).waitFor();
    const add = page.locator('section', { has: page.getByRole('heading', { name: 'Додати людину' }) });
    await add.getByLabel('Ім’я').fill('Марко Дописувач');
    await add.getByLabel('Електронна пошта').fill('marko@news.example.org');
    await add.getByLabel('Пароль', { exact: true }).fill(PASSWORD);
    await add.getByLabel('Роль', { exact: true }).selectOption('contributor');
    await add.getByRole('button', { name: 'Створити' }).click();
    await page.getByRole('cell', { name: 'marko@news.example.org' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('link', { name: 'Профіль' }).click();
    await page.getByRole('heading', { name: 'Активні сеанси' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    for (const path of ['/admin/profile', '/admin/staff']) {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${origin}${path}`);
      await page.getByRole('navigation').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 390 px`);
    }
  });
});
