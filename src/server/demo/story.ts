/**
 * One demo story: a section, a scenario and slot values chosen once, then every language
 * rendered from those same choices, so the Russian version is a translation of the Ukrainian.
 */
import type { Bank, Block, PreparedScenario, PreparedSection, Title } from './bank.ts';
import { hashString, type Rng } from './rng.ts';
import { runSlots } from './slots.ts';
import { type Lang, type P, render, type Slots } from './text.ts';

/** A story before it gets its key, time and views; `scenario` is kept for the polls. */
export interface ComposedStory {
  readonly section: string;
  readonly scenario: PreparedScenario;
  readonly authorKey: string;
  readonly imageKey: string;
  readonly versions: readonly ComposedVersion[];
}

export interface ComposedVersion {
  readonly language: Lang;
  readonly title: string;
  readonly source: string | null;
  readonly lead: string;
  readonly bodyHtml: string;
  readonly tags: string[];
  readonly imageAlt: string;
  readonly imageCaption: string;
}

/** What the generator remembers between stories. */
export interface StoryState {
  /** Recently used scenario ids per section, so neighbours in the feed do not repeat. */
  readonly recent: Map<string, string[]>;
  /**
   * Hashes of the headlines used so far, per language ("uk:…"). A hash collision only costs
   * a re-draw, never a repeated headline; 32-bit numbers keep 100 000 stories cheap to hold.
   */
  readonly headlines: Set<number>;
}

/** Share of stories published only in Russian, and of Ukrainian stories also translated. */
const RU_ONLY_SHARE = 0.05;
const TRANSLATED_SHARE = 0.5;
/** Body length in <p> elements (quotations count: they are paragraphs inside <blockquote>). */
const MIN_PARAGRAPHS = 8;
const MAX_PARAGRAPHS = 10;
/** Draws of one scenario before trying another, and of all before accepting a repeat. */
const TRIES_PER_SCENARIO = 4;
const MAX_TRIES = 64;

type Rendered = { k: 'p' | 'h2' | 'quote'; t: P } | { k: 'ul'; items: readonly P[] };

function pickSection(r: Rng, sections: readonly PreparedSection[]): PreparedSection {
  let total = 0;
  for (const s of sections) total += s.weight;
  let x = r.next() * total;
  for (const s of sections) {
    x -= s.weight;
    if (x < 0) return s;
  }
  return sections[sections.length - 1]!;
}

function eligible(sec: PreparedSection, month: number): readonly PreparedScenario[] {
  return sec.scenarios.filter((s) => !s.months || s.months.includes(month));
}

function pickScenario(
  r: Rng,
  pool: readonly PreparedScenario[],
  recent: readonly string[],
): PreparedScenario {
  const fresh = pool.filter((s) => !recent.includes(s.id));
  return r.pick(fresh.length > 0 ? fresh : pool);
}

/**
 * The scenario's blocks (optional ones by chance), then context paragraphs from the section,
 * perhaps under a subheading and with an expert's quotation, until the body has 8–10 <p>.
 */
