import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DemoStory, type DemoStoryVersion, generateDemoNewsroom, generateStories } from './generate.ts';
import { createRng } from './rng.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Wednesday morning in October: Kyiv is on summer time (UTC+3) for most of the span. */
const NOW = Date.UTC(2025, 9, 15, 6, 30);
/** The seed page's demo: 700 stories, as the seeder makes it. */
const DEMO_STORIES = 700;
const demo = generateDemoNewsroom({ now: NOW, siteName: 'Shpalta', stories: DEMO_STORIES });
const stories = demo.stories;
const versions = stories.flatMap((s) => s.versions);

const kyivFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Kyiv',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

function kyiv(t: number): { day: string; hour: number } {
  const p = Object.fromEntries(kyivFormat.formatToParts(t).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) };
}

function textsOf(v: DemoStoryVersion): string[] {
  return [v.title, v.lead, v.bodyHtml, v.imageAlt, v.imageCaption, v.source ?? '', ...v.tags];
}

describe('generateDemoNewsroom', () => {
  it('makes the stories asked for over the last 14 days, the newest a few minutes old', () => {
    assert.equal(stories.length, DEMO_STORIES);
    assert.ok(generateDemoNewsroom({ now: NOW, siteName: 'Shpalta' }).stories.length >= 300, 'default count');
    const times = stories.map((s) => s.publishedAt);
    const newest = Math.max(...times);
    const oldest = Math.min(...times);
    assert.ok(newest <= NOW && newest >= NOW - 15 * 60_000, 'newest within 15 minutes of now');
    assert.ok(oldest >= NOW - 14 * DAY - HOUR, 'nothing older than 14 days');
    assert.ok(oldest <= NOW - 13 * DAY, 'the span really covers two weeks');
  });

  it('is deterministic for the same seed and now, and differs for another seed', () => {
    assert.deepEqual(generateDemoNewsroom({ now: NOW, siteName: 'Shpalta', stories: DEMO_STORIES }), demo);
    const other = generateDemoNewsroom({ now: NOW, siteName: 'Shpalta', seed: 99, stories: DEMO_STORIES });
    assert.notDeepEqual(
      other.stories.map((s) => s.versions[0]!.title),
      stories.map((s) => s.versions[0]!.title),
    );
  });

  it('publishes in both languages: Ukrainian originals, about half translated, a few Russian-only', () => {
    const ruOnly = stories.filter((s) => s.versions[0]!.language === 'ru');
    const translated = stories.filter((s) => s.versions.length === 2);
    for (const s of stories) {
      assert.ok(s.versions.length === 1 || s.versions.length === 2);
      if (s.versions.length === 2)
        assert.deepEqual(
          s.versions.map((v) => v.language),
          ['uk', 'ru'],
        );
    }
    assert.ok(ruOnly.length >= 1 && ruOnly.length <= stories.length * 0.12, `${ruOnly.length} Russian-only`);
    const share = translated.length / stories.length;
    assert.ok(share >= 0.35 && share <= 0.65, `translated share ${share}`);
    assert.ok(versions.some((v) => v.language === 'uk'));
    assert.ok(versions.some((v) => v.language === 'ru'));
  });

  it('fills every section, in order, with both names', () => {
    assert.equal(demo.sections.length, 10);
    assert.deepEqual(
      demo.sections.map((s) => s.position),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    );
    assert.equal(demo.sections.find((s) => s.slug === 'health')?.names.uk, "Здоров'я");
    for (const section of demo.sections) {
      assert.ok(section.names.uk && section.names.ru);
      assert.ok(
        stories.some((s) => s.section === section.slug),
        `no stories in ${section.slug}`,
      );
    }
  });

  it('publishes through the day and little at night (Kyiv time)', () => {
    const byDay = new Map<string, { day: number; night: number }>();
    for (const s of stories) {
      const k = kyiv(s.publishedAt);
      const d = byDay.get(k.day) ?? { day: 0, night: 0 };
      if (k.hour >= 9 && k.hour < 21) d.day++;
      if (k.hour < 6) d.night++;
      byDay.set(k.day, d);
    }
    // The first and the last calendar day are partial.
    const full = [...byDay.keys()].sort().slice(1, -1);
    assert.ok(full.length >= 12, `${full.length} full days`);
    const busy = full.filter((d) => byDay.get(d)!.day >= 12);
    assert.ok(
      busy.length >= full.length * 0.8,
      `${busy.length}/${full.length} days with ≥1 story an hour 09–21`,
    );
    for (const d of full) assert.ok(byDay.get(d)!.night < byDay.get(d)!.day, `night busier than day on ${d}`);
  });

  it('crosses midnight (Kyiv) within the 40 newest stories, at any hour of the day', () => {
    const days = (list: readonly DemoStory[]) =>
      new Set(
        [...list]
          .sort((a, b) => b.publishedAt - a.publishedAt)
          .slice(0, 40)
          .map((s) => kyiv(s.publishedAt).day),
      ).size;
    assert.equal(days(stories), 2, 'the demo at NOW');
    // Late in the evening a normal day would fill 40 rows on its own; the demo keeps today quieter.
    for (let hour = 0; hour < 24; hour += 1) {
      const now = Date.UTC(2025, 9, 15, hour, 50);
      const late = [...generateStories({ count: DEMO_STORIES, now })];
      assert.equal(days(late), 2, `at ${hour}:50 UTC`);
    }
  });

  it('writes 8–10 paragraphs of allowed HTML, with quotations and some subheadings', () => {
    const allowed = new Set(['p', 'h2', 'h3', 'blockquote', 'ul', 'li', 'strong', 'em', 'a']);
    for (const v of versions) {
      const paragraphs = v.bodyHtml.match(/<p>/g)?.length ?? 0;
      assert.ok(paragraphs >= 8 && paragraphs <= 10, `${paragraphs} paragraphs in «${v.title}»`);
      for (const m of v.bodyHtml.matchAll(/<\/?([a-z0-9]+)([^>]*)>/g)) {
        assert.ok(allowed.has(m[1]!), `tag <${m[1]}> in «${v.title}»`);
        if (m[1] === 'a' && !m[0].startsWith('</'))
          assert.match(m[2]!, /^ href="https:\/\/example\.org\/[^"]*"$/);
      }
      assert.doesNotMatch(v.bodyHtml.replace(/<[^>]+>/g, ''), /[<>]|&(?!amp;|lt;|gt;)/);
    }
    const withQuote = versions.filter((v) => v.bodyHtml.includes('<blockquote><p>«'));
    const withHeading = versions.filter((v) => v.bodyHtml.includes('<h2>'));
    assert.ok(withQuote.length > versions.length * 0.6, 'most stories quote someone');
    assert.ok(
      withHeading.length > versions.length * 0.2 && withHeading.length < versions.length,
      'some have a subheading',
    );
  });

  it('gives 2–4 tags per version, the same tags in both languages, repeating across stories', () => {
    const counts = new Map<string, number>();
    for (const s of stories) {
      const n = s.versions[0]!.tags.length;
      for (const v of s.versions) {
        assert.ok(v.tags.length >= 2 && v.tags.length <= 4, `${v.tags.length} tags`);
        assert.equal(v.tags.length, n);
        assert.equal(new Set(v.tags).size, v.tags.length);
        if (v.language === 'uk') for (const t of v.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
      }
    }
    assert.ok(counts.size >= 30, `${counts.size} distinct tags`);
    assert.ok(Math.max(...counts.values()) >= 10, 'tags repeat');
  });

  it('pins 6–8 stories from the last 48 hours', () => {
    const pinned = stories.filter((s) => s.pinned);
    assert.ok(pinned.length >= 6 && pinned.length <= 8, `${pinned.length} pinned`);
    for (const s of pinned) assert.ok(s.publishedAt >= NOW - 48 * HOUR);
  });

  it('has seven authors with bios in both languages, and every story has one of them', () => {
    assert.equal(demo.authors.length, 7);
    const keys = new Set(demo.authors.map((a) => a.key));
    for (const a of demo.authors) {
      for (const lang of ['uk', 'ru'] as const) {
        assert.ok(a.names[lang].includes(' '));
        const sentences = a.bios[lang].split(/(?<=[.!?])\s+/).length;
        assert.ok(sentences >= 2 && sentences <= 3, `${a.key} ${lang} bio has ${sentences} sentences`);
      }
    }
    for (const s of stories) assert.ok(keys.has(s.authorKey));
    assert.equal(new Set(stories.map((s) => s.authorKey)).size, 7);
  });

  it('uses only ASCII slugs', () => {
    const slugs = [
      ...demo.authors.map((a) => a.slug),
      ...demo.sections.map((s) => s.slug),
      ...demo.pages.map((p) => p.slug),
    ];
    for (const slug of slugs) assert.match(slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('points every story at one of its section’s illustrations, 60+ of them in use', () => {
    const used = new Set(stories.map((s) => s.imageKey));
    assert.ok(used.size >= 60, `${used.size} illustrations in use`);
    for (const s of stories) {
      assert.ok(demo.imageKeys.includes(s.imageKey));
      assert.ok(s.imageKey.startsWith(`${s.section}-`), s.imageKey);
      assert.match(s.imageCredit, /Shpalta/);
      for (const v of s.versions) {
        assert.ok(v.imageAlt.length > 20 && v.imageCaption.startsWith(v.title));
      }
    }
  });

  it('writes four static pages in both languages that name the site', () => {
    const named = generateDemoNewsroom({ now: NOW, siteName: 'Вечірня <Шпальта>', stories: 0 });
    assert.deepEqual(
      named.pages.map((p) => p.key),
      ['editorial-standards', 'privacy-policy', 'contacts', 'ownership'],
    );
    for (const page of named.pages) {
      assert.deepEqual(
        page.versions.map((v) => v.language),
        ['uk', 'ru'],
      );
      for (const v of page.versions) {
        assert.ok((v.bodyHtml.match(/<p>/g)?.length ?? 0) >= 3, `${page.key} ${v.language}`);
        assert.ok(v.bodyHtml.includes('Вечірня &lt;Шпальта&gt;'), 'site name, escaped');
      }
    }
    assert.equal(named.pages[0]!.versions[0]!.title, 'Редакційні стандарти');
    assert.equal(named.pages[0]!.versions[1]!.title, 'Редакционные стандарты');
    assert.match(named.pages[1]!.versions[0]!.bodyHtml, /newsroom@example\.org/);
    assert.equal(named.stories.length, 0);
    assert.equal(named.sections.length, 10);
  });

  it('reads like news: Russian text is Russian, Ukrainian is Ukrainian', () => {
    for (const v of versions) {
      const text = textsOf(v).join('\n');
      if (v.language === 'uk') assert.doesNotMatch(text, /[ыэъёЫЭЪЁ]/, v.title);
      else assert.doesNotMatch(text, /[іїєґІЇЄҐ]/, v.title);
    }
    const sources = new Set(versions.map((v) => v.source).filter((s) => s !== null));
    for (const s of ['ЗМІ', 'СМИ', 'джерела', 'аналітики']) assert.ok(sources.has(s), `source ${s}`);
  });
});

describe('templates', () => {
  it('leave no slot placeholder, undefined or NaN in any season', () => {
    for (const month of [0, 2, 3, 5, 6, 8, 10, 11]) {
      const now = Date.UTC(2025, month, 12, 10);
      for (const s of generateStories({ count: 1500, now, seed: month + 1 })) {
        for (const v of s.versions) {
          for (const text of textsOf(v)) {
            assert.doesNotMatch(text, /[{}]|undefined|NaN|\bnull\b/, `${s.section}: ${text.slice(0, 200)}`);
            assert.doesNotMatch(text, / {2}| [,.:;]/, `spacing: ${text.slice(0, 200)}`);
          }
          const paragraphs = v.bodyHtml.match(/<p>/g)?.length ?? 0;
          assert.ok(paragraphs >= 8 && paragraphs <= 10, `${paragraphs} paragraphs in «${v.title}»`);
        }
      }
    }
  });
});

describe('generateStories', () => {
  it('streams the requested count in publication order', () => {
    const count = 20_000;
    let n = 0;
    let last = 0;
    const keys = new Set<string>();
    for (const s of generateStories({ count, now: NOW, spanDays: 60 })) {
      assert.ok(s.publishedAt >= last, 'non-decreasing publishedAt');
      last = s.publishedAt;
      keys.add(s.key);
      n++;
    }
    assert.equal(n, count);
    assert.equal(keys.size, count);
    assert.ok(last <= NOW);
  });

  it('agrees with generateDemoNewsroom for the same seed (apart from pinning)', () => {
    const streamed: DemoStory[] = [...generateStories({ count: DEMO_STORIES, now: NOW })];
    assert.deepEqual(
      streamed.map((s) => ({ ...s, pinned: false })),
      stories.map((s) => ({ ...s, pinned: false })),
    );
  });
});

describe('createRng', () => {
  it('repeats for a seed and keeps int() within bounds', () => {
    const a = createRng(42);
    const b = createRng(42);
    for (let i = 0; i < 1000; i++) {
      const x = a.int(3, 7);
      assert.equal(x, b.int(3, 7));
      assert.ok(x >= 3 && x <= 7);
    }
    assert.deepEqual(createRng(1).shuffle([1, 2, 3, 4, 5]).sort(), [1, 2, 3, 4, 5]);
  });
});
