/**
 * The declarative slot language of demo/ (documented in demo/README.md). A slot map is compiled
 * once into steps; running the steps for a story fills its slots in the order they are written,
 * so a slot may use any slot above it (and the section's base slots, which run first).
 */
import type { Item, SlotMap, SlotSpec } from './data-schema.ts';
import { compileExpr } from './expr.ts';
import { type City, type NameBook, type PlaceBook, personOf, type Role, roleOf } from './people.ts';
import type { Rng } from './rng.ts';
import { render, type Slots, slotNames, type Term } from './text.ts';

/** What the story's items carry besides their text: numbers, a key, a home city. */
interface ItemMeta {
  readonly key?: string;
  readonly num?: Readonly<Record<string, number>>;
  readonly place?: string;
}

export interface PreparedItem {
  readonly term: Term;
  readonly weight: number;
  readonly months: readonly number[] | undefined;
  readonly meta: ItemMeta;
  readonly source: Item;
}

/** The state of one story while its slots are filled. */
export interface SlotRun {
  readonly rng: Rng;
  /** Kyiv-local month of publication, 1–12. */
  readonly month: number;
  readonly slots: Slots;
  readonly meta: Map<string, ItemMeta>;
}

type Step = (run: SlotRun) => void;
export type SlotProgram = readonly Step[];

/** Where named things come from while compiling. */
export interface SlotEnv {
  list(name: string): readonly PreparedItem[] | undefined;
  cast(name: string): readonly Term[] | undefined;
  readonly places: PlaceBook;
  readonly names: NameBook;
}

export function prepareItem(x: Item): PreparedItem {
  if (typeof x === 'string')
    return { term: { uk: x, ru: x }, weight: 1, months: undefined, meta: {}, source: x };
  if (Array.isArray(x))
    return { term: { uk: x[0], ru: x[1] }, weight: 1, months: undefined, meta: {}, source: x };
  const term: Term = {
    uk: x.uk,
    ru: x.ru,
    ...(x.female !== undefined ? { female: x.female } : {}),
    ...(x.tag !== undefined ? { tag: x.tag } : {}),
  };
  const meta: ItemMeta = {
    ...(x.key !== undefined ? { key: x.key } : {}),
    ...(x.num !== undefined ? { num: x.num } : {}),
    ...(x.place !== undefined ? { place: x.place } : {}),
  };
  return { term, weight: x.weight ?? 1, months: x.months, meta, source: x };
}

function pickWeighted<T extends { readonly weight: number }>(r: Rng, items: readonly T[]): T {
  let total = 0;
  for (const it of items) total += it.weight;
  let x = r.next() * total;
  for (const it of items) {
    x -= it.weight;
    if (x < 0) return it;
  }
  return items[items.length - 1]!;
}

const inMonth = (months: readonly number[] | undefined, m: number) => !months || months.includes(m);

/** Compile-time facts: the story's possible months, and slot names already defined. */
interface Scope {
  readonly where: string;
  readonly months: readonly number[];
  readonly known: Set<string>;
}

function checkTemplate(tpl: string, scope: Scope, what: string): void {
  for (const n of slotNames(tpl)) {
    if (!scope.known.has(n)) throw new Error(`${scope.where}: ${what} uses {${n}} before it is defined`);
  }
}

function itemsOf(env: SlotEnv, ref: string | readonly Item[], scope: Scope, except?: readonly string[]) {
  const all = typeof ref === 'string' ? env.list(ref) : ref.map(prepareItem);
  if (!all) throw new Error(`${scope.where}: no list "${ref}"`);
  const items = except ? all.filter((it) => !it.meta.key || !except.includes(it.meta.key)) : all;
  for (const m of scope.months) {
    if (!items.some((it) => inMonth(it.months, m))) {
      throw new Error(`${scope.where}: nothing to pick from ${JSON.stringify(ref)} in month ${m}`);
    }
  }
  return items;
}

function setItem(run: SlotRun, name: string, it: PreparedItem): void {
  run.slots[name] = it.term;
  run.meta.set(name, it.meta);
}

function setCity(run: SlotRun, env: SlotEnv, name: string, c: City): void {
  run.slots[name] = c.term;
  run.meta.set(name, { key: c.key });
  Object.assign(run.slots, env.places.officials(c));
}

