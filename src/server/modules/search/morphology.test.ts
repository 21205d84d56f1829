import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  lines,
  RU_DISTINCT,
  RU_FORMS,
  RU_HELD_OUT,
  RU_SAME_STEM,
  UK_DISTINCT,
  UK_FORMS,
  UK_HELD_OUT,
  UK_SAME_STEM,
} from './morphology.fixtures.ts';
import { foldWord, fromLatin, indexTerms, queryTerms, stem, termsOf } from './morphology.ts';

const meet = (a: string[], b: string[]) => a.some((t) => b.includes(t));

/** Pairs of forms (each with its word's first form) that share a term, and the misses. */
function recall(language: 'uk' | 'ru', forms: string) {
  let pairs = 0;
  const misses: string[] = [];
  for (const [base, ...rest] of lines(forms)) {
    const terms = termsOf(base!, language);
    for (const f of rest) {
      pairs++;
      if (!meet(termsOf(f, language), terms)) misses.push(`${base}/${f}`);
    }
  }
  return { pairs, rate: (pairs - misses.length) / pairs, misses };
}

/** Pairs of different words that share a term. */
const collisions = (language: 'uk' | 'ru', list: string) =>
  lines(list).filter(([a, b]) => meet(termsOf(a!, language), termsOf(b!, language)));

describe('morphology', () => {
  for (const [language, forms, heldOut, distinct, sameStem] of [
    ['uk', UK_FORMS, UK_HELD_OUT, UK_DISTINCT, UK_SAME_STEM],
    ['ru', RU_FORMS, RU_HELD_OUT, RU_DISTINCT, RU_SAME_STEM],
  ] as const) {
    test(`${language}: the forms of a word share a term; different words do not`, (t) => {
      const tuned = recall(language, forms);
      const fresh = recall(language, heldOut);
      const apart = lines(distinct).length;
      const wrong = collisions(language, distinct);
      const same = collisions(language, sameStem).length;
      const all = apart + lines(sameStem).length;
      t.diagnostic(
        `${language}: recall ${(tuned.rate * 100).toFixed(1)}% of ${tuned.pairs} pairs (tuned on), ` +
          `${(fresh.rate * 100).toFixed(1)}% of ${fresh.pairs} held-out pairs (missed: ${fresh.misses.join(', ') || 'none'}); ` +
          `precision ${(((all - wrong.length - same) / all) * 100).toFixed(1)}% of ${all} look-alike pairs ` +
          `(${same} known to share a stem)`,
      );
      assert.ok(tuned.pairs >= 300, `${tuned.pairs} pairs`);
      assert.deepEqual(tuned.misses, []);
      assert.ok(fresh.rate >= 0.9, `held-out recall ${fresh.rate}: ${fresh.misses.join(', ')}`);
      assert.deepEqual(wrong, []);
    });
  }

  test('letters are folded: ґ/г, ё/е, apostrophes, case', () => {
    assert.equal(foldWord('Ґанок'), 'ганок');
    assert.equal(foldWord('Ёлка'), 'елка');
    for (const a of ["м'ясо", 'м’ясо', 'мʼясо']) assert.equal(foldWord(a), 'мясо');
    assert.equal(stem("пам'яті", 'uk'), stem('памʼять', 'uk'));
  });

  test('a query in Latin letters finds the Cyrillic words it romanises', () => {
    assert.equal(fromLatin('vyshhorodshchyna', 'uk'), 'вишгородщина');
    const indexed = indexTerms('Новини Вишгородщини та Мирноградщини', 'uk');
    for (const q of ['vyshhorodshchyna', 'Vyshhorodshchyni', 'myrnohradshchyna']) {
      assert.ok(
        queryTerms(q, ['uk', 'ru']).some((t) => indexed.includes(t)),
        `${q}: ${queryTerms(q, ['uk', 'ru'])} not in ${indexed}`,
      );
    }
    const ru = indexTerms('Выборы в Харькове', 'ru');
    assert.ok(queryTerms('kharkov', ['uk', 'ru']).some((t) => ru.includes(t)));
    assert.ok(queryTerms('vybory', ['uk', 'ru']).some((t) => ru.includes(t)));
  });
});
