/**
 * `npm run bench` part: typing latency of the desk's story editor in real Chromium on a story
 * of 50 000 characters, against two baselines measured in the same run (a short story in the
 * same editor, and a plain <textarea> on a blank page, typed the same way); and the size of
 * the desk's JavaScript (first load, and the lazy editor chunk). Absolute figures vary 2–3×
 * on a shared machine; the ratios are what to read. `BENCH_EDITOR_ROUNDS` changes how many
 * times the three are typed in turn (2: the machine's other work then disturbs all three alike).
 *
 * Latency of a keystroke: from its keydown (`event.timeStamp`, the time the browser received
 * the key, so waiting behind a busy main thread counts) to the end of the first frame rendered
 * after the text changed: a `requestAnimationFrame` callback, asked for at keydown and again at
 * every `input` event of the keystroke, posts a MessageChannel message, which runs once that
 * frame's style, layout, paint and commit are done. That takes in everything the page does on
 * the main thread for the key before the change can be seen; what React or the autosave leave
 * for later shows up as the next keystroke's wait. The Event Timing API is read alongside as a
 * cross-check (its `duration` runs to the frame's presentation, but is rounded to 8 ms and only
 * reported from 16 ms up, so it cannot give a median).
 *
 * Cyrillic is typed as key presses of the Ukrainian (ЙЦУКЕН) layout, sent by the same
 * DevTools call `page.keyboard.type(text, { delay: 30 })` makes for Latin letters (key down,
 * 30 ms, key up). `keyboard.type` itself sends characters outside the US layout as
 * `Input.insertText`, which has no keydown and whose events are stamped only when the page
 * gets to them, so a busy page would look fast.
 */

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { systemPrincipal } from '../src/server/domain/principal.ts';
import { launchBrowser } from '../test/browser.ts';
import { baseContent } from '../test/factories.ts';
import { freePort, openSite, type TestSite } from '../test/harness.ts';

const PASSWORD = 'вимірювання-набору-тексту';
const EMAIL = 'typist@news.example.org';
const system = systemPrincipal('bench');
const DELAY_MS = 30;

/** Sentences of our own (a made-up town), combined into paragraphs to make stories of any length. */
const SENTENCES = [
  'У Вербівці відремонтували міст через річку, і тепер автобус до районного центру знову ходить за розкладом.',
  'Міська рада пообіцяла, що до кінця місяця на зупинках з’являться табло з часом прибуття.',
  'Мешканці вулиці Садової самі висадили вздовж тротуару три десятки молодих лип.',
  'Директорка бібліотеки розповіла, що взимку читальня працюватиме до дев’ятої вечора.',
  'На ринку подорожчали яблука, зате картопля цього тижня коштує менше, ніж навесні.',
  'Шкільна команда з робототехніки посіла друге місце на обласних змаганнях.',
  'Волонтери щосуботи збирають теплі речі й передають їх до пункту обігріву біля вокзалу.',
  'Комунальники попереджають, що в четвер на лівому березі кілька годин не буде води.',
  'Після дощів дорогу до цвинтаря знову розмило, тож люди просять засипати ями щебенем.',
  'У краєзнавчому музеї відкрилася виставка старих світлин із родинних альбомів.',
  'Лікарі нагадують, що безкоштовно щепитися від грипу можна в амбулаторії на Шевченка.',
  'Фермери з навколишніх сіл домовилися разом возити молоко на сироварню.',
  'Старий кінотеатр планують перетворити на молодіжний простір із майстернями.',
  'Футбольний стадіон отримав нове освітлення, тому вечірні тренування більше не скасовують.',
  'Пенсіонерка з Вербівки вже сорок років веде щоденник погоди й охоче ділиться записами.',
  'На перехресті біля пошти встановили світлофор із кнопкою для пішоходів.',
];

/** Typed into each of the three at the end of the text, then after Enter in the middle. */
const AT_END = 'Увечері на площі зібралися сусіди, щоб обговорити нові лавки та ліхтарі біля ставка. ';
const AFTER_ENTER = 'Пропозиції приймають до суботи.';
const MIDDLES = [0.3, 0.5, 0.7];

/** A deterministic story body of at least `chars` characters of text, as HTML paragraphs. */
function storyBody(chars: number): { html: string; chars: number } {
  let seed = 20_240_501;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const paragraphs: string[] = [];
  let total = 0;
  while (total < chars) {
    const n = 2 + Math.floor(next() * 4);
    const p = Array.from({ length: n }, () => SENTENCES[Math.floor(next() * SENTENCES.length)]!).join(' ');
    paragraphs.push(p);
    total += p.length;
  }
  return { html: paragraphs.map((p) => `<p>${p}</p>`).join(''), chars: total };
}