function compileSpec(name: string, spec: SlotSpec, env: SlotEnv, scope: Scope): Step {
  const at = `${scope.where}, slot "${name}"`;
  if (typeof spec === 'number') {
    return (run) => {
      run.slots[name] = spec;
    };
  }
  if (typeof spec === 'string') {
    const expr = compileExpr(spec);
    for (const ref of expr.refs) {
      if (!scope.known.has(ref)) throw new Error(`${at}: "${spec}" reads "${ref}" before it is defined`);
    }
    return (run) => {
      run.slots[name] = expr.evaluate({
        rng: run.rng,
        num(slot, field) {
          const v = field === undefined ? run.slots[slot] : run.meta.get(slot)?.num?.[field];
          if (typeof v !== 'number')
            throw new Error(`${at}: "${slot}${field ? `.${field}` : ''}" is no number`);
          return v;
        },
      });
    };
  }
  if ('pick' in spec) {
    const items = itemsOf(env, spec.pick, { ...scope, where: at }, spec.except);
    const plain = items.every((it) => it.weight === 1 && !it.months);
    return (run) =>
      setItem(
        run,
        name,
        plain
          ? run.rng.pick(items)
          : pickWeighted(
              run.rng,
              items.filter((it) => inMonth(it.months, run.month)),
            ),
      );
  }
  if ('sample' in spec) {
    const items = itemsOf(env, spec.sample, { ...scope, where: at });
    if (items.length < spec.count) throw new Error(`${at}: the list has fewer than ${spec.count} items`);
    for (let i = 1; i <= spec.count; i++) scope.known.add(`${name}${i}`);
    return (run) => {
      const fit = run.rng.shuffle(items.filter((it) => inMonth(it.months, run.month)));
      for (let i = 0; i < spec.count; i++) setItem(run, `${name}${i + 1}`, fit[i]!);
    };
  }
  if ('person' in spec) {
    const female = spec.female ?? 0.45;
    let roles: readonly Role[] = [];
    if (typeof spec.person === 'string') {
      roles = itemsOf(env, spec.person, { ...scope, where: at }).map((it) => roleOf(it.source, at));
    } else if (spec.person !== null) {
      const list =
        Array.isArray(spec.person) && typeof spec.person[0] !== 'string' ? spec.person : [spec.person];
      roles = (list as Item[]).map((x) => roleOf(x, at));
    }
    for (const ro of roles) {
      for (const s of [ro.uk, ro.ukF, ro.ru, ro.ruF]) if (s) checkTemplate(s, scope, `slot "${name}"`);
    }
    return (run) => {
      const role = roles.length === 0 ? undefined : roles.length === 1 ? roles[0] : run.rng.pick(roles);
      run.slots[name] = personOf(env.names.random(run.rng, run.rng.chance(female)), role, run.slots);
    };
  }
  if ('cast' in spec) {
    const people = env.cast(spec.cast);
    if (!people) throw new Error(`${at}: no "${spec.cast}" in cast.json`);
    return (run) => {
      run.slots[name] = people.length === 1 ? people[0]! : run.rng.pick(people);
    };
  }
  if ('place' in spec) {
    const pooled =
      typeof spec.place === 'string'
        ? env.places.pool(spec.place)
        : spec.place.map((k) => [env.places.city(k), 1] as const);
    if (!pooled) throw new Error(`${at}: no pool "${spec.place}" in places.json`);
    const cities = pooled
      .filter(([c]) => !spec.except?.includes(c.key))
      .map(([city, weight]) => ({ city, weight }));
    for (const o of env.places.officialNames) scope.known.add(o);
    return (run) => setCity(run, env, name, pickWeighted(run.rng, cities).city);
  }
  if ('placeOf' in spec) {
    for (const o of env.places.officialNames) scope.known.add(o);
    return (run) => {
      const key = run.meta.get(spec.placeOf)?.place;
      if (key === undefined) throw new Error(`${at}: the item in "${spec.placeOf}" has no place`);
      setCity(run, env, name, env.places.city(key));
    };
  }
  if ('text' in spec) {
    const [uk, ru] = spec.text;
    checkTemplate(uk, scope, `slot "${name}"`);
    checkTemplate(ru, scope, `slot "${name}"`);
    return (run) => {
      run.slots[name] = { uk: render(uk, run.slots, 'uk', false), ru: render(ru, run.slots, 'ru', false) };
    };
  }
  const branches = Object.entries(spec.branch).map(([label, b]) => {
    const months = b.months ? scope.months.filter((m) => b.months!.includes(m)) : scope.months;
    // Names set in any branch count as defined after it; the tests render every month.
    const steps =
      months.length > 0 ? compileMap(b.slots, env, { ...scope, where: `${at} → ${label}`, months }) : [];
    return { label, weight: b.weight ?? 1, months: b.months, steps };
  });
  for (const m of scope.months) {
    if (!branches.some((b) => inMonth(b.months, m))) throw new Error(`${at}: no branch for month ${m}`);
  }
  return (run) => {
    const b = pickWeighted(
      run.rng,
      branches.filter((x) => inMonth(x.months, run.month)),
    );
    run.slots[name] = b.label;
    for (const step of b.steps) step(run);
  };
}

function compileMap(map: SlotMap, env: SlotEnv, scope: Scope): Step[] {
  const steps: Step[] = [];
  for (const [name, spec] of Object.entries(map)) {
    steps.push(compileSpec(name, spec, env, scope));
    scope.known.add(name);
  }
  return steps;
}

/**
 * Compiles a slot map. `known` holds the names already defined (base slots, `section`) and
 * gains the names this map defines; `months` are the months the story may be published in.
 */
export function compileSlots(
  map: SlotMap,
  env: SlotEnv,
  where: string,
  known: Set<string>,
  months: readonly number[],
): SlotProgram {
  return compileMap(map, env, { where, months, known });
}

export function runSlots(program: SlotProgram, run: SlotRun): void {
  for (const step of program) step(run);
}
