import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from '../test/browser.ts';
import { baseContent, makeStory } from '../test/factories.ts';
import { actor, freePort, openSite, type TestSite } from '../test/harness.ts';

const PASSWORD = 'перший-вхід-до-нової-редакції';
const STORY = 'Міст через Ірпінь відкрили після ремонту';
const CORRECTION = 'У першій версії було вказано, що міст відкрили у вівторок; насправді — у середу.';
const BLOG = 'Паводок на Дністрі: наживо';
const REPORT = 'У другому абзаці переплутано назву річки: це Ірпінь, а не Десна.';

/** The screen is drawn and its data is in: its heading is there and nothing says "loading". */
async function ready(page: Page, heading: string) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.getByText('Завантаження…').first().waitFor({ state: 'detached' });
}

/**
 * The desk's trust and live tools in real Chromium, signed in as the owner: corrections and
 * live updates from the story editor, readers' error reports on their own screen.
 */
describe('corrections, live updates and readers’ reports in the desk, in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let origin: string;
  let context: BrowserContext;
  let page: Page;
  let story: { id: number; url: string };
  let blog: { id: number; url: string };
  // The site's clock runs this far ahead of the real one: a report form "read" for 10 s.
  let skew = 0;

  before(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    site = await openSite('sqlite', { PUBLIC_URL: origin }, { now: () => Date.now() + skew });
    const { author } = await baseContent(site);
    story = await makeStory(site, author.id, { title: STORY });
    blog = await site.services.articles.create(actor, {
      language: 'uk',
      title: BLOG,
      lead: 'Стежимо за рівнем води.',
      section: 'politics',
      authorId: author.id,
      status: 'published',
      kind: 'live',
    });
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

  /** A page of the public site, in a tab of its own. */
  async function reader(path: string): Promise<Page> {
    const tab = await context.newPage();
    tab.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    await tab.goto(`${origin}${path}`);
    return tab;
  }

  /** A panel of the editor, found by its heading. */
  const panel = (name: string) => page.getByRole('region', { name });

  test('first run: the owner signs in', async () => {
    await page.goto(`${origin}/admin`);
    await page.getByRole('heading', { name: 'Перший запуск: обліковий запис власника' }).waitFor();
    await page.getByLabel('Ім’я').fill('Олена Власниця');
    await page.getByLabel('Електронна пошта').fill('owner@news.example.org');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Створити власника' }).click();
    await page.getByRole('heading', { name: /Публікації/ }).waitFor();
    await site.services.users.create(actor, {
      email: 'marko@news.example.org',
      name: 'Марко Дописувач',
      role: 'contributor',
      password: PASSWORD,
    });
  });

  test('a correction is appended from the editor and shown under the story on the site', async () => {
    await page.goto(`${origin}/admin/stories/${story.id}`);
    await page.getByRole('heading', { level: 1, name: STORY }).waitFor();
    const corrections = panel('Виправлення');
    await corrections.getByText('Виправлень не було.').waitFor();
    await corrections.getByText(/його не можна змінити чи видалити/).waitFor();
    // An ordinary story has no live updates.
    assert.equal(await panel('Оновлення наживо').count(), 0);

    await corrections.getByLabel('Текст виправлення').fill(CORRECTION);
    await corrections.getByRole('button', { name: 'Додати виправлення' }).click();
    await corrections.getByRole('status').filter({ hasText: 'Виправлення додано' }).waitFor();
    await corrections
      .getByRole('list', { name: 'Виправлення цієї публікації' })
      .getByText(CORRECTION)
      .waitFor();
    assert.equal(await corrections.getByLabel('Текст виправлення').inputValue(), '');
    // Ready for another: the keyboard is back in the text box.
    assert.equal(
      await corrections.getByLabel('Текст виправлення').evaluate((el) => el === document.activeElement),
      true,
    );
    // Nothing in the panel edits or removes a correction.
    assert.equal(await corrections.getByRole('button', { name: /Видалити|Редагувати/ }).count(), 0);
    assert.deepEqual(await axeViolations(page), []);

    const made = await site.services.corrections.ofArticle(story.id);
    assert.deepEqual(
      made.map((c) => c.text),
      [CORRECTION],
    );
    const onSite = await reader(story.url);
    await onSite.locator('section.corrections').getByText(CORRECTION).waitFor();
    await onSite.close();

    // It is still there after a reload: the list comes from the server.
    await page.reload();
    await panel('Виправлення').getByText(CORRECTION).waitFor();
  });

  test('a live story takes updates from the desk, newest first; one is pinned as key', async () => {
    const onSite = await reader(blog.url);
    await onSite.waitForFunction(() => document.body.dataset.liveState === 'open');

    await page.goto(`${origin}/admin/stories/${blog.id}`);
    await page.getByRole('heading', { level: 1, name: BLOG }).waitFor();
    const live = panel('Оновлення наживо');
    await live.getByText('Оновлень ще немає.').waitFor();
    await live.getByLabel('Текст оновлення').fill('Рівень води піднявся на пів метра за ніч.');
    await live.getByRole('button', { name: 'Опублікувати оновлення' }).click();
    await live.getByRole('status').filter({ hasText: 'Оновлення опубліковано.' }).waitFor();
    await live.getByLabel('Текст оновлення').fill('Евакуацію оголошено для трьох сіл.');
    await live.getByRole('button', { name: 'Опублікувати оновлення' }).click();
    const items = live.getByRole('list', { name: 'Оновлення, найновіші першими' }).getByRole('listitem');
    await items.filter({ hasText: 'Евакуацію' }).waitFor();
    assert.equal(await items.count(), 2);
    assert.match(await items.first().innerText(), /Евакуацію/, 'newest first');
    assert.match((await items.first().locator('time').getAttribute('datetime')) ?? '', /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(await axeViolations(page), []);

    // Readers with the page open see both without a reload.
    await onSite.locator('#live-updates > li').first().getByText('Евакуацію').waitFor();
    assert.equal(await onSite.locator('#live-updates > li').count(), 2);
    await onSite.close();

    // Pinned as a key update: marked so in the desk, on the server and on the page.
    const evacuation = items.filter({ hasText: 'Евакуацію' });
    await evacuation.getByRole('button', { name: /^Закріпити як ключове/ }).click();
    await live.getByRole('status').filter({ hasText: 'Оновлення закріплено.' }).waitFor();
    await evacuation.getByText('Ключове', { exact: true }).waitFor();
    const unpin = evacuation.getByRole('button', { name: /^Зняти з ключових/ });
    // The button names its update for screen readers: each row's button is told apart.
    assert.match((await unpin.textContent()) ?? '', /Евакуацію оголошено/);
    const updates = await site.services.liveBlog.ofArticle(blog.id);
    assert.deepEqual(
      updates.map((u) => [u.text.slice(0, 10), u.pinned]),
      [
        ['Евакуацію ', true],
        ['Рівень вод', false],
      ],
    );
    const pinned = await reader(blog.url);
    await pinned.locator('ul.key-updates').getByText('Евакуацію оголошено для трьох сіл.').waitFor();
    await pinned.close();

    // And unpinned again.
    await unpin.click();
    await live.getByRole('status').filter({ hasText: 'Оновлення відкріплено.' }).waitFor();
    await evacuation.getByRole('button', { name: /^Закріпити як ключове/ }).waitFor();
    assert.equal(await evacuation.getByText('Ключове', { exact: true }).count(), 0);
    assert.equal((await site.services.liveBlog.ofArticle(blog.id))[0]!.pinned, false);

    // A key update straight away, with the box ticked.
    await live.getByLabel('Текст оновлення').fill('Рятувальники працюють цілу ніч.');
    await live.getByLabel('Ключове оновлення (закріпити згори)').check();
    await live.getByRole('button', { name: 'Опублікувати оновлення' }).click();
    await items.filter({ hasText: 'Рятувальники' }).getByText('Ключове', { exact: true }).waitFor();
    assert.equal(await live.getByLabel('Ключове оновлення (закріпити згори)').isChecked(), false);
    assert.equal((await site.services.liveBlog.ofArticle(blog.id))[0]!.pinned, true);
  });

  test('a reader’s report from the story page is listed with its story and marked done', async () => {
    const onSite = await reader(story.url);
    await onSite.getByText('Повідомити про помилку').click();
    await onSite.getByLabel('Що не так').fill(REPORT);
    await onSite.getByLabel(/Ваша пошта/).fill('reader@example.org');
    // A form sent within 3 s of being shown is a script's: this reader took 10 s.
    skew += 10_000;
    await onSite.getByRole('button', { name: 'Надіслати' }).click();
    await onSite.getByText('Редакція отримала ваше повідомлення').waitFor();
    await onSite.close();

    // The menu counts it.
    await page.goto(`${origin}/admin/feedback`);
    await ready(page, 'Повідомлення читачів');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Повідомлення читачів (1 нове)' }).waitFor();

    const open = page.getByRole('region', { name: 'Нові' });
    const card = open.getByRole('listitem').filter({ hasText: REPORT });
    await card.waitFor();
    await card.getByRole('link', { name: 'reader@example.org' }).waitFor();
    const onSiteLink = card.getByRole('link', { name: STORY, exact: true });
    await onSiteLink.waitFor();
    assert.equal(await onSiteLink.getAttribute('href'), `${origin}${story.url}`);
    assert.equal(
      await card.getByRole('link', { name: /^Відкрити в редакторі/ }).getAttribute('href'),
      `/admin/stories/${story.id}`,
    );
    assert.match((await card.locator('time').first().getAttribute('datetime')) ?? '', /^\d{4}-/);
    assert.deepEqual(await axeViolations(page), []);

    await card.getByRole('button', { name: /^Позначити виконаним/ }).click();
    await open.getByRole('status').filter({ hasText: 'Повідомлення позначено виконаним.' }).waitFor();
    await open.getByText('Нових повідомлень немає.').waitFor();
    // The keyboard goes on from the list's heading, not from the top of the page.
    assert.equal(
      await open.getByRole('heading', { name: 'Нові' }).evaluate((h) => h === document.activeElement),
      true,
    );
    await nav.getByRole('link', { name: 'Повідомлення читачів', exact: true }).waitFor();
    const { items } = (await (await page.request.get(`${origin}/api/admin/feedback?status=done`)).json()) as {
      items: { message: string; status: string }[];
    };
    assert.deepEqual(
      items.map((i) => [i.message, i.status]),
      [[REPORT, 'done']],
    );

    // Done ones on request; the story opens in the editor from there.
    assert.equal(await page.getByRole('region', { name: 'Виконані' }).count(), 0);
    await page.getByLabel('Показати виконані').check();
    const done = page.getByRole('region', { name: 'Виконані' });
    const doneCard = done.getByRole('listitem').filter({ hasText: REPORT });
    await doneCard.getByText('Виконано').waitFor();
    assert.equal(await doneCard.getByRole('button').count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    await doneCard.getByRole('link', { name: /^Відкрити в редакторі/ }).click();
    await page.getByRole('heading', { level: 1, name: STORY }).waitFor();
    assert.match(page.url(), new RegExp(`/admin/stories/${story.id}$`));
  });

  test('neither the editor’s panels nor the reports scroll sideways on a 390-px phone; axe passes', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const screens: [string, string][] = [
      [`/admin/stories/${blog.id}`, BLOG],
      [`/admin/stories/${story.id}`, STORY],
      ['/admin/feedback', 'Повідомлення читачів'],
    ];
    for (const [path, heading] of screens) {
      await page.goto(`${origin}${path}`);
      await ready(page, heading);
      if (path.startsWith('/admin/feedback')) await page.getByLabel('Показати виконані').check();
      await page.getByText('Завантаження…').first().waitFor({ state: 'detached' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 390 px`);
      assert.deepEqual(await axeViolations(page), [], path);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('a contributor has no reports screen and may not correct; told so plainly', async () => {
    const other = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const tab = await other.newPage();
    tab.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    await tab.goto(`${origin}/admin`);
    await tab.getByLabel('Електронна пошта').fill('marko@news.example.org');
    await tab.getByLabel('Пароль').fill(PASSWORD);
    await tab.getByRole('button', { name: 'Увійти' }).click();
    await tab.getByRole('heading', { name: /Публікації/ }).waitFor();
    assert.equal(await tab.getByRole('link', { name: /Повідомлення читачів/ }).count(), 0);

    await tab.goto(`${origin}/admin/feedback`);
    await tab.getByRole('alert').filter({ hasText: 'У вашої ролі немає на це прав.' }).first().waitFor();
    assert.deepEqual(await axeViolations(tab), []);

    // The story's corrections are there to read, without a form to add one.
    await tab.goto(`${origin}/admin/stories/${story.id}`);
    const corrections = tab.getByRole('region', { name: 'Виправлення' });
    await corrections.getByText(CORRECTION).waitFor();
    await corrections.getByText('Додавати виправлення можуть редактори.').waitFor();
    assert.equal(await corrections.getByRole('button', { name: 'Додати виправлення' }).count(), 0);
    await other.close();
  });
});