/** Ukrainian ЙЦУКЕН layout: the physical key of each letter and its Windows key code. */
const UK_LAYOUT: Record<string, [string, number]> = {};
{
  const rows: [string, string[]][] = [
    ['йцукенгшщзхї', ['KeyQ', 'KeyW', 'KeyE', 'KeyR', 'KeyT', 'KeyY', 'KeyU', 'KeyI', 'KeyO', 'KeyP']],
    ['фівапролджє', ['KeyA', 'KeyS', 'KeyD', 'KeyF', 'KeyG', 'KeyH', 'KeyJ', 'KeyK', 'KeyL']],
    ['ячсмитьбю', ['KeyZ', 'KeyX', 'KeyC', 'KeyV', 'KeyB', 'KeyN', 'KeyM']],
  ];
  const punctuation: Record<string, [string, number]> = {
    х: ['BracketLeft', 219],
    ї: ['BracketRight', 221],
    ж: ['Semicolon', 186],
    є: ['Quote', 222],
    б: ['Comma', 188],
    ю: ['Period', 190],
    ґ: ['Backslash', 220],
  };
  for (const [letters, codes] of rows) {
    [...letters].forEach((letter, i) => {
      const code = codes[i];
      const key: [string, number] = code ? [code, code.charCodeAt(3)] : punctuation[letter]!;
      UK_LAYOUT[letter] = key;
      UK_LAYOUT[letter.toUpperCase()] = key;
    });
  }
  UK_LAYOUT.ґ = punctuation.ґ!;
  UK_LAYOUT.Ґ = punctuation.ґ!;
}

/** Types like `keyboard.type(text, { delay })`, Cyrillic included (see the top of the file). */
async function typeText(page: Page, cdp: CDPSession, text: string): Promise<void> {
  for (const ch of text) {
    const key = UK_LAYOUT[ch];
    if (!key) {
      await page.keyboard.press(ch, { delay: DELAY_MS });
      continue;
    }
    const [code, windowsVirtualKeyCode] = key;
    await cdp.send('Input.dispatchKeyEvent', {
      type: 'keyDown',
      key: ch,
      code,
      windowsVirtualKeyCode,
      text: ch,
      unmodifiedText: ch,
    });
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, code, windowsVirtualKeyCode });
  }
}

/**
 * Put into the page (a string, so that nothing of the bundler's leaks into it): records every
 * keystroke while on, and Event Timing entries. See the top of the file for what is measured.
 */
const PROBE = `(() => {
  if (window.__bench) return;
  const strokes = [];
  const timings = [];
  let on = false;
  let current = null;
  const arm = (m) => {
    const token = ++m.token;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        if (m.token === token) m.end = performance.now();
        channel.port1.close();
      };
      channel.port2.postMessage(0);
    });
  };
  addEventListener('keydown', (e) => {
    if (!on) return;
    current = { start: e.timeStamp, key: e.key, token: 0, end: 0 };
    strokes.push(current);
    arm(current);
  }, true);
  addEventListener('input', () => {
    if (on && current) arm(current);
  }, true);
  addEventListener('keyup', () => {
    current = null;
  }, true);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (/^(key|beforeinput$|input$)/.test(e.name)) timings.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  window.__bench = {
    on() { on = true; },
    off() { on = false; current = null; },
    read() {
      return strokes.map((s, i) => {
        const until = strokes[i + 1]?.start ?? Infinity;
        const et = timings.filter((t) => t.start >= s.start && t.start < until);
        return {
          key: s.key,
          ms: s.end ? s.end - s.start : -1,
          eventTiming: et.length ? Math.max(...et.map((t) => t.duration)) : 0,
        };
      });
    },
  };
})()`;

interface Stroke {
  key: string;
  ms: number;
  eventTiming: number;
}

/** Something to type into: its text, and where the caret goes. */
interface Target {
  page: Page;
  /** The text as it is now (to check that the keys arrived). */
  text(): Promise<string>;
  toEnd(): Promise<void>;
  toMiddle(fraction: number): Promise<void>;
}

const settle = (page: Page) => page.evaluate('new Promise((r) => setTimeout(r, 250))');

