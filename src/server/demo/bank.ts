/**
 * The demo data made ready for generating: slot programs compiled, every template checked
 * against the slots that will exist when it is rendered, every tag and source known. Done once
 * per process, on first use, so a mistake in demo/ fails before the first story.
 */
import { type DemoData, loadDemoData } from './data.ts';
import type { Block as BlockData, Pair, SourceKey } from './data-schema.ts';
import { castBook, nameBook, placeBook } from './people.ts';
import { compileSlots, type PreparedItem, prepareItem, type SlotEnv, type SlotProgram } from './slots.ts';
import { type P, slotNames, type Term } from './text.ts';

export interface Title {
  readonly t: P;
  readonly src: SourceKey | undefined;
}

export type Block =
  | { readonly k: 'p' | 'h2' | 'quote'; readonly alts: readonly P[]; readonly chance: number | undefined }
  | { readonly k: 'ul'; readonly items: readonly P[]; readonly chance: number | undefined };

export interface PollData {
  readonly question: Pair;
  readonly options: readonly { readonly label: Pair; readonly share: number }[];
  readonly ballots: readonly [number, number];
}

export interface PreparedScenario {
  readonly id: string;
  readonly tags: readonly string[];
  readonly months: readonly number[] | undefined;
  readonly program: SlotProgram;
  readonly titles: readonly Title[];
  readonly leads: readonly P[];
  readonly body: readonly Block[];
  /** Slot names used anywhere in the scenario's templates. */
  readonly used: ReadonlySet<string>;
  readonly poll: PollData | undefined;
}

export interface PreparedSection {
  readonly slug: string;
  readonly names: P;
  readonly term: Term;
  readonly weight: number;
  readonly imageKeys: readonly string[];
  readonly base: SlotProgram;
  readonly scenarios: readonly PreparedScenario[];
  readonly fillers: readonly P[];
  readonly quotes: readonly P[];
  /** Authors who usually cover the section. */
  readonly authors: readonly string[];
}

export interface Bank {
  readonly data: DemoData;
  readonly sections: readonly PreparedSection[];
  readonly tags: Readonly<Record<string, P>>;
}

const ALL_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;

function templatesOf(titles: readonly Title[], leads: readonly P[], body: readonly Block[]): string[] {
  const out: string[] = [];
  for (const t of titles) out.push(...t.t);
  for (const l of leads) out.push(...l);
  for (const b of body) for (const p of b.k === 'ul' ? b.items : b.alts) out.push(...p);
  return out;
}

function normaliseBlock(b: BlockData): Block {
  const alts = (x: Pair | Pair[]): readonly P[] => (typeof x[0] === 'string' ? [x as Pair] : (x as Pair[]));
  if ('ul' in b) return { k: 'ul', items: b.ul, chance: b.chance };
  if ('p' in b) return { k: 'p', alts: alts(b.p), chance: b.chance };
  if ('quote' in b) return { k: 'quote', alts: alts(b.quote), chance: b.chance };
  return { k: 'h2', alts: alts(b.h2), chance: b.chance };
}

function checkTemplates(templates: readonly string[], known: ReadonlySet<string>, where: string): void {
  for (const tpl of templates) {
    for (const n of slotNames(tpl)) {
      if (!known.has(n))
        throw new Error(`demo data: ${where}: "${tpl.slice(0, 80)}" uses {${n}}, no such slot`);
    }
  }
}

export function buildBank(data: DemoData): Bank {
  const { common } = data;
  const names = nameBook(data.names);
  const places = placeBook(data.places, names);
  const cast = castBook(data.cast);
  const commonLists = new Map(Object.entries(common.lists).map(([k, v]) => [k, v.map(prepareItem)]));
  const tags = common.tags;
  const checkTag = (tag: string | undefined, where: string) => {
    if (tag !== undefined && !Object.hasOwn(tags, tag))
      throw new Error(`demo data: ${where}: unknown tag "${tag}"`);
  };
  for (const [k, c] of Object.entries(data.places.cities)) checkTag(c.tag, `city ${k}`);
  for (const [k, list] of commonLists) for (const it of list) checkTag(it.term.tag, `list ${k}`);
  checkTemplates([...common.fillers, ...common.closers].flat(), new Set(['section']), 'common fillers');

  const storyPolls = new Map(data.polls.stories.map((p) => [p.scenario, p]));
  const seen = new Set<string>();
  const sections = data.sections.map(({ section: s, scenarios }): PreparedSection => {
    const lists = new Map<string, readonly PreparedItem[]>(
      Object.entries(s.lists).map(([k, v]) => [k, v.map(prepareItem)]),
    );
    for (const [k, list] of lists) for (const it of list) checkTag(it.term.tag, `${s.slug} list ${k}`);
    const env: SlotEnv = {
      list: (n) => lists.get(n) ?? commonLists.get(n),
      cast: (n) => cast.get(n),
      places,
      names,
    };
    const baseKnown = new Set(['section']);
    const base = compileSlots(s.base, env, `${s.slug} base`, baseKnown, ALL_MONTHS);
    checkTemplates([...s.fillers, ...s.quotes].flat(), baseKnown, `${s.slug} fillers and quotes`);

    return {
      slug: s.slug,
      names: s.names,
      term: { uk: s.names[0], ru: s.names[1] },
      weight: s.weight,
      imageKeys: Array.from({ length: s.images }, (_, i) => `${s.slug}-${i + 1}`),
      base,
      fillers: s.fillers,
      quotes: s.quotes,
      authors: data.authors.filter((a) => a.sections.includes(s.slug)).map((a) => a.key),
      scenarios: scenarios.map((sc): PreparedScenario => {
        const where = `${s.slug}/${sc.id}`;
        if (seen.has(sc.id)) throw new Error(`demo data: scenario id "${sc.id}" is used twice`);
        seen.add(sc.id);
        for (const t of sc.tags) checkTag(t, where);
        const known = new Set(baseKnown);
        const program = compileSlots(sc.slots ?? {}, env, where, known, sc.months ?? ALL_MONTHS);
        const titles = sc.titles.map((t): Title => (Array.isArray(t) ? { t, src: undefined } : t));
        const body = sc.body.map(normaliseBlock);
        const templates = templatesOf(titles, sc.leads, body);
        checkTemplates(templates, known, where);
        const poll = storyPolls.get(sc.id);
        storyPolls.delete(sc.id);
        return {
          id: sc.id,
          tags: sc.tags,
          months: sc.months,
          program,
          titles,
          leads: sc.leads,
          body,
          used: new Set(templates.flatMap(slotNames)),
          poll,
        };
      }),
    };
  });
  if (storyPolls.size > 0)
    throw new Error(`demo data: polls for unknown scenarios: ${[...storyPolls.keys()]}`);
  for (const a of data.authors) {
    for (const slug of a.sections) {
      if (!sections.some((s) => s.slug === slug))
        throw new Error(`demo data: author ${a.key}: no section ${slug}`);
    }
  }
  return { data, sections, tags };
}

let bank: Bank | undefined;

/** The repository's demo bank, built on first use. */
export function getBank(): Bank {
  bank ??= buildBank(loadDemoData());
  return bank;
}
