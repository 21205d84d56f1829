/**
 * The tiny template language of the demo texts (the JSON files under demo/).
 *
 * A template is one string per language; `{...}` refers to a slot:
 *   {place}            the slot's default form ('nom'), or the value itself for strings and numbers
 *   {place.in}         a named form ('у Києві' / 'в Киеве'): each slot carries the case forms it needs,
 *                      so Ukrainian and Russian grammar is chosen by the writer, never guessed
 *   {^place.in}        the same, first letter capitalised (sentence start)
 *   {p|заявив|заявила} picks by the slot's `female` flag (verbs agree with the speaker)
 *   {n#голос|голоси|голосів}  the number and the noun in the plural form the number needs
 * Body templates may use **bold** and [link](https://example.org/...) in their literal text.
 *
 * Templates are parsed once and cached, because the scale generator renders millions of them.
 */

export type Lang = 'uk' | 'ru';

export type Forms = Readonly<Record<string, string>>;

/** A slot value with per-language text or case forms. */
export interface Term {
  readonly uk: string | Forms;
  readonly ru: string | Forms;
  readonly female?: boolean;
  /** Tag key the story earns when a template uses this slot (a city, a topic). */
  readonly tag?: string;
}

export type SlotValue = Term | string | number;
export type Slots = Record<string, SlotValue>;

/** A Ukrainian template and its Russian translation. */
export type P = readonly [uk: string, ru: string];

interface Ref {
  readonly name: string;
  readonly form: string | undefined;
  readonly cap: boolean;
  readonly gender: readonly [string, string] | undefined;
  readonly plural: readonly [string, string, string] | undefined;
}

type Part = string | Ref;

/** Parsed templates, one map per mode; keyed by the template itself, whose hash V8 keeps. */
const htmlCache = new Map<string, readonly Part[]>();
const textCache = new Map<string, readonly Part[]>();

const NBSP = '\u00a0';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Literal text of a body template: escaped, then the two markup forms turned into tags. */
function htmlLiteral(s: string): string {
  return escapeHtml(s)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\[([^\]]+)\]\((https:\/\/example\.org\/[^)\s]*)\)/g, '<a href="$2">$1</a>');
}

function plainLiteral(s: string): string {
  return s.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\[([^\]]+)\]\((https:\/\/[^)\s]*)\)/g, '$1');
}

function parseRef(src: string, tpl: string): Ref {
  let body = src;
  const cap = body.startsWith('^');
  if (cap) body = body.slice(1);
  let gender: readonly [string, string] | undefined;
  let plural: readonly [string, string, string] | undefined;
  const hash = body.indexOf('#');
  if (hash >= 0) {
    const forms = body.slice(hash + 1).split('|');
    if (forms.length !== 3) throw new Error(`plural needs three forms in "${tpl}"`);
    plural = [forms[0]!, forms[1]!, forms[2]!];
    body = body.slice(0, hash);
  } else if (body.includes('|')) {
    const bits = body.split('|');
    if (bits.length !== 3) throw new Error(`gender choice needs two forms in "${tpl}"`);
    gender = [bits[1]!, bits[2]!];
    body = bits[0]!;
  }
  const dot = body.indexOf('.');
  const name = dot >= 0 ? body.slice(0, dot) : body;
  const form = dot >= 0 ? body.slice(dot + 1) : undefined;
  if (!/^\w+$/.test(name)) throw new Error(`bad slot "${src}" in "${tpl}"`);
  return { name, form, cap, gender, plural };
}

function compile(tpl: string, html: boolean): readonly Part[] {
  const cache = html ? htmlCache : textCache;
  const hit = cache.get(tpl);
  if (hit) return hit;
  const parts: Part[] = [];
  const re = /\{([^{}]+)\}/g;
  let last = 0;
  for (let m = re.exec(tpl); m !== null; m = re.exec(tpl)) {
    if (m.index > last) parts.push(literal(tpl.slice(last, m.index), html));
    parts.push(parseRef(m[1]!, tpl));
    last = re.lastIndex;
  }
  if (last < tpl.length) parts.push(literal(tpl.slice(last), html));
  if (parts.some((p) => typeof p === 'string' && /[{}]/.test(p))) throw new Error(`stray brace in "${tpl}"`);
  cache.set(tpl, parts);
  return parts;
}

function literal(s: string, html: boolean): string {
  return html ? htmlLiteral(s) : plainLiteral(s);
}

/** Names of the slots a template refers to (used to derive tags and to avoid repeating an expert). */
export function slotNames(tpl: string): string[] {
  return compile(tpl, false)
    .filter((p): p is Ref => typeof p !== 'string')
    .map((p) => p.name);
}

/** 0: "один", 1: "два–чотири", 2: "п'ять і більше" — the same rule in Ukrainian and Russian. */
export function pluralIndex(n: number): 0 | 1 | 2 {
  const a = Math.abs(Math.trunc(n)) % 100;
  const b = a % 10;
  if (a >= 11 && a <= 14) return 2;
  if (b === 1) return 0;
  if (b >= 2 && b <= 4) return 1;
  return 2;
}

/** Integers group thousands from 10 000 on (Ukrainian typography); fractions use a comma. */
export function formatNumber(n: number): string {
  if (!Number.isInteger(n)) return String(n).replace('.', ',');
  const s = String(Math.abs(n));
  const grouped = Math.abs(n) >= 10000 ? s.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP) : s;
  return n < 0 ? `−${grouped}` : grouped;
}

/**
 * A decimal written the Ukrainian way: dec(15.5) → '15,5', dec(41.2, 2) → '41,20'.
 * With one digit a round value drops the fraction (dec(12) → '12'), as editors write it.
 */
export function dec(x: number, digits = 1): string {
  const s = x.toFixed(digits).replace('.', ',');
  return digits === 1 ? s.replace(/,0$/, '') : s;
}

function capitalise(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

function resolve(ref: Ref, slots: Slots, lang: Lang, tpl: string): string {
  const v = slots[ref.name];
  if (v === undefined) throw new Error(`slot "${ref.name}" is missing for "${tpl}"`);
  let out: string;
  if (ref.plural) {
    if (typeof v !== 'number') throw new Error(`slot "${ref.name}" must be a number in "${tpl}"`);
    out = `${formatNumber(v)} ${ref.plural[pluralIndex(v)]}`;
  } else if (ref.gender) {
    if (typeof v !== 'object') throw new Error(`slot "${ref.name}" has no gender in "${tpl}"`);
    out = ref.gender[v.female ? 1 : 0];
  } else if (typeof v === 'number') {
    out = formatNumber(v);
  } else if (typeof v === 'string') {
    out = v;
  } else {
    const x = v[lang];
    if (typeof x === 'string') {
      if (ref.form !== undefined && ref.form !== 'nom') {
        throw new Error(`slot "${ref.name}" has no form "${ref.form}" in "${tpl}"`);
      }
      out = x;
    } else {
      const f = x[ref.form ?? 'nom'];
      if (f === undefined)
        throw new Error(`slot "${ref.name}" has no form "${ref.form ?? 'nom'}" in "${tpl}"`);
      out = f;
    }
  }
  return ref.cap ? capitalise(out) : out;
}

/** Renders one template; `html` escapes slot values and turns the literal markup into tags. */
export function render(tpl: string, slots: Slots, lang: Lang, html: boolean): string {
  const parts = compile(tpl, html);
  let s = '';
  for (const p of parts) {
    if (typeof p === 'string') {
      s += p;
    } else {
      const v = resolve(p, slots, lang, tpl);
      s += html && /[&<>]/.test(v) ? escapeHtml(v) : v;
    }
  }
  return s;
}
