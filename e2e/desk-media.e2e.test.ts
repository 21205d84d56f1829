import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from '../test/browser.ts';
import { baseContent, makeStory, testImage } from '../test/factories.ts';
import { actor, freePort, openSite, type TestSite } from '../test/harness.ts';

const PASSWORD = 'медіатека-редакції-перевірка';

/** The media library screen in real Chromium: a picture's credit in each language. */
describe('the media library in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let origin: string;
  let page: Page;
  let mediaId: number;
  let ruUrl: string;

  before(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    site = await openSite('sqlite', { PUBLIC_URL: origin });
    const { author } = await baseContent(site);
    mediaId = (
      await site.services.media.add(actor, await testImage(800, 450), { credit: 'Фото: Ірина Лук’яненко' })
    ).id;
    const uk = await makeStory(site, author.id, {
      title: 'Історія з фото',
      heroImage: { mediaId, alt: 'Міст' },
    });
    ruUrl = (
      await makeStory(site, author.id, {
        language: 'ru',
        title: 'История с фото',
        heroImage: { mediaId, alt: 'Мост' },
        translationOf: uk.id,
      })
    ).url;
    await site.services.users.create(actor, {
      email: 'editor@news.example.org',
      name: 'Олена Редакторка',
      role: 'editor',
      password: PASSWORD,
    });
    await site.app.listen({ port, host: '127.0.0.1' });
    browser = await launchBrowser();
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  test('an editor gives a picture its credit in Russian; the Russian story shows it', async () => {
    await page.goto(`${origin}/admin`);
    await page.getByLabel('Електронна пошта').fill('editor@news.example.org');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Увійти' }).click();
    await page.getByRole('heading', { name: /Публікації/ }).waitFor();
    await page.goto(`${origin}/admin/media`);
    await page.getByRole('heading', { level: 1, name: 'Медіа' }).waitFor();
    await page.getByRole('button', { name: new RegExp(`Зображення №${mediaId},`) }).click();
    await page.getByLabel('Автор фото', { exact: true }).waitFor();
    await page.getByLabel(/Автор фото російською/).fill('Фото: Ирина Лукьяненко');
    await page.getByRole('button', { name: 'Зберегти' }).click();
    await page.getByText('Збережено.').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual((await site.services.media.get(mediaId)).credits, {
      ru: 'Фото: Ирина Лукьяненко',
    });
    const ru = await (await fetch(`${origin}${ruUrl}`)).text();
    assert.match(ru, /<span class="credit">Фото: Фото: Ирина Лукьяненко<\/span>/);
  });
});