function assembleBody(r: Rng, bank: Bank, sec: PreparedSection, sc: PreparedScenario): Rendered[] {
  const out: Rendered[] = [];
  let paragraphs = 0;
  for (const b of sc.body as readonly Block[]) {
    if (b.chance !== undefined && !r.chance(b.chance)) continue;
    if (paragraphs >= MAX_PARAGRAPHS && b.k !== 'ul' && b.k !== 'h2') continue;
    if (b.k === 'ul') {
      out.push({ k: 'ul', items: b.items });
    } else {
      out.push({ k: b.k, t: r.pick(b.alts) });
      if (b.k !== 'h2') paragraphs++;
    }
  }
  const { common } = bank.data;
  const target = Math.min(MAX_PARAGRAPHS, Math.max(MIN_PARAGRAPHS, paragraphs + r.int(1, 3)));
  const closer =
    paragraphs < target && common.closers.length > 0 && r.chance(0.35) ? r.pick(common.closers) : undefined;
  const need = target - paragraphs - (closer ? 1 : 0);
  if (need > 0) {
    if (!out.some((b) => b.k === 'h2') && r.chance(0.45))
      out.push({ k: 'h2', t: r.pick(common.contextHeadings) });
    const hasQuote = out.some((b) => b.k === 'quote');
    // The section's stock quotation introduces the base expert, so only when the scenario has not.
    const withQuote =
      need >= 2 && !sc.used.has('expert') && sec.quotes.length > 0 && r.chance(hasQuote ? 0.3 : 0.8);
    const quoteAt = withQuote ? r.int(1, need - 1) : -1;
    const pool = r.shuffle([...sec.fillers]);
    const spare = r.shuffle([...common.fillers]);
    for (let k = 0; k < need; k++) {
      if (k === quoteAt) {
        out.push({ k: 'quote', t: r.pick(sec.quotes) });
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

function tagKeys(r: Rng, bank: Bank, sc: PreparedScenario, slots: Slots): string[] {
  const keys: string[] = [];
  const add = (k: string | undefined) => {
    if (k !== undefined && Object.hasOwn(bank.tags, k) && !keys.includes(k)) keys.push(k);
  };
  for (const k of sc.tags) add(k);
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

function sourceOf(bank: Bank, title: Title, slots: Slots, lang: Lang): string | null {
  if (!title.src) return null;
  if (title.src === 'outlet') return render('{outlet}', slots, lang, false);
  return bank.data.common.sources[title.src][lang === 'uk' ? 0 : 1];
}

interface Draft {
  readonly sec: PreparedSection;
  readonly sc: PreparedScenario;
  readonly slots: Slots;
  readonly title: Title;
  readonly headlines: readonly [uk: string, ru: string];
  /** Neither headline has been used yet. */
  readonly fresh: boolean;
}

const headlineKeys = (h: readonly [string, string]) => [hashString(`uk:${h[0]}`), hashString(`ru:${h[1]}`)];

/**
 * Fills the slots and renders a headline. Titles are tried from a random one onwards, so the
 * same slots can still give a new headline before anything is drawn again.
 */
function draft(
  r: Rng,
  sec: PreparedSection,
  sc: PreparedScenario,
  month: number,
  used: ReadonlySet<number>,
): Draft {
  const run = { rng: r, month, slots: { section: sec.term } as Slots, meta: new Map() };
  runSlots(sec.base, run);
  runSlots(sc.program, run);
  const first = r.int(0, sc.titles.length - 1);
  let fresh = false;
  let title = sc.titles[first]!;
  let headlines: readonly [string, string] = ['', ''];
  for (let k = 0; k < sc.titles.length && !fresh; k++) {
    title = sc.titles[(first + k) % sc.titles.length]!;
    headlines = [render(title.t[0], run.slots, 'uk', false), render(title.t[1], run.slots, 'ru', false)];
    fresh = !headlineKeys(headlines).some((h) => used.has(h));
  }
  return { sec, sc, slots: run.slots, title, headlines, fresh };
}

/**
 * Draws until both headlines are new: the same scenario a few times (other numbers, places,
 * people), then other scenarios of the section, then other sections. Past MAX_TRIES (only
 * when far more stories are asked for than the banks can tell apart) a repeat is accepted.
 */
function unique(r: Rng, bank: Bank, state: StoryState, month: number): Draft {
  let sec = pickSection(r, bank.sections);
  let pool = eligible(sec, month);
  let recent = state.recent.get(sec.slug) ?? [];
  let sc = pickScenario(r, pool, recent);
  let d = draft(r, sec, sc, month, state.headlines);
  for (let tries = 1; tries < MAX_TRIES && !d.fresh; tries++) {
    if (tries % TRIES_PER_SCENARIO === 0) {
      pool = pool.filter((s) => s !== sc);
      if (pool.length === 0) {
        sec = pickSection(r, bank.sections);
        pool = eligible(sec, month);
        recent = state.recent.get(sec.slug) ?? [];
      }
      sc = pickScenario(r, pool, recent);
    }
    d = draft(r, sec, sc, month, state.headlines);
  }
  for (const h of headlineKeys(d.headlines)) state.headlines.add(h);
  const list = state.recent.get(d.sec.slug) ?? [];
  state.recent.set(d.sec.slug, list);
  list.push(d.sc.id);
  if (list.length > Math.min(4, eligible(d.sec, month).length - 1)) list.shift();
  return d;
}

export function composeStory(r: Rng, bank: Bank, state: StoryState, month: number): ComposedStory {
  const { sec, sc, slots, title, headlines } = unique(r, bank, state, month);
  const x = r.next();
  const langs: Lang[] =
    x < RU_ONLY_SHARE
      ? ['ru']
      : x < RU_ONLY_SHARE + (1 - RU_ONLY_SHARE) * TRANSLATED_SHARE
        ? ['uk', 'ru']
        : ['uk'];
  const lead = r.pick(sc.leads);
  const blocks = assembleBody(r, bank, sec, sc);
  const tags = tagKeys(r, bank, sc, slots);
  const imageKey = r.pick(sec.imageKeys);
  const authors = bank.data.authors;
  const authorKey = sec.authors.length > 0 && r.chance(0.85) ? r.pick(sec.authors) : r.pick(authors).key;
  const image = bank.data.common.image;

  const versions = langs.map((lang): ComposedVersion => {
    const li = lang === 'uk' ? 0 : 1;
    const headline = headlines[li];
    return {
      language: lang,
      title: headline,
      source: sourceOf(bank, title, slots, lang),
      lead: render(lead[li], slots, lang, false),
      bodyHtml: blocks.map((b) => renderBlock(b, slots, lang)).join('\n'),
      tags: tags.map((k) => bank.tags[k]![li]),
      imageAlt: render(image.alt[li], { headline: nested(headline) }, lang, false),
      imageCaption: render(image.caption[li], { headline }, lang, false),
    };
  });
  return { section: sec.slug, scenario: sc, authorKey, imageKey, versions };
}
