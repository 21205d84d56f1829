import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchBrowser } from '../test/browser.ts';
import { baseContent, makeStory } from '../test/factories.ts';
import { actor, freePort, openSite, type TestSite } from '../test/harness.ts';

const PASSWORD = 'перший-вхід-до-нової-редакції';
const GOOGLE_NEWS = 'https://news.google.com/publications/CAAqShpaltaTest';
const QUESTION = 'Чи читаєте ви новини щодня?';

/** The screen is drawn and its data is in: its heading is there and nothing says "loading". */
async function ready(page: Page, heading: string) {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.getByText('Завантаження…').first().waitFor({ state: 'detached' });
}

/** The desk's management screens in real Chromium, signed in as the owner. */
describe('newsroom management screens in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let origin: string;
  let context: BrowserContext;
  let page: Page;
  let storyUrl: string;
  let authorId: number;

  before(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    site = await openSite('sqlite', { PUBLIC_URL: origin });
    const { author } = await baseContent(site);
    authorId = author.id;
    // A story in "Політика" by "Олена Тестова": neither can be deleted while it exists.
    storyUrl = (await makeStory(site, author.id, { title: 'Перша новина для перевірки' })).url;
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
    await tab.goto(`${origin}${path}`);
    return tab;
  }

  test('first run: the owner signs in', async () => {
    await page.goto(`${origin}/admin`);
    await page.getByRole('heading', { name: 'Перший запуск: обліковий запис власника' }).waitFor();
    await page.getByLabel('Ім’я').fill('Олена Власниця');
    await page.getByLabel('Електронна пошта').fill('owner@news.example.org');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Створити власника' }).click();
    await page.getByRole('heading', { name: /Публікації/ }).waitFor();
    // First run is over: the page offers it no more, and the owner's staff can be added.
    assert.equal((await (await fetch(`${origin}/api/admin/setup`)).json()).needed, false);
    await site.services.users.create(actor, {
      email: 'marko@news.example.org',
      name: 'Марко Дописувач',
      role: 'contributor',
      password: PASSWORD,
    });
  });

  test('sections: a new section is in the public menu; a section in use is not deleted', async () => {
    await page.goto(`${origin}/admin/sections`);
    await ready(page, 'Рубрики');
    await page.getByRole('cell', { name: /^Політика/ }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await page.getByLabel('Адреса (slug)').fill('health');
    await page.getByLabel('Назва українською').fill('Здоров’я');
    await page.getByLabel('Назва російською').fill('Здоровье');
    await page.getByLabel('Опис українською').fill('Медицина, лікарні, здоровий спосіб життя.');
    await page.getByLabel('Порядок у меню').fill('3');
    await page.getByRole('button', { name: 'Створити рубрику' }).click();
    await page.getByRole('cell', { name: /^Здоров’я/ }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Збережено.' }).waitFor();

    const uk = await reader('/');
    await uk.locator('nav.menu').getByRole('link', { name: 'Здоров’я' }).waitFor();
    assert.equal(await uk.locator('nav.menu a[href="/section/health"]').count(), 1);
    await uk.close();
    const ru = await reader('/ru/');
    await ru.locator('nav.menu').getByRole('link', { name: 'Здоровье' }).waitFor();
    await ru.close();

    // Editing with the keyboard: the form's heading takes the focus.
    await page.getByRole('button', { name: 'Редагувати Здоров’я' }).press('Enter');
    const heading = page.getByRole('heading', { name: 'Редагування рубрики «Здоров’я»' });
    await heading.waitFor();
    assert.equal(await heading.evaluate((h) => h === document.activeElement), true);
    await page.getByLabel('Порядок у меню').fill('4');
    await page.getByLabel('Порядок у меню').press('Enter');
    await page.getByRole('heading', { name: 'Нова рубрика' }).waitFor();
    await page.getByRole('cell', { name: '4', exact: true }).waitFor();

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Видалити Політика' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Рубрику не можна видалити: у ній ще є публікації.' })
      .waitFor();
    await page.getByRole('cell', { name: /^Політика/ }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
  });

  test('authors: a profile is created; an author with stories is not deleted', async () => {
    await page.goto(`${origin}/admin/authors`);
    await ready(page, 'Автори');
    await page.getByRole('cell', { name: /^Олена Тестова/ }).waitFor();
    await page.getByLabel('Ім’я українською').fill('Іван Коваль');
    await page.getByLabel('Ім’я російською').fill('Иван Коваль');
    await page.getByLabel('Про автора українською').fill('Пише про охорону здоров’я.');
    await page.getByRole('button', { name: 'Створити автора' }).click();
    await page.getByRole('cell', { name: /^Іван Коваль/ }).waitFor();
    // The slug was made from the name.
    await page.getByRole('cell', { name: /^ivan-koval/ }).waitFor();

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Видалити Олена Тестова' }).click();
    await page.getByRole('alert').filter({ hasText: 'Автора не можна видалити' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
  });

  test('tags: a duplicate is merged and a tag renamed; the old addresses redirect', async () => {
    await makeStory(site, authorId, { title: 'Друга новина про столицю', tags: ['Столиця'] });
    await page.goto(`${origin}/admin/tags`);
    await ready(page, 'Теги');
    await page.getByRole('cell', { name: 'Столиця', exact: true }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await page.getByRole('button', { name: 'Об’єднати Столиця' }).click();
    await page.getByRole('heading', { name: 'Об’єднати «Столиця» з іншим тегом' }).waitFor();
    await page.getByLabel('Тег, що залишиться').fill('Київ');
    // The suggestions came: the name typed is a tag the server knows.
    await page.locator('datalist option[value="Київ"]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Об’єднати теги' }).click();
    await page.getByRole('status').filter({ hasText: '«Столиця» об’єднано з «Київ».' }).waitFor();
    await page.getByRole('cell', { name: 'Столиця', exact: true }).waitFor({ state: 'detached' });
    const kyiv = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Київ', exact: true }) });
    assert.equal(await kyiv.getByRole('cell', { name: '2', exact: true }).count(), 1, 'both stories have it');
    const merged = await fetch(`${origin}/tag/stolytsia`, { redirect: 'manual' });
    assert.equal(merged.status, 301);
    assert.equal(merged.headers.get('location'), '/tag/kyiv');

    await page.getByRole('button', { name: 'Редагувати Київ' }).click();
    await page.getByLabel('Назва', { exact: true }).fill('Київ і область');
    await page.getByLabel('Адреса (slug)').fill('kyiv-region');
    await page.getByRole('button', { name: 'Зберегти зміни' }).click();
    await page.getByRole('cell', { name: 'Київ і область', exact: true }).waitFor();
    const renamed = await fetch(`${origin}/tag/kyiv`, { redirect: 'manual' });
    assert.equal(renamed.status, 301);
    assert.equal(renamed.headers.get('location'), '/tag/kyiv-region');
    const story = await reader(storyUrl);
    await story.getByRole('link', { name: 'Київ і область' }).waitFor();
    await story.close();
  });

  test('polls: a site-wide poll is created, shown beside stories, counts a vote and closes', async () => {
    await page.goto(`${origin}/admin/polls`);
    await ready(page, 'Опитування');
    await page.getByLabel('Питання').fill(QUESTION);
    await page.getByLabel('Варіанти відповіді').fill('Так\nНі\nІноді');
    await page.getByLabel('Показувати на всьому сайті').check();
    await page.getByRole('button', { name: 'Створити опитування' }).click();
    await page.getByRole('heading', { level: 2, name: QUESTION }).waitFor();
    await page.getByText('Усього проголосували: 0').waitFor();
    assert.deepEqual(await axeViolations(page), []);

    const story = await reader(storyUrl);
    await story.getByText(QUESTION).first().waitFor();
    await story.close();

    // A reader votes for "Ні"; the desk shows it.
    const { polls } = (await (await page.request.get(`${origin}/api/admin/polls`)).json()) as {
      polls: { id: number; question: string; options: { id: number; label: string }[] }[];
    };
    const poll = polls.find((p) => p.question === QUESTION)!;
    const no = poll.options.find((o) => o.label === 'Ні')!;
    const vote = await site.app.inject({
      method: 'POST',
      url: `/polls/${poll.id}/vote`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', origin },
      payload: `option=${no.id}`,
    });
    assert.equal(vote.statusCode, 200, vote.body);
    await page.reload();
    await ready(page, 'Опитування');
    await page.getByText('Усього проголосували: 1').waitFor();
    await page.getByText('Ні: 1 голос (100%)').waitFor();
    await page.getByText('Так: 0 голосів (0%)').waitFor();

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: `Закрити голосування ${QUESTION}` }).click();
    await page
      .getByText(/Закрито/)
      .first()
      .waitFor();
    assert.equal(await page.getByRole('button', { name: `Закрити голосування ${QUESTION}` }).count(), 0);
  });

  test('static pages: a page is written as HTML and published', async () => {
    await page.goto(`${origin}/admin/pages`);
    await ready(page, 'Статичні сторінки');
    await page.getByLabel('Ключ').fill('about');
    await page.getByLabel('Мова').selectOption('uk');
    await page.getByLabel('Заголовок').fill('Про редакцію');
    await page.getByLabel('Текст сторінки (HTML)').fill('<p>Ми пишемо про <strong>Київ</strong>.</p>');
    await page.getByRole('button', { name: 'Зберегти сторінку' }).click();
    await page.getByRole('cell', { name: 'Про редакцію', exact: true }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    const about = await reader('/page/about');
    await about.getByText('Ми пишемо про').waitFor();
    await about.close();
  });

  test('settings: the Google News link and a third-party script are saved', async () => {
    await page.goto(`${origin}/admin/settings`);
    await ready(page, 'Налаштування сайту');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('Посилання на видання в Google News').fill(GOOGLE_NEWS);
    await page.getByRole('button', { name: 'Зберегти посилання' }).click();
    await page.getByRole('status').filter({ hasText: 'Збережено.' }).waitFor();

    await page.getByRole('button', { name: 'Додати скрипт' }).click();
    const script = page.getByRole('group', { name: 'Скрипт 1' });
    await script.getByLabel('Ідентифікатор').fill('ga4');
    await script.getByLabel('Категорія згоди').selectOption('analytics');
    await script.getByLabel('Адреса скрипту').fill('https://www.googletagmanager.com/gtag/js?id=G-TEST');
    await page.getByRole('button', { name: 'Зберегти скрипти' }).click();
    await page
      .locator('section', { has: page.getByRole('heading', { name: 'Сторонні скрипти' }) })
      .getByRole('status')
      .filter({ hasText: 'Збережено.' })
      .waitFor();
    assert.deepEqual(await axeViolations(page), []);

    const settings = (await (await page.request.get(`${origin}/api/admin/settings`)).json()) as {
      googleNewsUrl: string | null;
      scripts: { id: string; category: string }[];
    };
    assert.equal(settings.googleNewsUrl, GOOGLE_NEWS);
    assert.deepEqual(
      settings.scripts.map((s) => [s.id, s.category]),
      [['ga4', 'analytics']],
    );
    const story = await reader(storyUrl);
    await story.locator(`a[href="${GOOGLE_NEWS}"]`).waitFor();
    await story.close();
  });

  test('API keys: the new token is shown once, with its role, and works', async () => {
    await page.goto(`${origin}/admin/api-keys`);
    await ready(page, 'API-ключі');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('Назва ключа').fill('Бот Telegram');
    await page.getByLabel('Роль ключа').selectOption('editor');
    await page.getByRole('button', { name: 'Створити ключ' }).click();
    await page.getByText('Створено ключ «Бот Telegram» з роллю «Редактор».').waitFor();
    const field = page.getByLabel('Токен', { exact: true });
    const token = await field.inputValue();
    assert.match(token, /^shp_[\w-]{40,}$/);
    // The token has the focus, ready to copy with the keyboard (given after the panel is drawn).
    await page.waitForFunction((el) => el === document.activeElement, await field.elementHandle());
    assert.deepEqual(await axeViolations(page), []);

    // The key acts with the editor's rights: it reads, but may not make keys.
    const bearer = { authorization: `Bearer ${token}` };
    assert.equal((await fetch(`${origin}/api/admin/sections`, { headers: bearer })).status, 200);
    const refused = await fetch(`${origin}/api/admin/api-keys`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ще один' }),
    });
    assert.equal(refused.status, 403);

    await page.getByRole('button', { name: 'Токен збережено, сховати' }).click();
    assert.equal(await page.getByLabel('Токен', { exact: true }).count(), 0);
    await page.reload();
    await ready(page, 'API-ключі');
    await page.getByRole('cell', { name: 'Бот Telegram', exact: true }).waitFor();
    assert.equal((await page.content()).includes(token), false, 'the token is never shown again');
  });

  test('audit log: the changes above are listed and filtered by action', async () => {
    await page.goto(`${origin}/admin/audit`);
    await ready(page, 'Журнал змін');
    await page.getByRole('cell', { name: 'Змінено рубрику' }).first().waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByLabel('Дія').selectOption('ApiKeyCreated');
    await page.getByRole('button', { name: 'Показати' }).click();
    await page.getByRole('cell', { name: 'Змінено рубрику' }).first().waitFor({ state: 'detached' });
    // The old rows leave before the filtered ones arrive: wait for those.
    await page.getByRole('cell', { name: 'Створено API-ключ' }).first().waitFor();
    const actions = await page.locator('tbody tr td:nth-child(3)').allInnerTexts();
    assert.deepEqual(actions, ['Створено API-ключ']);
    // The details open from the keyboard.
    await page.locator('summary').first().press('Enter');
    await page.locator('pre').filter({ hasText: 'Бот Telegram' }).waitFor();
    await page.getByText('Це найстаріші записи.').waitFor();
  });

  test('no screen scrolls sideways on a 390-px phone, and each passes axe there', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const screens: [string, string][] = [
      ['/admin/sections', 'Рубрики'],
      ['/admin/tags', 'Теги'],
      ['/admin/authors', 'Автори'],
      ['/admin/polls', 'Опитування'],
      ['/admin/pages', 'Статичні сторінки'],
      ['/admin/settings', 'Налаштування сайту'],
      ['/admin/api-keys', 'API-ключі'],
      ['/admin/audit', 'Журнал змін'],
    ];
    for (const [path, heading] of screens) {
      await page.goto(`${origin}${path}`);
      await ready(page, heading);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 390 px`);
      assert.deepEqual(await axeViolations(page), [], path);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('a contributor sees what the role may not do said plainly, not a broken screen', async () => {
    const other = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 } });
    const tab = await other.newPage();
    tab.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    await tab.goto(`${origin}/admin`);
    await tab.getByLabel('Електронна пошта').fill('marko@news.example.org');
    await tab.getByLabel('Пароль').fill(PASSWORD);
    await tab.getByRole('button', { name: 'Увійти' }).click();
    await tab.getByRole('heading', { name: /Публікації/ }).waitFor();

    for (const path of ['/admin/audit', '/admin/api-keys']) {
      await tab.goto(`${origin}${path}`);
      await tab.getByRole('alert').filter({ hasText: 'У вашої ролі немає на це прав.' }).waitFor();
      assert.deepEqual(await axeViolations(tab), [], path);
    }
    assert.equal(await tab.getByRole('button', { name: 'Створити ключ' }).count(), 0);

    for (const path of ['/admin/sections', '/admin/authors', '/admin/polls', '/admin/pages']) {
      await tab.goto(`${origin}${path}`);
      await tab.getByText('Ви можете лише переглядати цей розділ').waitFor();
      assert.equal(await tab.locator('form').count(), 0, `${path} offers no form`);
    }
    await tab.goto(`${origin}/admin/settings`);
    await tab.getByText('Ви можете лише переглядати налаштування').waitFor();
    await tab.getByText(GOOGLE_NEWS).waitFor();
    assert.deepEqual(await axeViolations(tab), []);
    await other.close();
  });
});
