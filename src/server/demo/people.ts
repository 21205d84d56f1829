/**
 * Invented people and real cities, built from demo/common/{names,cast,places}.json.
 * A person is a Term with the forms nom (full name), sur (surname) and role; a city is a Term
 * with the case forms the templates use (nom, gen, in, obl, oblGen, inObl, ova).
 */
import type { z } from 'zod';
import type {
  cast as castSchema,
  Item,
  names as namesSchema,
  places as placesSchema,
} from './data-schema.ts';
import { createRng, hashString, type Rng } from './rng.ts';
import { type Lang, render, type Slots, type Term } from './text.ts';

/** A role in both languages; the feminine forms are used for women when the language has them. */
export interface Role {
  readonly uk: string;
  readonly ukF?: string;
  readonly ru: string;
  readonly ruF?: string;
}

export interface Name {
  readonly uk: string;
  readonly ru: string;
  readonly ukSur: string;
  readonly ruSur: string;
  readonly female: boolean;
}

/** A role from a list item: ["uk", "ru"], a string, or { uk, ukF?, ru, ruF? } with plain texts. */
export function roleOf(x: Item, where: string): Role {
  if (typeof x === 'string') return { uk: x, ru: x };
  if (Array.isArray(x)) return { uk: x[0], ru: x[1] };
  if (typeof x.uk !== 'string' || typeof x.ru !== 'string')
    throw new Error(`${where}: a role needs plain texts`);
  return { uk: x.uk, ru: x.ru, ...(x.ukF ? { ukF: x.ukF } : {}), ...(x.ruF ? { ruF: x.ruF } : {}) };
}

type Surname = readonly [ukM: string, ukF: string, ruM: string, ruF: string];

export interface NameBook {
  random(r: Rng, female: boolean): Name;
}

export function nameBook(data: z.infer<typeof namesSchema>): NameBook {
  // Most Ukrainian surnames do not change with gender; the four-form entries do.
  const surnames: Surname[] = data.surnames.map((s) =>
    typeof s === 'string' ? [s, s, s, s] : s.length === 2 ? [s[0], s[0], s[1], s[1]] : s,
  );
  return {
    random(r, female) {
      const first = r.pick(female ? data.female : data.male);
      const sur = r.pick(surnames);
      const ukSur = female ? sur[1] : sur[0];
      const ruSur = female ? sur[3] : sur[2];
      return { uk: `${first[0]} ${ukSur}`, ru: `${first[1]} ${ruSur}`, ukSur, ruSur, female };
    },
  };
}

/**
 * A person term. Role texts are templates over `slots` ("член комітету {topic.com}"), so a
 * role can name what the story is about; without a role the person has only a name.
 */
export function personOf(name: Name, role: Role | undefined, slots: Slots): Term {
  const text = (s: string, lang: Lang) => (s.includes('{') ? render(s, slots, lang, false) : s);
  const uk: Record<string, string> = { nom: name.uk, sur: name.ukSur };
  const ru: Record<string, string> = { nom: name.ru, sur: name.ruSur };
  if (role) {
    uk.role = text(name.female && role.ukF ? role.ukF : role.uk, 'uk');
    ru.role = text(name.female && role.ruF ? role.ruF : role.ru, 'ru');
  }
  return { uk, ru, female: name.female };
}

/** Officials who recur across stories keep their names, as they would on a real site. */
export function castBook(data: z.infer<typeof castSchema>): ReadonlyMap<string, readonly Term[]> {
  const out = new Map<string, readonly Term[]>();
  for (const [key, v] of Object.entries(data)) {
    const list = Array.isArray(v) ? v : [v];
    out.set(
      key,
      list.map((p) => {
        const name: Name = {
          uk: p.uk,
          ru: p.ru,
          ukSur: p.uk.split(' ').at(-1)!,
          ruSur: p.ru.split(' ').at(-1)!,
          female: p.female,
        };
        return personOf(name, roleOf(p.role, `cast ${key}`), {});
      }),
    );
  }
  return out;
}

export interface City {
  readonly key: string;
  readonly term: Term;
}

export interface PlaceBook {
  city(key: string): City;
  /** Cities of a pool with their weights. */
  pool(name: string): readonly (readonly [City, number])[] | undefined;
  /** The officials of a city, stable for the city: slot name → person. */
  officials(city: City): Readonly<Record<string, Term>>;
  readonly officialNames: readonly string[];
}

/** Ukrainian euphony: "в" before a vowel ("в Одеській"), "у" before a consonant. */
function ukIn(stem: string): string {
  return /^[АЕЄИІЇОУЮЯ]/.test(stem) ? 'в' : 'у';
}

export function placeBook(data: z.infer<typeof placesSchema>, names: NameBook): PlaceBook {
  const cities = new Map<string, City>();
  for (const [key, c] of Object.entries(data.cities)) {
    const { uk, ru } = c;
    cities.set(key, {
      key,
      term: {
        uk: {
          nom: uk.nom,
          gen: uk.gen,
          in: uk.in,
          obl: `${uk.region}а область`,
          oblGen: `${uk.region}ої області`,
          inObl: `${ukIn(uk.region)} ${uk.region}ій області`,
          ova: `${uk.region}ої ОВА`,
        },
        ru: {
          nom: ru.nom,
          gen: ru.gen,
          in: ru.in,
          obl: `${ru.region}ая область`,
          oblGen: `${ru.region}ой области`,
          inObl: `в ${ru.region}ой области`,
          ova: `${ru.region}ой ОВА`,
        },
        tag: c.tag,
      },
    });
  }
  const city = (key: string): City => {
    const c = cities.get(key);
    if (!c) throw new Error(`no city "${key}" in places.json`);
    return c;
  };
  const pools = new Map<string, readonly (readonly [City, number])[]>();
  for (const [name, p] of Object.entries(data.pools)) {
    const entries = Array.isArray(p) ? p.map((k) => [k, 1] as const) : Object.entries(p);
    pools.set(
      name,
      entries.map(([k, w]) => [city(k), w] as const),
    );
  }
  const officials = Object.entries(data.officials).map(
    ([slot, o]) => [slot, roleOf(o.role, `official ${slot}`), o.female] as const,
  );
  const people = new Map<string, Readonly<Record<string, Term>>>();
  return {
    city,
    pool: (name) => pools.get(name),
    officialNames: officials.map(([slot]) => slot),
    officials(c) {
      let got = people.get(c.key);
      if (!got) {
        const record: Record<string, Term> = {};
        for (const [slot, role, female] of officials) {
          // Seeded by the city, not the story: the same people speak for a city every time.
          const r = createRng(hashString(`${slot}:${c.key}`));
          record[slot] = personOf(names.random(r, r.chance(female)), role, { place: c.term });
        }
        got = record;
        people.set(c.key, got);
      }
      return got;
    },
  };
}
