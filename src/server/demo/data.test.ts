import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildBank } from './bank.ts';
import { DEMO_DATA_DIR, demoDataLoaded, readDemoData } from './data.ts';
// Imported for its side effects (none, is the point): loading the generator reads no data.
import { generateDemoNewsroom } from './generate.ts';
import { renderMarkdownPage } from './markdown.ts';

describe('demo data loading', () => {
  it('reads nothing until a newsroom is generated', () => {
    assert.equal(demoDataLoaded(), false, 'importing the generator loaded the data');
    generateDemoNewsroom({ now: Date.UTC(2025, 9, 15), siteName: 'Shpalta', stories: 1 });
    assert.equal(demoDataLoaded(), true);
  });
});

describe('demo data validation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shpalta-demo-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of demo/ with one file changed by `edit`, checked as the generator would. */
  function withEdit(file: string, edit: (json: unknown) => unknown): () => void {
    const copy = mkdtempSync(join(dir, 'case-'));
    cpSync(DEMO_DATA_DIR, copy, { recursive: true });
    const path = join(copy, file);
    writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(path, 'utf8')))));
    return () => buildBank(readDemoData(copy));
  }
  type Scenario = { id: string; slots?: Record<string, unknown>; titles: unknown[]; tags: string[] };
  const firstScenario = (f: (s: Scenario) => void) => (json: unknown) => {
    f((json as Scenario[])[0]!);
    return json;
  };

  it('accepts the repository’s data', () => {
    const bank = buildBank(readDemoData());
    assert.equal(bank.sections.length, 10);
    assert.ok(bank.sections.every((s) => s.scenarios.length >= 6));
  });

  it('names the file and the field when a file does not fit its schema', () => {
    const load = withEdit('sections/war.json', (j) => ({ ...(j as object), weight: 'heavy' }));
    assert.throws(
      load,
      (e: Error) => e.message.includes('sections/war.json') && e.message.includes('weight'),
    );
  });

  it('refuses a template that uses a slot nobody defines', () => {
    const load = withEdit(
      'sections/economy.scenarios.json',
      firstScenario((s) => s.titles.push(['Ставка {rat}%', 'Ставка {rat}%'])),
    );
    assert.throws(load, /economy\/nbu-rate: .*\{rat\}, no such slot/);
  });

  it('refuses a slot expression with a typo', () => {
    const load = withEdit(
      'sections/economy.scenarios.json',
      firstScenario((s) => {
        s.slots = { ...s.slots, rate: 'dec(pick(13.5, 14)' };
      }),
    );
    assert.throws(load, /missing "\)"/);
  });

  it('refuses an unknown tag and a poll for a scenario that does not exist', () => {
    const tag = withEdit(
      'sections/sport.scenarios.json',
      firstScenario((s) => s.tags.push('cricket')),
    );
    assert.throws(tag, /unknown tag "cricket"/);
    const poll = withEdit('polls.json', (j) => {
      (j as { stories: { scenario: string }[] }).stories[0]!.scenario = 'no-such-story';
      return j;
    });
    assert.throws(poll, /polls for unknown scenarios: no-such-story/);
  });

  it('says which file it cannot read', () => {
    const copy = mkdtempSync(join(dir, 'missing-'));
    cpSync(DEMO_DATA_DIR, copy, { recursive: true });
    rmSync(join(copy, 'pages', 'contacts.ru.md'));
    assert.throws(() => readDemoData(copy), /cannot read pages\/contacts\.ru\.md/);
  });
});

describe('renderMarkdownPage', () => {
  it('renders the subset: headings, paragraphs, lists, bold, code and links, escaping the rest', () => {
    const page = renderMarkdownPage(
      [
        '# Контакти',
        '',
        'Пишіть на **newsroom@example.org**,',
        'ми відповімо <швидко>.',
        '',
        '## Пошта',
        '- `shp_consent` — вибір',
        '- [Сторінка](https://example.org/secure) & інше',
      ].join('\n'),
      'test',
    );
    assert.equal(page.title, 'Контакти');
    assert.equal(
      page.html,
      [
        '<p>Пишіть на <strong>newsroom@example.org</strong>, ми відповімо &lt;швидко&gt;.</p>',
        '<h2>Пошта</h2>',
        '<ul><li><code>shp_consent</code> — вибір</li><li><a href="https://example.org/secure">Сторінка</a> &amp; інше</li></ul>',
      ].join('\n'),
    );
  });

  it('needs a title line and a body', () => {
    assert.throws(() => renderMarkdownPage('Без заголовка', 'x.md'), /x\.md: the first line/);
    assert.throws(() => renderMarkdownPage('# Лише заголовок\n', 'y.md'), /y\.md: the page has no body/);
  });
});
