import snowball from 'snowball-stemmers';
import { latinToCyrillic, transliterate } from '../../../shared/translit.ts';

/**
 * Words to search terms: the same term for the forms of one word, so that `вибори` finds
 * `виборів` and `мирноградщина` finds `Мирноградщини`.
 *
 * Russian goes through the Snowball stemmer. Ukrainian has no Snowball stemmer: ours below
 * strips endings after the first vowel (the same region Snowball uses), in the order verb
 * and adjective endings before noun endings, and then evens out the alternations a light
 * stemmer otherwise splits (`Харків`/`Харкова`, `шкіл`/`школа`, `Київ`/`Києва`). Both are
 * measured on our own test set (morphology.fixtures.ts): recall and precision are printed by
 * the test.
 *
 * Letters folded first: lowercase, `ґ`→`г`, `ё`→`е`, apostrophes (`'`, `’`, `ʼ`) dropped.
 */

const ru = snowball.newStemmer('russian');

const VOWELS = 'аеєиіїоуюяыэё';
const isVowel = (c: string) => VOWELS.includes(c);

/** Lowercase, `ґ`→`г`, `ё`→`е`, no apostrophes or stress marks. */
export function foldWord(word: string): string {
  return word
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u0301'’ʼ`]/g, '')
    .replace(/ґ/g, 'г')
    .replace(/ё/g, 'е');
}

/** Endings of nouns and adjectives, longest first: the first that matches goes. */
const UK_NOMINAL = [
  'ьому',
  'ього',
  'ією',
  'іями',
  'ями',
  'ами',
  'ими',
  'іми',
  'ого',
  'ому',
  'ові',
  'еві',
  'єві',
  'іям',
  'іях',
  'ях',
  'ах',
  'ям',
  'ам',
  'ом',
  'ем',
  'єм',
  'ою',
  'ею',
  'єю',
  'ої',
  'ую',
  'ів',
  'їв',
  'ей',
  'ія',
  'ії',
  'ію',
  'ій',
  'ий',
  'ім',
  'им',
  'их',
  'іх',
  'а',
  'я',
  'и',
  'і',
  'ї',
  'у',
  'ю',
  'о',
  'е',
  'є',
  'ь',
];

/** Endings of verbs (after the reflexive -ся/-сь), by conjugation class, longest first. */
const UK_VERBAL = [
  'увавши',
  'ювавши',
  'итимуть',
  'итиметься',
  'итиме',
  'увати',
  'ювати',
  'увала',
  'ювала',
  'увало',
  'ювало',
  'ували',
  'ювали',
  'ують',
  'юють',
  'ував',
  'ював',
  'уючи',
  'юючи',
  'уєте',
  'уємо',
  'уєш',
  'ає',
  'ати',
  'али',
  'ала',
  'ало',
  'ають',
  'аєш',
  'аємо',
  'аєте',
  'аючи',
  'ити',
  'іти',
  'или',
  'ила',
  'ило',
  'ить',
  'ять',
  'ать',
  'ете',
  'ите',
  'емо',
  'имо',
  'ячи',
  'ачи',
  'учи',
  'ючи',
  'еться',
  'ється',
  'иться',
  'ує',
  'ює',
  'удуть',
  'удеть',
  'ути',
  'ула',
  'ули',
  'уло',
  'ув',
  'ав',
  'ив',
  'ів',
  'иш',
  'еш',
];

/** Removes the first of `endings` the word ends with, keeping at least `min` letters. */
function strip(word: string, endings: readonly string[], min: number): string | null {
  for (const e of endings)
    if (word.endsWith(e) && word.length - e.length >= min) return word.slice(0, -e.length);
  return null;
}

/** A double н at the end of a stem is one (рішення / рішень). */
const tidy = (s: string) => s.replace(/ь$/, '').replace(/нн$/, 'н');

/**
 * Ukrainian: the terms of one word (one or a few stems). A form may read as a noun or as a
 * verb (`генерала`, `зростала`), and a stem may alternate its last vowel or consonant
 * (`Харків`/`Харкова`, `шкіл`/`школа`, `Київ`/`Києва`, `дорозі`/`дорога`, `лікарень`/
 * `лікарня`): each reading gives a term, and two forms of one word share at least one.
 */
export function termsUk(input: string): string[] {
  const w = foldWord(input);
  const first = [...w].findIndex(isVowel);
  if (first < 0 || w.length <= 3) return [w];
  const min = Math.max(first + 1, 3);
  const out = new Set<string>();
  // As a noun or adjective.
  const nominal = strip(w, UK_NOMINAL, min);
  const n = tidy(nominal ?? w);
  out.add(n);
  if (nominal === null || /[ів]$/.test(w)) {
    // A bare stem or a nominative in -ів/-їв (шкіл, доріг, Харків, Київ): the vowel of the other forms.
    const other = w.replace(/ї(в)$/, 'є$1').replace(/і([бвгджзклмнпрстфхцчшщ]+)$/, 'о$1');
    if (other !== w) out.add(tidy(other));
  }
  // Before -і: г/з, к/ц, х/с (дорозі, енергетиці).
  if (/[зцс]і$/.test(w)) out.add(n.replace(/з$/, 'г').replace(/ц$/, 'к').replace(/с$/, 'х'));
  // A vowel that appears only in the genitive plural (лікарень, рішень).
  const fleeting =
    nominal === null || w.endsWith('ь')
      ? /^(.*[бвгджзклмнпрстфхцчшщ])[ео]([бвгджзклмнпрстфхцчшщ])$/.exec(n)
      : null;
  if (fleeting && fleeting[1]!.length >= min) out.add(fleeting[1]! + fleeting[2]!);
  // As a verb.
  const unreflexive = strip(w, ['ся', 'сь'], min) ?? w;
  const verbal = strip(unreflexive, UK_VERBAL, min);
  if (verbal !== null) out.add(tidy(verbal));
  return [...out];
}