/** The same keystrokes into any target; returns them with their latencies. */
async function typeInto(target: Target): Promise<Stroke[]> {
  const { page } = target;
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate(PROBE);
  await target.toEnd();
  // A few keys first, unmeasured: the first keystroke after focus warms code paths up.
  await typeText(page, cdp, 'Так. ');
  await settle(page);
  await page.evaluate('window.__bench.on()');
  await typeText(page, cdp, AT_END);
  for (const fraction of MIDDLES) {
    await page.evaluate('window.__bench.off()');
    await target.toMiddle(fraction);
    await settle(page);
    await page.evaluate('window.__bench.on()');
    await page.keyboard.press('Enter', { delay: DELAY_MS });
    await typeText(page, cdp, AFTER_ENTER);
  }
  await settle(page);
  await page.evaluate('window.__bench.off()');
  const strokes = (await page.evaluate('window.__bench.read()')) as Stroke[];
  await cdp.detach();
  const typed = await target.text();
  const arrived = typed.includes(AT_END.trim()) && typed.split(AFTER_ENTER).length === MIDDLES.length + 1;
  if (!arrived) throw new Error('the typed text did not arrive as typed');
  const lost = strokes.filter((s) => s.ms < 0).length;
  if (lost) throw new Error(`${lost} keystrokes never reached a frame`);
  return strokes;
}

function quantiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { n: s.length, median: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1]! };
}

/** Raw and gzip size of a file of the built desk. */
function sizeOf(file: string): { raw: number; gzip: number } {
  const bytes = fs.readFileSync(file);
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes).length };
}

