/**
 * Romanisation of Ukrainian and Russian text, and URL slugs built from it.
 *
 * Ukrainian follows the official national table (Cabinet of Ministers resolution No. 55 of
 * 27 January 2010), which is what passports, road signs and the state registers use, so a
 * reader searching for "Zghorany" or "Yenakiieve" finds the same spelling in our URLs.
 *
 * Russian follows ICAO Doc 9303 (2013), the table used in Russian passports since 2013:
 * ё→e, й→i, ъ→ie, ы→y, ь dropped, э→e, ю→iu, я→ia. We keep ъ→ie rather than dropping it
 * because it is what the standard says, and a documented standard is easier to defend than a
 * house rule ("Объявление" → "obieiavlenie"). The table has no position rules, so
 * "Юрий" → "Iurii".
 */

/** Letters whose romanisation depends on being first in a word (2010 table, column 2). */
const UK_WORD_INITIAL: Readonly<Record<string, string>> = {
  є: 'ye',
  ї: 'yi',
  й: 'y',
  ю: 'yu',
  я: 'ya',
};

const UK_TABLE: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ь: '',
  ю: 'iu',
  я: 'ia',
};

const RU_TABLE: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
};

/*
 * Quotations inside an article in the other language are common (a Russian quote in a
 * Ukrainian text and vice versa), so each table falls back to the other one for the letters
 * it lacks instead of leaving Cyrillic in a slug.
 */
const UK_FALLBACK: Readonly<Record<string, string>> = { ...RU_TABLE, ...UK_TABLE };
const RU_FALLBACK: Readonly<Record<string, string>> = { ...UK_TABLE, ...RU_TABLE };

/** Characters written as the Ukrainian apostrophe; the 2010 table drops them. */
const APOSTROPHES = new Set(["'", '’', 'ʼ', '`']);

/**
 * Latin letters that NFKD does not decompose; folding them keeps slugs of foreign names
 * readable ("Łódź" → "lodz") instead of turning the letter into a dash.
 */
const LATIN_EXTRA: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
};

const LETTER = /\p{L}/u;
const COMBINING_MARKS = /\p{M}+/gu;
const LATIN_EXTRA_RE = new RegExp(`[${Object.keys(LATIN_EXTRA).join('')}]`, 'g');

/** Reduces 'uk-UA' or 'RU' to the bare lowercase language subtag. */
function baseLanguage(language: string): string {
  return language.toLowerCase().split(/[-_]/, 1)[0] ?? '';
}

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && LETTER.test(ch);
}

function isUpperLetter(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ch.toLowerCase() && LETTER.test(ch);
}

function isApostrophe(ch: string | undefined): boolean {
  return ch !== undefined && APOSTROPHES.has(ch);
}

/** Strips accents and folds a few special Latin letters; leaves everything else alone. */
function foldLatin(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(LATIN_EXTRA_RE, (ch) => LATIN_EXTRA[ch]!);
}

/**
 * Applies the case of the source letter to its (possibly multi-letter) romanisation:
 * "Щастя" → "Shchastia" but "ЩАСТЯ" → "SHCHASTIA". A capital counts as part of an
 * all-caps word when the next letter is also a capital, or when it ends a word whose
 * previous letter is a capital.
 */
function applyCase(latin: string, text: string, index: number): string {
  if (latin === '') return latin;
  const next = text[index + 1];
  const prev = text[index - 1];
  const allCaps = isUpperLetter(next) || (!isLetter(next) && isUpperLetter(prev));
  if (allCaps) return latin.toUpperCase();
  return latin.charAt(0).toUpperCase() + latin.slice(1);
}

function transliterateCyrillic(text: string, ukrainian: boolean): string {
  const table = ukrainian ? UK_FALLBACK : RU_FALLBACK;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const lower = ch.toLowerCase();
    const base = table[lower];
    if (base === undefined) {
      // An apostrophe inside a word is part of Ukrainian spelling (п'ять), not punctuation.
      const inWord = isApostrophe(ch) && isLetter(text[i - 1]) && isLetter(text[i + 1]);
      if (!inWord) out += ch;
      continue;
    }
    let latin = base;
    if (ukrainian) {
      const prev = text[i - 1];
      // A letter after an in-word apostrophe is not word-initial: Зв'язок → Zviazok.
      const wordInitial = !isLetter(prev) && !isApostrophe(prev);
      const initial = UK_WORD_INITIAL[lower];
      if (wordInitial && initial !== undefined) {
        latin = initial;
      } else if (lower === 'г' && prev?.toLowerCase() === 'з') {
        // The table writes "зг" as "zgh" so it is not read as the digraph "zh" (Згорани → Zghorany).
        latin = 'gh';
      }
    }
    out += ch === lower ? latin : applyCase(latin, text, i);
  }
  return out;
}

/**
 * The tables read backwards, Latin letter groups to Cyrillic, longest groups first: where
 * several letters share a spelling the first of the table is taken (`i` → `і`, `y` → `и`),
 * and the word-initial spellings (`yu`, `ya`, `ye`, `yi`) are read too.
 */
export function latinToCyrillic(language: 'uk' | 'ru'): [latin: string, cyrillic: string][] {
  const pairs =
    language === 'uk'
      ? [...Object.entries(UK_TABLE), ...Object.entries(UK_WORD_INITIAL)]
      : Object.entries(RU_TABLE);
  const out = new Map<string, string>();
  for (const [cyrillic, latin] of pairs) if (latin && !out.has(latin)) out.set(latin, cyrillic);
  return [...out]
    .map(([latin, cyrillic]): [string, string] => [latin, cyrillic])
    .sort((a, b) => b[0].length - a[0].length);
}

/**
 * Romanises text written in `language`. Ukrainian and Russian use the tables described at the
 * top of this file and keep the case of the source ("Київ" → "Kyiv"); Latin letters, digits and
 * punctuation pass through. Any other language only loses its diacritics.
 */
export function transliterate(text: string, language: string): string {
  // NFC first: text pasted from macOS may spell "й" as "и" plus a combining breve.
  const normalized = text.normalize('NFC');
  switch (baseLanguage(language)) {
    case 'uk':
      return transliterateCyrillic(normalized, true);
    case 'ru':
      return transliterateCyrillic(normalized, false);
    default:
      return foldLatin(normalized);
  }
}

/**
 * Builds a URL slug: romanised, lowercase, runs of anything but [a-z0-9] collapsed to one dash,
 * cut at a word boundary to at most `maxLength` characters. Never returns an empty string,
 * because an empty path segment would collide with the section index; 'n' stands in.
 */
export function slugify(text: string, language: string, maxLength = 80): string {
  const limit = Number.isFinite(maxLength) ? Math.max(1, Math.floor(maxLength)) : 80;
  const slug = foldLatin(transliterate(text, language))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let cut = slug;
  if (slug.length > limit) {
    // Prefer losing the last partial word; a single over-long word is cut hard.
    const boundary = slug.lastIndexOf('-', limit);
    cut = boundary > 0 ? slug.slice(0, boundary) : slug.slice(0, limit);
    cut = cut.replace(/-+$/, '');
  }
  return cut === '' ? 'n' : cut;
}
