/**
 * A deterministic demo newsroom: sections, authors, pages and stories written from our own
 * templates and word banks (see banks-*.ts). The same seed and `now` give the same newsroom.
 *
 * Each story picks a section, a scenario and slot values once, then renders every language it
 * has from those same choices, so the Russian version is a translation of the Ukrainian one.
 */
import { AUTHORS } from './authors.ts';
import type { Block, Scenario, SectionBank, StoryContext, Title } from './bank-types.ts';
import { CLOSERS, CONTEXT_HEADINGS, GLOBAL_FILLERS, SECTION_BANKS } from './banks.ts';
import { isTagKey, SOURCES, TAGS, type TagKey } from './common.ts';
import { buildPages } from './pages.ts';
import { createRng, type Rng } from './rng.ts';
import { type Lang, type P, render, type Slots, slotNames, type Term } from './text.ts';
import { DAY, HOUR, kyivMonth, MINUTE, schedule } from './time.ts';

export interface DemoAuthor {
  key: string;
  slug: string;
  names: Record<'uk' | 'ru', string>;
  bios: Record<'uk' | 'ru', string>;
}
export interface DemoSection {
  slug: string;
  names: Record<'uk' | 'ru', string>;
  position: number;
}
export interface DemoStoryVersion {
  language: 'uk' | 'ru';
  title: string;
  source: string | null;
  lead: string;
  bodyHtml: string;
  tags: string[];
  imageAlt: string;
  imageCaption: string;
}
export interface DemoStory {
  key: string;
  section: string;
  authorKey: string;
  /** epoch ms */
  publishedAt: number;
  pinned: boolean;
  imageKey: string;
  imageCredit: string;
  /** First is the original; 1 or 2 entries. */
  versions: DemoStoryVersion[];
}
export interface DemoPage {
  key: string;
  slug: string;
  versions: { language: 'uk' | 'ru'; title: string; bodyHtml: string }[];
}
export interface DemoNewsroom {
  authors: DemoAuthor[];
  sections: DemoSection[];
  stories: DemoStory[];
  pages: DemoPage[];
  imageKeys: string[];
}

const DEFAULT_SEED = 1;
const DEFAULT_STORIES = 320;
const DEFAULT_SPAN_DAYS = 14;
const DEFAULT_SITE_NAME = 'Shpalta';

/** Share of stories published only in Russian, and of Ukrainian stories also translated. */
const RU_ONLY_SHARE = 0.05;
const TRANSLATED_SHARE = 0.5;

// ---------------------------------------------------------------------------------------------
// Preparation: done once per process; compiles every template, so a bad slot fails early.

interface PreparedScenario {
  readonly s: Scenario;
  /** Slot names used anywhere in the scenario's templates. */
  readonly used: ReadonlySet<string>;
}

interface PreparedSection {
  readonly bank: SectionBank;
  readonly term: Term;
  readonly scenarios: readonly PreparedScenario[];
  readonly authors: readonly string[];
}

function templatesOf(s: Scenario): string[] {
  const out: string[] = [];
  for (const t of s.titles) out.push(...t.t);
  for (const l of s.leads) out.push(...l);
  for (const b of s.body) {
    if (b.k === 'ul') for (const i of b.items) out.push(...i);
    else for (const p of alternatives(b.t)) out.push(...p);
  }
  return out;
}

function alternatives(t: P | readonly P[]): readonly P[] {
  return typeof t[0] === 'string' ? [t as P] : (t as readonly P[]);
}

let prepared: readonly PreparedSection[] | undefined;

function prepare(): readonly PreparedSection[] {
  if (prepared) return prepared;
  prepared = SECTION_BANKS.map((bank) => ({
    bank,
    term: { uk: bank.names[0], ru: bank.names[1] },
    scenarios: bank.scenarios.map((s) => ({ s, used: new Set(templatesOf(s).flatMap(slotNames)) })),
    authors: AUTHORS.filter((a) => a.sections.includes(bank.slug)).map((a) => a.key),
  }));
  return prepared;
}

// ---------------------------------------------------------------------------------------------
// One story.

type Rendered = { k: 'p' | 'h2' | 'quote'; t: P } | { k: 'ul'; items: readonly P[] };

interface StoryState {
  /** Recently used scenario ids per section, so neighbours in the feed do not repeat. */
  readonly recent: Map<string, string[]>;
  readonly totalWeight: number;
}

function pickSection(r: Rng, sections: readonly PreparedSection[], totalWeight: number): PreparedSection {
  let x = r.next() * totalWeight;
  for (const s of sections) {
    x -= s.bank.weight;
    if (x < 0) return s;
  }
  return sections[sections.length - 1]!;
}

