/**
 * `npm run screenshots`: the desk's main screens on the demo newsroom, drawn by Chromium into
 * docs/screenshots/ (the pictures the README shows). Run it after changing a screen.
 */
import fs from 'node:fs';
import path from 'node:path';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { launchBrowser } from '../test/browser.ts';
import { freePort, openSite } from '../test/harness.ts';

const OUT = path.resolve(import.meta.dirname, '../docs/screenshots');
const PASSWORD = 'знімки-екрана-для-довідки';
const system = systemPrincipal('screenshots');

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const site = await openSite('sqlite', { PUBLIC_URL: origin });
await site.services.seed.seedDemo({ stories: 120 });
await site.services.users.create(system, {
  email: 'editor@news.example.org',
  name: 'Ірина Редакторка',
  role: 'editor',
  password: PASSWORD,
});
await site.app.listen({ port, host: '127.0.0.1' });
site.start();
const browser = await launchBrowser();
fs.mkdirSync(OUT, { recursive: true });

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const res = await context.request.post(`${origin}/api/admin/session`, {
    headers: { origin },
    data: { email: 'editor@news.example.org', password: PASSWORD },
  });
  if (res.status() !== 200) throw new Error(`sign-in: ${res.status()} ${await res.text()}`);
  const page = await context.newPage();
  const shot = async (name: string) => {
    await page.screenshot({ path: path.join(OUT, `${name}.png`) });
    process.stdout.write(`docs/screenshots/${name}.png\n`);
  };

  await page.goto(`${origin}/admin`);
  await page.locator('ul.stories li').first().waitFor();
  await shot('stories');

  const { articles } = await site.services.articles.list(system, {
    status: 'published',
    language: 'uk',
    limit: 50,
  });
  const withPicture = [];
  for (const a of articles) {
    const full = await site.services.articles.get(system, a.id);
    if (full.hero) withPicture.push(full);
    if (withPicture.length) break;
  }
  const story = withPicture[0] ?? (await site.services.articles.get(system, articles[0]!.id));
  await page.goto(`${origin}/admin/stories/${story.id}`);
  await page.getByLabel('Заголовок', { exact: true }).and(page.locator(':enabled')).waitFor();
  await page.getByRole('textbox', { name: 'Текст' }).waitFor();
  await shot('editor');

  await page.goto(`${origin}/admin/stories/${story.id}/translate`);
  await page.locator('.side-by-side').waitFor();
  await page
    .getByRole('region', { name: /Переклад/ })
    .getByLabel('Заголовок')
    .waitFor();
  await shot('translation');

  await page.goto(`${origin}/admin/dashboard`);
  await page.locator('svg').first().waitFor();
  await shot('dashboard');

  await page.goto(`${origin}/admin/media`);
  await page.locator('.media-grid img').first().waitFor();
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll<HTMLImageElement>('.media-grid img'))
      .slice(0, 8)
      .every((img) => img.complete),
  );
  await shot('media');

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${origin}/admin/stories/${story.id}`);
  await page.getByLabel('Заголовок', { exact: true }).and(page.locator(':enabled')).waitFor();
  await shot('phone-editor');
} finally {
  await browser.close();
  await site.dispose();
}