/** A chunk and the chunks it imports statically (what the browser fetches before running it). */
function closure(dir: string, names: string[], skip = new Set<string>()): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || skip.has(name)) return;
    seen.add(name);
    const code = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const m of code.matchAll(/import\s*(?:[\w$*{][^"';()]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g))
      visit(m[1]!);
  };
  for (const n of names) visit(n);
  return [...seen];
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`;

function bundleRows(): string[][] {
  const dist = path.resolve(import.meta.dirname, '../dist/admin');
  const assets = path.join(dist, 'assets');
  if (!fs.existsSync(path.join(dist, 'index.html')))
    return [['desk bundle', 'dist/admin not built', '', 'run `npm run build:desk`']];
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const entries = [
    ...html.matchAll(
      /<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/admin\/assets\/([^"]+\.js)"/g,
    ),
  ].map((m) => m[1]!);
  const first = closure(assets, entries);
  const total = (files: string[]) =>
    files
      .map((f) => sizeOf(path.join(assets, f)))
      .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }));
  const firstSize = total(first);
  const rows = [
    [
      'desk first-load JS',
      `${kb(firstSize.raw)}, ${kb(firstSize.gzip)} gzip`,
      first.join(', '),
      'entry chunk(s) of dist/admin/index.html and their static imports',
    ],
  ];
  const editor = fs.readdirSync(assets).find((f) => /^editor-[\w-]+\.js$/.test(f));
  if (editor) {
    const own = sizeOf(path.join(assets, editor));
    const lazy = closure(assets, [editor], new Set(first));
    const lazySize = total(lazy);
    rows.push([
      'desk story editor chunk (lazy)',
      `${kb(own.raw)}, ${kb(own.gzip)} gzip`,
      `with its imports ${kb(lazySize.raw)}, ${kb(lazySize.gzip)} gzip`,
      `fetched when a story opens: ${lazy.join(', ')}`,
    ]);
  }
  return rows;
}

export async function editorBench(
  rounds = Number(process.env.BENCH_EDITOR_ROUNDS ?? 2),
): Promise<string[][]> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const site: TestSite = await openSite('sqlite', { PUBLIC_URL: origin });
  let browser: Browser | undefined;
  try {
    await baseContent(site);
    await site.services.users.create(system, {
      email: EMAIL,
      name: 'Ірина Вимірювальна',
      role: 'editor',
      password: PASSWORD,
    });
    await site.app.listen({ port, host: '127.0.0.1' });
    site.start();
    browser = await launchBrowser();
    const desk = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const signIn = await desk.request.post(`${origin}/api/admin/session`, {
      headers: { origin },
      data: { email: EMAIL, password: PASSWORD },
    });
    if (signIn.status() !== 200) throw new Error(`sign-in: ${signIn.status()} ${await signIn.text()}`);
    const blank = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];

    const long = storyBody(50_000);
    const short = storyBody(500);
    const openStory = async (body: string) => {
      const story = await site.services.articles.create(system, {
        language: 'uk',
        title: 'Вербівка: що змінилося за рік',
        lead: 'Огляд міських новин.',
        body,
        section: 'politics',
        author: { name: 'Олена Тестова' },
      });
      const page = await desk.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      const started = Date.now();
      await page.goto(`${origin}/admin/stories/${story.id}`);
      // The editor holds the story's lock: its fields are open for typing.
      await page.getByLabel('Заголовок', { exact: true }).and(page.locator(':enabled')).waitFor();
      const text = page.getByRole('textbox', { name: 'Текст' });
      await text.waitFor();
      const opened = Date.now() - started;
      const paragraphs = text.locator(':scope > p');
      const target: Target = {
        page,
        text: async () => (await text.textContent()) ?? '',
        async toEnd() {
          await paragraphs.last().click();
          await page.keyboard.press('Control+End');
        },
        async toMiddle(fraction) {
          const n = await paragraphs.count();
          // The middle of a paragraph, halfway down the text: Enter splits it.
          await paragraphs.nth(Math.floor(n * fraction)).click();
        },
      };
      return { target, opened };
    };
    const openTextarea = async () => {
      const page = await blank.newPage();
      await page.setContent(
        `<!doctype html><html lang="uk"><meta charset="utf-8"><title>textarea</title>` +
          `<textarea aria-label="Текст" rows="30" cols="100"></textarea></html>`,
      );
      const area = page.getByRole('textbox', { name: 'Текст' });
      await area.fill(short.html.replace(/<\/p><p>/g, '\n\n').replace(/<\/?p>/g, ''));
      const caret = (fraction: number) =>
        area.evaluate((el, f) => {
          const ta = el as HTMLTextAreaElement;
          ta.focus();
          const at = Math.floor(ta.value.length * f);
          ta.setSelectionRange(at, at);
        }, fraction);
      const target: Target = { page, text: () => area.inputValue(), toEnd: () => caret(1), toMiddle: caret };
      return { target, opened: 0 };
    };

    const scenarios = [
      { label: 'plain <textarea>, blank page', chars: short.chars, open: openTextarea },
      { label: `story of ${short.chars} chars`, chars: short.chars, open: () => openStory(short.html) },
      { label: `story of ${long.chars} chars`, chars: long.chars, open: () => openStory(long.html) },
    ];
    const results = scenarios.map(() => ({ strokes: [] as Stroke[], opened: [] as number[] }));
    for (let round = 0; round < rounds; round++) {
      for (const [i, scenario] of scenarios.entries()) {
        const { target, opened } = await scenario.open();
        results[i]!.strokes.push(...(await typeInto(target)));
        results[i]!.opened.push(opened);
        await target.page.close({ runBeforeUnload: false });
      }
    }
    await desk.close();
    await blank.close();

    const stats = results.map((r) => ({
      all: quantiles(r.strokes.map((s) => s.ms)),
      enter: quantiles(r.strokes.filter((s) => s.key === 'Enter').map((s) => s.ms)),
      slow: r.strokes.filter((s) => s.eventTiming >= 16),
      opened: r.opened,
    }));
    const f = (ms: number) => `${ms.toFixed(1)} ms`;
    const rows = scenarios.map((scenario, i) => {
      const s = stats[i]!;
      const notes = [
        `${s.all.n} keys (${s.enter.n} Enter mid-text: median ${f(s.enter.median)}, max ${f(s.enter.max)})`,
        `Event Timing ≥ 16 ms: ${s.slow.length}/${s.all.n}${s.slow.length ? `, worst ${f(Math.max(...s.slow.map((x) => x.eventTiming)))}` : ''}`,
      ];
      if (i > 0) notes.push(`opened in ${s.opened.map((ms) => (ms / 1000).toFixed(1)).join('/')} s`);
      return [
        `desk typing: ${scenario.label}`,
        `median ${f(s.all.median)}, p95 ${f(s.all.p95)}`,
        `p99 ${f(s.all.p99)}, max ${f(s.all.max)}`,
        notes.join('; '),
      ];
    });
    const x = (a: number, b: number) => `×${(a / b).toFixed(1)}`;
    for (const [a, b, note] of [
      [1, 0, 'the editor itself'],
      [2, 0, ''],
      [2, 1, 'the cost of the story’s length'],
    ] as const) {
      const [p, q] = [stats[a]!.all, stats[b]!.all];
      rows.push([
        `desk typing: ${['textarea', 'short story', 'long story'][a]} ÷ ${['textarea', 'short story'][b]}`,
        `${x(p.median, q.median)} median, ${x(p.p95, q.p95)} p95`,
        `${x(p.p99, q.p99)} p99, ${x(p.max, q.max)} max`,
        note,
      ]);
    }
    if (errors.length) rows.push(['desk typing: page errors', String(errors.length), errors[0]!, '']);
    return [...rows, ...bundleRows()];
  } finally {
    await browser?.close();
    await site.dispose();
  }
}
