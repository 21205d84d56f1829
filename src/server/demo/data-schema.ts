/**
 * The shape of the demo data files under demo/ (described for writers in demo/README.md).
 * Everything read from there passes through these schemas before the generator sees it.
 */
import { z } from 'zod';

/** A Ukrainian text and its Russian translation. */
export const pair = z.tuple([z.string().min(1), z.string().min(1)]);
export type Pair = z.infer<typeof pair>;

/** Case forms of a word in one language: { "nom": "Київ", "in": "у Києві" }. */
const forms = z.record(z.string().regex(/^\w+$/), z.string().min(1));
const text = z.union([z.string().min(1), forms]);
const month = z.number().int().min(1).max(12);
const months = z.array(month).min(1);

/**
 * An entry of a named list: a word with its forms, a role, a club... Shorthands: a plain
 * string (the same in both languages) or ["uk", "ru"].
 */
const itemObject = z
  .object({
    uk: text,
    ru: text,
    /** Feminine forms of a role ("економістка"), used for women. */
    ukF: z.string().min(1).optional(),
    ruF: z.string().min(1).optional(),
    female: z.boolean().optional(),
    /** Tag key a story earns when its text uses the slot holding this item. */
    tag: z.string().optional(),
    /** Identifies the item for `except`. */
    key: z.string().optional(),
    /** Relative chance of being picked (1 when absent). */
    weight: z.number().positive().optional(),
    /** Only picked in these months (Kyiv time). */
    months: months.optional(),
    /** Numbers other slots may read as `slot.name`. */
    num: z.record(z.string(), z.number()).optional(),
    /** Key of a city in places.json (a club's home town). */
    place: z.string().optional(),
  })
  .strict();
export const item = z.union([z.string().min(1), pair, itemObject]);
export type Item = z.infer<typeof item>;
export type ItemObject = z.infer<typeof itemObject>;

const listRef = z.union([z.string().min(1), z.array(item).min(1)]);

/** One slot definition; see demo/README.md for what each form does. */
export type SlotSpec =
  | string
  | number
  | { pick: string | Item[]; except?: string[] }
  | { sample: string | Item[]; count: number }
  | { person: string | Item | Item[] | null; female?: number }
  | { cast: string }
  | { place: string | string[]; except?: string[] }
  | { placeOf: string }
  | { text: Pair }
  | { branch: Record<string, { weight?: number; months?: number[]; slots: SlotMap }> };
export type SlotMap = { [name: string]: SlotSpec };

export const slotSpec: z.ZodType<SlotSpec> = z.lazy(() =>
  z.union([
    z.string().min(1),
    z.number(),
    z.object({ pick: listRef, except: z.array(z.string()).optional() }).strict(),
    z.object({ sample: listRef, count: z.number().int().min(1) }).strict(),
    z
      .object({
        person: z.union([z.string().min(1), item, z.array(item).min(1), z.null()]),
        female: z.number().min(0).max(1).optional(),
      })
      .strict(),
    z.object({ cast: z.string().min(1) }).strict(),
    z
      .object({
        place: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
        except: z.array(z.string()).optional(),
      })
      .strict(),
    z.object({ placeOf: z.string().min(1) }).strict(),
    z.object({ text: pair }).strict(),
    z
      .object({
        branch: z.record(
          z.string(),
          z
            .object({ weight: z.number().positive().optional(), months: months.optional(), slots: slotMap })
            .strict(),
        ),
      })
      .strict(),
  ]),
);
export const slotMap: z.ZodType<SlotMap> = z.lazy(() =>
  z.record(z.string().regex(/^[A-Za-z_]\w*$/, 'slot names are letters, digits and _'), slotSpec),
);

/** A template, or alternatives of which one is chosen per story (the same one in both languages). */
const alt = z.union([pair, z.array(pair).min(1)]);
const chance = z.number().gt(0).lt(1).optional();
export const block = z.union([
  z.object({ p: alt, chance }).strict(),
  z.object({ quote: alt, chance }).strict(),
  z.object({ h2: alt, chance }).strict(),
  z.object({ ul: z.array(pair).min(1), chance }).strict(),
]);
export type Block = z.infer<typeof block>;

export const SOURCE_KEYS = ['media', 'sources', 'analysts', 'sociologists', 'forecasters', 'outlet'] as const;
export type SourceKey = (typeof SOURCE_KEYS)[number];