function pickScenario(r: Rng, sec: PreparedSection, month: number, recent: string[]): PreparedScenario {
  const eligible = sec.scenarios.filter((p) => !p.s.months || p.s.months.includes(month));
  const fresh = eligible.filter((p) => !recent.includes(p.s.id));
  const chosen = r.pick(fresh.length > 0 ? fresh : eligible);
  recent.push(chosen.s.id);
  if (recent.length > Math.min(4, eligible.length - 1)) recent.shift();
  return chosen;
}

/**
 * The scenario's blocks (optional ones by chance), then context paragraphs from the section,
 * perhaps under a subheading and with an expert's quotation, until the body has its target
 * number of <p> elements (quotations count: they are paragraphs inside <blockquote>).
 */
function assembleBody(r: Rng, sec: PreparedSection, sc: PreparedScenario): Rendered[] {
  const out: Rendered[] = [];
  let paragraphs = 0;
  for (const b of sc.s.body as readonly Block[]) {
    if (b.p !== undefined && !r.chance(b.p)) continue;
    if (b.k === 'ul') {
      out.push({ k: 'ul', items: b.items });
    } else {
      out.push({ k: b.k, t: r.pick(alternatives(b.t)) });
      if (b.k !== 'h2') paragraphs++;
    }
  }
  // Mostly the scenario's own text, topped up with one to three context paragraphs, 6–10 in all.
  const target = Math.min(10, Math.max(6, paragraphs + r.int(1, 3)));
  const closer = r.chance(0.35) ? r.pick(CLOSERS) : undefined;
  const need = target - paragraphs - (closer ? 1 : 0);
  if (need > 0) {
    if (!out.some((b) => b.k === 'h2') && r.chance(0.45)) out.push({ k: 'h2', t: r.pick(CONTEXT_HEADINGS) });
    const hasQuote = out.some((b) => b.k === 'quote');
    // The section's stock quotation introduces the base expert, so only when the scenario has not.
    const withQuote =
      need >= 2 && !sc.used.has('expert') && sec.bank.quotes.length > 0 && r.chance(hasQuote ? 0.3 : 0.8);
    const quoteAt = withQuote ? r.int(1, need - 1) : -1;
    const pool = r.shuffle([...sec.bank.fillers]);
    const spare = r.shuffle([...GLOBAL_FILLERS]);
    for (let k = 0; k < need; k++) {
      if (k === quoteAt) {
        out.push({ k: 'quote', t: r.pick(sec.bank.quotes) });
        continue;
      }
      const f = pool.pop() ?? spare.pop();
      if (!f) break;
      out.push({ k: 'p', t: f });
    }
  }
  if (closer) out.push({ k: 'p', t: closer });
  return out;
}

function tagKeys(r: Rng, sc: PreparedScenario, slots: Slots): TagKey[] {
  const keys: TagKey[] = [];
  const add = (k: string | undefined) => {
    if (k !== undefined && isTagKey(k) && !keys.includes(k)) keys.push(k);
  };
  for (const k of sc.s.tags) add(k);
  for (const name of sc.used) {
    const v = slots[name];
    if (typeof v === 'object') add(v.tag);
  }
  return keys.slice(0, Math.max(2, r.int(2, 4)));
}

function renderBlock(b: Rendered, slots: Slots, lang: Lang): string {
  const li = lang === 'uk' ? 0 : 1;
  switch (b.k) {
    case 'p':
      return `<p>${render(b.t[li], slots, lang, true)}</p>`;
    case 'h2':
      return `<h2>${render(b.t[li], slots, lang, true)}</h2>`;
    case 'quote':
      return `<blockquote><p>${render(b.t[li], slots, lang, true)}</p></blockquote>`;
    case 'ul':
      return `<ul>${b.items.map((i) => `<li>${render(i[li], slots, lang, true)}</li>`).join('')}</ul>`;
  }
}

/** Inner «» become „“ when a headline is quoted inside another sentence. */
function nested(s: string): string {
  return s.replace(/«/g, '„').replace(/»/g, '“');
}

function sourceOf(title: Title, slots: Slots, lang: Lang): string | null {
  if (!title.src) return null;
  if (title.src === 'outlet') return render('{outlet}', slots, lang, false);
  return SOURCES[title.src][lang === 'uk' ? 0 : 1];
}

