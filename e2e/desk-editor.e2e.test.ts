import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { axeViolations, launchBrowser } from '../test/browser.ts';
import { baseContent, testImage } from '../test/factories.ts';
import { freePort, openSite, type TestSite } from '../test/harness.ts';

const PASSWORD = 'робочий-день-у-редакції';
const system = systemPrincipal('test');

/** The editor's desk in real Chromium: the journeys a newsroom makes every day. */
describe('the editor’s desk in Chromium', () => {
  let site: TestSite;
  let browser: Browser;
  let origin: string;
  const contexts = new Map<string, BrowserContext>();

  before(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    site = await openSite('sqlite', { PUBLIC_URL: origin });
    const { author } = await baseContent(site);
    for (const role of ['contributor', 'editor', 'owner'] as const) {
      await site.services.users.create(system, {
        email: `${role}@news.example.org`,
        name: { contributor: 'Марко Дописувач', editor: 'Ірина Редакторка', owner: 'Олена Власниця' }[role],
        role,
        password: PASSWORD,
        ...(role === 'contributor' ? { authorId: author.id } : {}),
      });
    }
    await site.app.listen({ port, host: '127.0.0.1' });
    site.start();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await site?.dispose();
  });

  /** A signed-in page for one person (each in a browser context of their own). */
  async function pageFor(role: string, width = 1280): Promise<Page> {
    let context = contexts.get(role);
    if (!context) {
      context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
      const res = await context.request.post(`${origin}/api/admin/session`, {
        headers: { origin },
        data: { email: `${role}@news.example.org`, password: PASSWORD },
      });
      assert.equal(res.status(), 200, await res.text());
      contexts.set(role, context);
    }
    const page = await context.newPage();
    page.on('pageerror', (e) => assert.fail(`page error: ${e.message}`));
    return page;
  }

  const storyIdOf = (page: Page) => Number(/\/admin\/stories\/(\d+)/.exec(page.url())?.[1]);
  /** The editor holds the story's lock: its fields are open for typing. */
  const editable = (page: Page) =>
    page.getByLabel('Заголовок', { exact: true }).and(page.locator(':enabled')).waitFor();
  const saved = (page: Page) =>
    page
      .getByRole('status')
      .filter({ hasText: /Збережено о/ })
      .first()
      .waitFor();

  test('a contributor writes and submits; an editor returns it with a note; it is fixed and published', async () => {
    const writer = await pageFor('contributor');
    await writer.goto(`${origin}/admin`);
    await writer.getByRole('link', { name: 'Нова публікація' }).click();
    await writer.getByLabel('Заголовок', { exact: true }).fill('Бібліотека в Обухові працює допізна');
    await writer.getByLabel('Лід').fill('З понеділка читальня відкрита до 22:00.');
    await writer.getByRole('textbox', { name: 'Текст' }).click();
    await writer.keyboard.type('Перший абзац новини про бібліотеку.');
    await writer.getByLabel('Рубрика').selectOption('politics');
    await writer.getByRole('button', { name: 'Зберегти' }).click();
    await writer.waitForURL(/\/admin\/stories\/\d+$/);
    // The address changes first; the screen then loads the saved story.
    await editable(writer);
    const id = storyIdOf(writer);
    assert.ok(id > 0);
    assert.deepEqual(await axeViolations(writer), []);
    assert.equal(
      await writer.getByRole('button', { name: 'Опублікувати' }).count(),
      0,
      'contributors have no publish button',
    );
    await writer.getByRole('button', { name: 'На перевірку' }).click();
    await writer.getByRole('button', { name: 'На перевірку' }).waitFor({ state: 'detached' });
    assert.equal((await site.services.articles.get(system, id)).status, 'review');

    const editor = await pageFor('editor');
    editor.on('dialog', (dialog) => void dialog.accept('Додайте години роботи у вихідні.'));
    await editor.goto(`${origin}/admin/stories/${id}`);
    await editor.getByRole('button', { name: 'Повернути автору' }).click();
    await editor.getByRole('button', { name: 'Повернути автору' }).waitFor({ state: 'detached' });
    await editor.close();

    await writer.reload();
    await writer.getByText('returned: Додайте години роботи у вихідні.').waitFor();
    await writer.getByLabel('Лід').fill('З понеділка читальня відкрита до 22:00, у вихідні — до 18:00.');
    await saved(writer);
    await writer.getByRole('button', { name: 'На перевірку' }).click();
    await writer.getByRole('button', { name: 'На перевірку' }).waitFor({ state: 'detached' });
    // Back to the list: the story's lock is given back, so the editor may take it at once.
    const released = writer.waitForResponse(
      (r) => r.request().method() === 'DELETE' && r.url().endsWith(`/articles/${id}/lock`),
    );
    await writer.getByRole('link', { name: '← До списку' }).click();
    assert.equal((await released).status(), 204);
    await writer.close();

    const editor2 = await pageFor('editor');
    await editor2.goto(`${origin}/admin/stories/${id}`);
    await editor2.getByRole('button', { name: 'Опублікувати' }).click();
    await editor2.getByText('Опубліковано', { exact: true }).first().waitFor();
    const story = await site.services.articles.get(system, id);
    assert.equal(story.status, 'published');
    const page = await (await fetch(`${origin}${story.url}`)).text();
    assert.match(page, /у вихідні — до 18:00/);
    assert.match(page, /Перший абзац новини про бібліотеку\./);
    await editor2.close();
  });

  test('autosave survives a reload and an offline spell', async () => {
    const story = await site.services.articles.create(system, {
      language: 'uk',
      title: 'Чернетка для автозбереження',
      section: 'politics',
      author: { name: 'Олена Тестова' },
    });
    const page = await pageFor('editor');
    await page.goto(`${origin}/admin/stories/${story.id}`);
    // Typed, then the page is reloaded before autosave sent it: the browser kept it and sends it.
    await page.getByLabel('Лід').fill('Лід, набраний перед перезавантаженням.');
    await page.reload();
    await saved(page);
    assert.equal(
      (await site.services.articles.get(system, story.id)).lead,
      'Лід, набраний перед перезавантаженням.',
    );
    // Offline: the change waits in the browser and goes out when the connection is back.
    await page.context().setOffline(true);
    await page.getByLabel('Заголовок', { exact: true }).fill('Заголовок, набраний без зв’язку');
    await page.getByRole('status').filter({ hasText: 'Немає зв’язку' }).waitFor();
    assert.equal((await site.services.articles.get(system, story.id)).title, 'Чернетка для автозбереження');
    await page.context().setOffline(false);
    await saved(page);
    assert.equal(
      (await site.services.articles.get(system, story.id)).title,
      'Заголовок, набраний без зв’язку',
    );
    await page.close();
  });

  test('unsent changes stay with the person who made them, on a shared browser too', async () => {
    const story = await site.services.articles.create(system, {
      language: 'uk',
      title: 'Чернетка на спільному комп’ютері',
      lead: 'Лід до змін.',
      section: 'politics',
      author: { name: 'Олена Тестова' },
    });
    let context = await browser.newContext({ bypassCSP: true });
    const signIn = async (role: string) => {
      const res = await context.request.post(`${origin}/api/admin/session`, {
        headers: { origin },
        data: { email: `${role}@news.example.org`, password: PASSWORD },
      });
      assert.equal(res.status(), 200);
    };
    await signIn('editor');
    const first = await context.newPage();
    await first.goto(`${origin}/admin/stories/${story.id}`);
    await editable(first);
    await context.setOffline(true);
    await first.getByLabel('Лід').fill('Лід редакторки, ще не надісланий.');
    await first.getByRole('status').filter({ hasText: 'Немає зв’язку' }).waitFor();
    // The same browser, its storage and cookies, for the next person. Her tab is left open
    // and offline until the end: a tab being closed could still send its save on the way
    // out (seen on a loaded machine), and the lock it holds is what the next step shows.
    const offline = context;
    const shared = await browser.newContext({ bypassCSP: true, storageState: await context.storageState() });
    context = shared;

    // Someone else signs in on the same browser: the draft is not theirs to send.
    await signIn('owner');
    const second = await context.newPage();
    let patches = 0;
    second.on('request', (r) => {
      if (r.method() === 'PATCH') patches++;
    });
    await second.goto(`${origin}/admin/stories/${story.id}`);
    // (The editor's offline tab holds the lock: the owner sees the story read-only.)
    await second.getByText('Цю публікацію зараз редагує Ірина Редакторка.').waitFor();
    assert.equal(await second.getByLabel('Лід').inputValue(), 'Лід до змін.');
    assert.equal((await second.locator('.save-state').innerText()).trim(), '', 'nothing waits to be sent');
    await second.close();
    assert.equal(patches, 0);
    assert.equal((await site.services.articles.get(system, story.id)).lead, 'Лід до змін.');

    // Back as the person who wrote it: it goes out.
    await signIn('editor');
    const third = await context.newPage();
    await third.goto(`${origin}/admin/stories/${story.id}`);
    await saved(third);
    assert.equal(
      (await site.services.articles.get(system, story.id)).lead,
      'Лід редакторки, ще не надісланий.',
    );
    await context.close();
    await offline.close();
  });

  test('a save over a newer version is shown as a conflict, never written over', async () => {
    const story = await site.services.articles.create(system, {
      language: 'uk',
      title: 'Спільна чернетка',
      lead: 'Початковий лід.',
      section: 'politics',
      author: { name: 'Олена Тестова' },
    });
    const page = await pageFor('owner');
    await page.goto(`${origin}/admin/stories/${story.id}`);
    await editable(page);
    await page.context().setOffline(true);
    await page.getByLabel('Лід').fill('Мій лід, поки я без зв’язку.');
    await page.getByRole('status').filter({ hasText: 'Немає зв’язку' }).waitFor();
    // Meanwhile someone else saves (through the API, as another desk would).
    await site.services.articles.update(system, story.id, { lead: 'Чужий лід, збережений раніше.' });
    await page.context().setOffline(false);
    await page.getByRole('heading', { name: 'Хтось зберіг цю публікацію раніше за вас' }).waitFor();
    assert.equal(
      (await site.services.articles.get(system, story.id)).lead,
      'Чужий лід, збережений раніше.',
      'not overwritten',
    );
    await page.getByRole('cell', { name: 'Чужий лід, збережений раніше.' }).waitFor();
    await page.getByRole('button', { name: 'Записати мої зміни' }).click();
    await saved(page);
    assert.equal((await site.services.articles.get(system, story.id)).lead, 'Мій лід, поки я без зв’язку.');
    await page.close();
  });

  test('a second person sees who holds a story and can take it over; the first is told', async () => {
    const story = await site.services.articles.create(system, {
      language: 'uk',
      title: 'Історія під замком',
      section: 'politics',
      author: { name: 'Олена Тестова' },
    });
    const first = await pageFor('editor');
    await first.goto(`${origin}/admin/stories/${story.id}`);
    await editable(first);
    const second = await pageFor('owner');
    await second.goto(`${origin}/admin/stories/${story.id}`);
    await second.getByText('Цю публікацію зараз редагує Ірина Редакторка.').waitFor();
    assert.equal(await second.getByLabel('Заголовок', { exact: true }).isDisabled(), true);
    await second.getByRole('button', { name: 'Перехопити редагування' }).click();
    // The fields open when the lock request comes back.
    await editable(second);
    assert.equal(await second.getByLabel('Заголовок', { exact: true }).isDisabled(), false);
    // The first desk hears of it at its next renewal (every 20 s, and when the tab gets focus).
    await first.evaluate(() => window.dispatchEvent(new Event('focus')));
    await first.getByRole('alert').filter({ hasText: 'Олена Власниця перехопив(-ла) редагування' }).waitFor();
    assert.equal(await first.getByLabel('Заголовок', { exact: true }).isDisabled(), true);
    await first.close();
    // Leaving the page (a closed tab, another site) gives the lock back on the way out.
    await second.goto(`${origin}/`);
    // The request outlives the page, so the server is asked when it has been served (a lock
    // left behind would only lapse after a minute, long after this gives up).
    const holder = async () =>
      (await site.services.articles.list(system, {})).articles.find((x) => x.id === story.id)?.lockedBy;
    const deadline = Date.now() + 20_000;
    while ((await holder()) !== null) {
      assert.ok(Date.now() < deadline, 'the lock was not given back when the page was left');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const third = await pageFor('editor');
    await third.goto(`${origin}/admin/stories/${story.id}`);
    await editable(third);
    await third.close();
    await second.close();
  });

  test('a revision is restored', async () => {
    const story = await site.services.articles.create(system, {
      language: 'uk',
      title: 'Перший заголовок',
      section: 'politics',
      author: { name: 'Олена Тестова' },
    });
    await site.services.articles.update(system, story.id, { title: 'Другий заголовок' });
    const page = await pageFor('editor');
    await page.goto(`${origin}/admin/stories/${story.id}`);
    await page.getByRole('button', { name: /^#1 / }).click();
    await page.getByRole('region', { name: 'Зміни версії 1 проти поточної' }).waitFor();
    assert.equal((await page.locator('.diff del').first().innerText()).trim(), 'Перший');
    await page.getByRole('button', { name: 'Відновити цю версію' }).click();
    await page
      .getByLabel('Заголовок', { exact: true })
      .and(page.locator('[value="Перший заголовок"]'))
      .waitFor();
    assert.equal((await site.services.articles.get(system, story.id)).title, 'Перший заголовок');
    await page.close();
  });

  test('an image is uploaded with alt text and appears in the published story with AVIF and WebP sources', async () => {
    const story = await site.services.articles.create(system, {
      language: 'uk',
      title: 'Новина з фотографією',
      section: 'politics',
      author: { name: 'Олена Тестова' },
    });
    const page = await pageFor('editor');
    await page.goto(`${origin}/admin/stories/${story.id}`);
    await page.getByRole('button', { name: 'Вибрати зображення' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Завантажити зображення').setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: await testImage(1200, 800),
    });
    // The upload goes first in the library (newest first); choosing it closes the picker.
    await dialog
      .getByRole('button', { name: /^Вибрати зображення №\d+, 1200 × 800/ })
      .first()
      .click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Опублікувати' }).click();
    await page.getByRole('alert').filter({ hasText: 'опис зображення' }).waitFor();
    await page.getByLabel('Опис зображення (alt)').fill('Читальна зала бібліотеки');
    await saved(page);
    await page.getByRole('button', { name: 'Опублікувати' }).click();
    await page.getByText('Опубліковано', { exact: true }).first().waitFor();
    const published = await site.services.articles.get(system, story.id);
    const html = await (await fetch(`${origin}${published.url}`)).text();
    assert.match(html, /<source type="image\/avif" srcset="\/media\/\d+\/480\.avif 480w/);
    assert.match(html, /<source type="image\/webp"/);
    assert.match(html, /alt="Читальна зала бібліотеки"/);
    await page.close();
  });

  test('a pasted post address becomes an embed; readers get a link, no third-party script', async () => {
    const story = await site.services.articles.create(system, {
      language: 'uk',
      title: 'Відео з відкриття мосту',
      body: '<p>Міст відкрили вранці.</p>',
      section: 'politics',
      author: { name: 'Олена Тестова' },
    });
    const page = await pageFor('editor');
    await page.goto(`${origin}/admin/stories/${story.id}`);
    await editable(page);
    // The text box opens for typing one render after the title.
    await page.locator('.ProseMirror[contenteditable="true"]').waitFor();
    const text = page.getByRole('textbox', { name: 'Текст' });
    await text.click();
    await page.keyboard.press('End');
    // A paste as the browser delivers it: a clipboard with the address as plain text.
    await text.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'https://www.youtube.com/watch?v=aBcDeFgHiJk');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.locator('.ProseMirror [data-embed="youtube"]').waitFor();
    await saved(page);
    const body = JSON.stringify((await site.services.articles.get(system, story.id)).body);
    assert.match(body, /"type":"embed".*"provider":"youtube"/);
    await page.getByRole('button', { name: 'Опублікувати' }).click();
    await page.getByText('Опубліковано', { exact: true }).first().waitFor();
    const published = await site.services.articles.get(system, story.id);
    const html = await (await fetch(`${origin}${published.url}`)).text();
    assert.match(html, /data-embed="youtube"/);
    assert.match(html, /href="https:\/\/www\.youtube\.com\/watch\?v=aBcDeFgHiJk"/);
    assert.doesNotMatch(html, /<iframe|youtube\.com\/embed|<script[^>]+youtube/);
    await page.close();
  });

  test('a translation is made side by side and both pages link each other', async () => {
    const story = await site.services.articles.create(system, {
      language: 'uk',
      title: 'Київ відкрив нову велодоріжку',
      lead: 'Доріжка з’єднала два райони.',
      body: '<p>Перший абзац.</p><p>Другий абзац.</p>',
      section: 'politics',
      author: { name: 'Олена Тестова' },
      status: 'published',
    });
    const page = await pageFor('editor');
    await page.goto(`${origin}/admin/stories/${story.id}`);
    await page.getByRole('link', { name: 'Переклад' }).click();
    const version = page.getByRole('region', { name: 'Переклад (ru)' });
    await version.getByLabel('Заголовок').waitFor();
    await page.getByRole('region', { name: 'Оригінал (uk)' }).getByText('Другий абзац.').waitFor();
    await version.getByLabel('Заголовок').fill('Киев открыл новую велодорожку');
    await version.getByLabel('Лід').fill('Дорожка соединила два района.');
    await page
      .getByRole('status')
      .filter({ hasText: /Збережено о/ })
      .waitFor();
    const tops = await page.evaluate(() => {
      const a = Array.from(
        document.querySelectorAll('.side-by-side section:first-child .prose > *'),
      ) as HTMLElement[];
      const b = Array.from(
        document.querySelectorAll('.side-by-side section:last-child .prose > *'),
      ) as HTMLElement[];
      return a
        .slice(0, 2)
        .map((el, i) => [el.getBoundingClientRect().height, b[i]!.getBoundingClientRect().height]);
    });
    for (const [x, y] of tops) assert.ok(Math.abs(x! - y!) < 2, `paragraphs aligned: ${x} vs ${y}`);
    const ru = (await site.services.articles.get(system, story.id)).translations.find(
      (v) => v.language === 'ru',
    )!;
    await site.services.articles.publish(system, ru.id);
    const ukPage = await (await fetch(`${origin}${story.url}`)).text();
    const ruStory = await site.services.articles.get(system, ru.id);
    const ruPage = await (await fetch(`${origin}${ruStory.url}`)).text();
    assert.match(ukPage, new RegExp(`href="${ruStory.url}"[^>]*>Читать на русском`));
    assert.match(ruPage, new RegExp(`href="${story.url}"[^>]*>Читати українською`));
    await page.close();
  });

  test('the dashboard moves when a reader views a story', async () => {
    const story = await site.services.articles.create(system, {
      language: 'uk',
      title: 'Новина для огляду',
      section: 'politics',
      author: { name: 'Олена Тестова' },
      status: 'published',
    });
    const page = await pageFor('editor');
    await page.goto(`${origin}/admin/dashboard`);
    const readers = page.getByTestId('readers-now');
    await readers.waitFor();
    const before = Number(await readers.innerText());
    assert.deepEqual(await axeViolations(page), []);
    const beacon = await fetch(`${origin}/v/${story.id}`, {
      method: 'POST',
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120 Reader/1' },
    });
    assert.equal(beacon.status, 204);
    // Counts are written at least once a second; the dashboard hears of it by server-sent events.
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="readers-now"]')?.textContent) > n,
      before,
    );
    await page.close();
  });

  test('a story is written and published with the keyboard alone', async () => {
    const page = await pageFor('editor');
    // Opening a story sends nothing back: only what the person changes is saved.
    let patches = 0;
    page.on('request', (r) => {
      if (r.method() === 'PATCH') patches++;
    });
    await page.goto(`${origin}/admin`);
    await page.getByRole('link', { name: 'Нова публікація' }).waitFor();
    /** The accessible name of what has the focus (label, aria-label, title or text). */
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return '';
        const labelled = (el as HTMLInputElement).labels?.[0]?.textContent;
        return (
          el.getAttribute('aria-label') ??
          labelled ??
          el.getAttribute('title') ??
          el.textContent ??
          ''
        ).trim();
      });
    const tab = async (keys = 'Tab') => {
      await page.keyboard.press(keys);
      return focused();
    };
    /** Presses Tab until the focused control has this name. */
    const tabTo = async (name: string) => {
      for (let i = 0; i < 40; i++) {
        if ((await tab()) === name) return;
      }
      assert.fail(`Tab never reached “${name}”`);
    };
    await tabTo('Нова публікація');
    await page.keyboard.press('Enter');
    await editable(page);
    assert.equal(await tab(), '← До списку', 'a new screen starts the keyboard at its content');
    assert.equal(await tab(), 'Заголовок');
    await page.keyboard.type('Новина, набрана без миші');
    await tabTo('Лід');
    await page.keyboard.type('Кожен крок зроблено клавіатурою.');
    // The toolbar is one Tab stop; arrows move along it.
    assert.equal(await tab(), 'Жирний');
    assert.equal(await tab('ArrowRight'), 'Курсив');
    assert.equal(await tab('ArrowLeft'), 'Жирний');
    assert.equal(await tab(), 'Текст');
    await page.keyboard.type('Перший абзац. ');
    assert.equal(await tab('Shift+Tab'), 'Жирний');
    await page.keyboard.press('Enter');
    // A tool gives the focus back to the text (on the next frame).
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Текст');
    await page.keyboard.type('Жирне слово');
    await tabTo('Зберегти');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/stories\/\d+$/);
    const id = storyIdOf(page);
    await editable(page);
    await tabTo('Опублікувати');
    await page.keyboard.press('Enter');
    await page.getByText('Опубліковано', { exact: true }).first().waitFor();
    const story = await site.services.articles.get(system, id);
    assert.equal(story.status, 'published');
    assert.equal(patches, 0, 'the story as the server sent it is not sent back');
    assert.equal(story.author.name, 'Ірина Редакторка', 'signed with the name of whoever wrote it');
    assert.match(story.bodyHtml, /<strong>Жирне слово<\/strong>/);
    await page.close();
  });

  test('the desk fits a phone and passes axe on its main screens', async () => {
    const page = await pageFor('owner', 390);
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/admin', '/admin/stories/new', '/admin/dashboard']) {
      await page.goto(`${origin}${path}`);
      await page.getByRole('navigation').waitFor();
      // The screen is drawn with its data: a heading, and nothing says "loading".
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.getByText('Завантаження…').first().waitFor({ state: 'detached' });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at 390 px`);
      assert.deepEqual(await axeViolations(page), [], path);
    }
    await page.close();
  });
});