/** Ukrainian: the main stem of a word (its first term). */
export function stemUk(input: string): string {
  return termsUk(input)[0]!;
}

/**
 * Russian: the Snowball stem, and the word itself when it has no ending to strip (a
 * nominative such as `Киев`, `Иванов`, `генерал`, which Snowball cuts shorter than the
 * stem of the other forms).
 */
export function termsRu(input: string): string[] {
  const w = foldWord(input);
  const s = ru.stem(w);
  return /[бвгджзклмнпрстфхцчшщ]$/.test(w) && s !== w ? [s, w] : [s];
}

/** Russian: the Snowball stem. */
export function stemRu(input: string): string {
  return ru.stem(foldWord(input));
}

export type SearchLanguage = 'uk' | 'ru';

/** The main stem of a word in a language (Ukrainian rules for any language but Russian). */
export function stem(word: string, language: string): string {
  return language === 'ru' ? stemRu(word) : stemUk(word);
}

/** Every term a word is indexed and searched under in a language. */
export function termsOf(word: string, language: string): string[] {
  return language === 'ru' ? termsRu(word) : termsUk(word);
}

/** The words of a text: letters and digits, apostrophes inside a word kept with it. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’ʼ][\p{L}]+)*/gu) ?? [];
}

/**
 * Latin letters to Cyrillic by the same tables as our slugs, read backwards (longest letter
 * groups first). Ambiguous letters get one choice: the term of the result is compared with
 * the romanised term of the story's words (see `latinTerms`), so the choice only has to
 * come back to the same Latin spelling, which every choice here does.
 */
const FROM_LATIN: Readonly<Record<SearchLanguage, [string, string][]>> = {
  uk: latinToCyrillic('uk'),
  ru: latinToCyrillic('ru'),
};

export function fromLatin(word: string, language: SearchLanguage): string {
  const table = FROM_LATIN[language];
  const w = word.toLowerCase();
  let out = '';
  for (let i = 0; i < w.length; ) {
    const hit = table.find(([latin]) => w.startsWith(latin, i));
    if (hit) {
      out += hit[1];
      i += hit[0].length;
    } else {
      out += w[i];
      i++;
    }
  }
  return out;
}

const isLatin = (word: string) => /^[a-z0-9'’ʼ]+$/i.test(word);

/**
 * The terms a Cyrillic word is found by when typed in Latin letters: its terms, romanised by
 * the language's table. A Latin word typed by a reader becomes the same terms.
 */
export function latinTerms(word: string, language: SearchLanguage): string[] {
  const cyrillic = isLatin(word) ? fromLatin(word, language) : word;
  return termsOf(cyrillic, language).map((t) => transliterate(t, language));
}

/**
 * The terms a text is indexed under: each word's terms and their romanised spellings; words
 * shorter than `minLength` are left out.
 */
export function indexTerms(text: string, language: SearchLanguage, minLength = 1): string[] {
  const out = new Set<string>();
  for (const w of words(text)) {
    if (w.length < minLength) continue;
    for (const t of wordIndexTerms(w, language)) out.add(t);
  }
  return [...out];
}

/**
 * One word's index terms, remembered: a newsroom's vocabulary repeats, and stemming and
 * romanising each occurrence again was most of the time spent indexing a story.
 */
const memo: Record<SearchLanguage, Map<string, readonly string[]>> = { uk: new Map(), ru: new Map() };
const MEMO_WORDS = 200_000;
function wordIndexTerms(w: string, language: SearchLanguage): readonly string[] {
  const cache = memo[language];
  let terms = cache.get(w);
  if (terms) return terms;
  if (isLatin(w)) terms = [foldWord(w)];
  else {
    const own = termsOf(w, language);
    terms = [...new Set([...own, ...own.map((t) => transliterate(t, language))])];
  }
  if (cache.size >= MEMO_WORDS) cache.clear();
  cache.set(w, terms);
  return terms;
}

/**
 * The terms of one query word, in any of the languages: its stem for a Cyrillic word; for a
 * Latin one, the word itself (names written in Latin) and the romanised stem it would have
 * in each language.
 */
export function queryTerms(word: string, languages: readonly SearchLanguage[]): string[] {
  if (!isLatin(word)) return [...new Set(languages.flatMap((l) => termsOf(word, l)))];
  return [...new Set([foldWord(word), ...languages.flatMap((l) => latinTerms(word, l))])];
}