function buildStory(
  index: number,
  publishedAt: number,
  r: Rng,
  state: StoryState,
  siteName: string,
): DemoStory {
  const sections = prepare();
  const month = kyivMonth(publishedAt);
  const ctx: StoryContext = { month };
  const sec = pickSection(r, sections, state.totalWeight);
  let recent = state.recent.get(sec.bank.slug);
  if (!recent) {
    recent = [];
    state.recent.set(sec.bank.slug, recent);
  }
  const sc = pickScenario(r, sec, month, recent);
  const slots = sec.bank.base(r, ctx);
  if (sc.s.slots) Object.assign(slots, sc.s.slots(r, slots, ctx));
  slots.section = sec.term;

  const x = r.next();
  const langs: Lang[] =
    x < RU_ONLY_SHARE
      ? ['ru']
      : x < RU_ONLY_SHARE + (1 - RU_ONLY_SHARE) * TRANSLATED_SHARE
        ? ['uk', 'ru']
        : ['uk'];
  const title = r.pick(sc.s.titles);
  const lead = r.pick(sc.s.leads);
  const blocks = assembleBody(r, sec, sc);
  const tags = tagKeys(r, sc, slots);
  const imageKey = r.pick(sec.bank.imageKeys);
  const authorKey = sec.authors.length > 0 && r.chance(0.85) ? r.pick(sec.authors) : r.pick(AUTHORS).key;

  const versions = langs.map((lang): DemoStoryVersion => {
    const li = lang === 'uk' ? 0 : 1;
    const headline = render(title.t[li], slots, lang, false);
    return {
      language: lang,
      title: headline,
      source: sourceOf(title, slots, lang),
      lead: render(lead[li], slots, lang, false),
      bodyHtml: blocks.map((b) => renderBlock(b, slots, lang)).join('\n'),
      tags: tags.map((k) => TAGS[k][li]),
      imageAlt:
        lang === 'uk'
          ? `Абстрактна ілюстрація до матеріалу «${nested(headline)}»`
          : `Абстрактная иллюстрация к материалу «${nested(headline)}»`,
      imageCaption:
        lang === 'uk' ? `${headline}. Ілюстративне зображення` : `${headline}. Иллюстративное изображение`,
    };
  });

  return {
    key: `demo-${String(index + 1).padStart(6, '0')}`,
    section: sec.bank.slug,
    authorKey,
    publishedAt,
    pinned: false,
    imageKey,
    imageCredit: `Фото: ${siteName} / ілюстрація`,
    versions,
  };
}

// ---------------------------------------------------------------------------------------------
// Public API.

/**
 * Cheap, streaming variant for scale tests (100 000+ stories): yields stories in publication
 * order, oldest first, without holding them all. Nothing is pinned here.
 */
export function* generateStories(opts: {
  count: number;
  now: number;
  seed?: number;
  spanDays?: number;
  siteName?: string;
}): Generator<DemoStory> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const spanDays = opts.spanDays ?? DEFAULT_SPAN_DAYS;
  const siteName = opts.siteName ?? DEFAULT_SITE_NAME;
  // Times and stories draw from separate streams, so a story does not change with the count.
  const timeRng = createRng(seed ^ 0x5bd1e995);
  const storyRng = createRng(seed);
  const end = opts.now - timeRng.int(2, 7) * MINUTE;
  const sections = prepare();
  const state: StoryState = {
    recent: new Map(),
    totalWeight: sections.reduce((sum, s) => sum + s.bank.weight, 0),
  };
  let i = 0;
  for (const t of schedule(end - spanDays * DAY, end, opts.count, timeRng)) {
    yield buildStory(i++, t, storyRng, state, siteName);
  }
}

export function generateDemoNewsroom(opts: {
  stories?: number;
  now: number;
  seed?: number;
  siteName: string;
}): DemoNewsroom {
  const seed = opts.seed ?? DEFAULT_SEED;
  const stories = [
    ...generateStories({
      count: opts.stories ?? DEFAULT_STORIES,
      now: opts.now,
      seed,
      spanDays: DEFAULT_SPAN_DAYS,
      siteName: opts.siteName,
    }),
  ];

  // 6–8 pinned stories among the last 48 hours, as an editor would pin the day's main news.
  const pinRng = createRng(seed ^ 0x27d4eb2f);
  const recent = stories.filter((s) => s.publishedAt >= opts.now - 48 * HOUR);
  const pinCount = Math.min(recent.length, pinRng.int(6, 8));
  for (const s of pinRng.shuffle(recent).slice(0, pinCount)) s.pinned = true;

  const sections = prepare();
  return {
    authors: AUTHORS.map((a) => ({ key: a.key, slug: a.slug, names: { ...a.names }, bios: { ...a.bios } })),
    sections: sections.map((s, i) => ({
      slug: s.bank.slug,
      names: { uk: s.bank.names[0], ru: s.bank.names[1] },
      position: i + 1,
    })),
    stories,
    pages: buildPages(opts.siteName),
    imageKeys: sections.flatMap((s) => [...s.bank.imageKeys]),
  };
}