/** A headline; `src` says where its claim comes from ("… — ЗМІ"). */
const title = z.union([pair, z.object({ t: pair, src: z.enum(SOURCE_KEYS) }).strict()]);

export const scenario = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    tags: z.array(z.string()),
    months: months.optional(),
    slots: slotMap.optional(),
    titles: z.array(title).min(1),
    leads: z.array(pair).min(1),
    body: z.array(block).min(1),
  })
  .strict();
export type ScenarioData = z.infer<typeof scenario>;

export const section = z
  .object({
    slug: z.string().regex(/^[a-z]+$/),
    names: pair,
    /** Relative share of the story flow. */
    weight: z.number().positive(),
    /** How many illustrations the section has: keys "<slug>-1" … "<slug>-<images>". */
    images: z.number().int().min(1).max(20),
    lists: z.record(z.string(), z.array(item).min(1)).default({}),
    base: slotMap,
    /** Context paragraphs that fit any story of the section; they may only use base slots. */
    fillers: z.array(pair).min(1),
    /** Quotations from the base `expert`, used when the scenario has not quoted one. */
    quotes: z.array(pair),
  })
  .strict();
export type SectionData = z.infer<typeof section>;

export const scenarios = z.array(scenario).min(1);

const cityForms = z.object({ nom: z.string(), gen: z.string(), in: z.string(), region: z.string() }).strict();
const role = z.union([pair, itemObject]);

export const places = z
  .object({
    cities: z.record(z.string(), z.object({ uk: cityForms, ru: cityForms, tag: z.string() }).strict()),
    pools: z.record(z.string(), z.union([z.array(z.string()), z.record(z.string(), z.number().positive())])),
    /** Officials every city has; their role texts may use {place.…}. */
    officials: z.record(z.string(), z.object({ role, female: z.number().min(0).max(1) }).strict()),
  })
  .strict();

const surname = z.union([
  z.string(),
  z.tuple([z.string(), z.string()]),
  z.tuple([z.string(), z.string(), z.string(), z.string()]),
]);
export const names = z.object({ male: z.array(pair), female: z.array(pair), surnames: z.array(surname) });

const castPerson = z.object({ uk: z.string(), ru: z.string(), female: z.boolean(), role }).strict();
export const cast = z.record(z.string(), z.union([castPerson, z.array(castPerson).min(1)]));
export type CastPerson = z.infer<typeof castPerson>;

export const common = z
  .object({
    tags: z.record(z.string(), pair),
    sources: z.record(z.enum(SOURCE_KEYS).exclude(['outlet']), pair),
    lists: z.record(z.string(), z.array(item).min(1)),
    /** Used when a section's own context paragraphs run out; `{section}` is the section's name. */
    fillers: z.array(pair).min(1),
    /** An optional last paragraph. */
    closers: z.array(pair),
    /** Subheadings placed before the context paragraphs. */
    contextHeadings: z.array(pair).min(1),
    /** Templates over {headline} and {site}. */
    image: z.object({ alt: pair, caption: pair, credit: z.string() }).strict(),
  })
  .strict();

export const authors = z.array(
  z
    .object({
      key: z.string().regex(/^[a-z0-9-]+$/),
      slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
      names: z.object({ uk: z.string(), ru: z.string() }),
      bios: z.object({ uk: z.string(), ru: z.string() }),
      sections: z.array(z.string()),
    })
    .strict(),
);

const pollOption = z.object({ label: pair, share: z.number().positive() }).strict();
export const polls = z
  .object({
    /** Site-wide polls: one per language is made from each. */
    sitewide: z.array(
      z
        .object({
          key: z.string().regex(/^[a-z0-9-]+$/),
          question: pair,
          options: z.array(pollOption).min(3).max(5),
          ballots: z.tuple([z.number().int().positive(), z.number().int().positive()]),
        })
        .strict(),
    ),
    /** Polls that go under a story of the given scenario. */
    stories: z.array(
      z
        .object({
          scenario: z.string(),
          question: pair,
          options: z.array(pollOption).min(2).max(5),
          ballots: z.tuple([z.number().int().positive(), z.number().int().positive()]),
        })
        .strict(),
    ),
  })
  .strict();

export const pageIndex = z.array(
  z.object({ key: z.string().regex(/^[a-z0-9-]+$/), slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/) }),
);
export const sectionIndex = z.array(z.string().regex(/^[a-z]+$/)).min(1);
