import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Match, toFts5, toTsquery, toTsvector } from '../../db/full-text.ts';
import { pairToken, searchDocument, searchKey, searchPlan } from './query.ts';

/** What a database answers for a document: the query tree evaluated on its tokens. */
function matches(m: Match, doc: { pairs: string[]; terms: string[] }): boolean {
  const all = new Set([...doc.pairs, ...doc.terms]);
  switch (m.kind) {
    case 'token':
      return all.has(m.token);
    case 'and':
      return m.of.every((x) => matches(x, doc));
    case 'or':
      return m.of.some((x) => matches(x, doc));
    case 'without':
      return matches(m.of[0], doc) && !matches(m.of[1], doc);
  }
}

const WORDS = [
  'вибори',
  'виборів',
  'Київ',
  'Києва',
  'лікарня',
  'лікарень',
  'зміна',
  'нічна',
  'дорога',
  'дорозі',
];

/** A deterministic pseudo-random story made of the words above and filler. */
function story(n: number) {
  let x = n * 2654435761;
  const next = () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x;
  };
  const pick = (k: number) =>
    Array.from({ length: k }, () =>
      next() % 3 === 0 ? WORDS[next() % WORDS.length]! : `слово${next() % 5}`,
    ).join(' ');
  return { language: 'uk', title: pick(4), source: null, lead: pick(8), body: pick(30) };
}

describe('search plan', () => {
  test('every story that has all the words is in exactly one rank, and no other story is in any', () => {
    for (const q of [
      'вибори',
      'Київ лікарні',
      'нічна зміна',
      'дорога вибори Києва',
      'зміна нічна дорога лікарня вибори',
    ]) {
      const plan = searchPlan(q)!;
      for (let n = 0; n < 400; n++) {
        const doc = searchDocument(story(n));
        const ranks = plan.tiers.filter((t) => matches(t.match, doc)).map((t) => t.score);
        assert.equal(
          ranks.length,
          matches(plan.all, doc) ? 1 : 0,
          `${q} / story ${n}: ranks ${ranks.join(',')}`,
        );
      }
    }
  });

  test('ranks: headline over lead over text, the phrase as written over the words apart', () => {
    const rank = (title: string, lead: string, body: string, q: string) => {
      const doc = searchDocument({ language: 'uk', title, source: null, lead, body });
      return searchPlan(q)!.tiers.find((t) => matches(t.match, doc))?.score;
    };
    assert.equal(rank('Вибори', 'х', 'х', 'виборів'), 3);
    assert.equal(rank('х', 'Вибори', 'х', 'виборів'), 2);
    assert.equal(rank('х', 'х', 'Вибори відбулися', 'виборів'), 1);
    assert.equal(rank('Нічна зміна', 'х', 'х', 'нічна зміна'), 9);
    assert.equal(rank('Зміна нічна', 'х', 'х', 'нічна зміна'), 6);
    assert.equal(rank('Нічна тиша', 'Зміна', 'х', 'нічна зміна'), 5);
    assert.equal(rank('х', 'х', 'х', 'нічна зміна'), undefined);
  });

  test('nothing a reader types becomes an operator', () => {
    assert.equal(searchPlan('" * ( ) : ^ - + { }'), null);
    const plan = searchPlan('NEAR(вибори* OR "Київ')!;
    const fts = toFts5(plan.all);
    const ts = toTsquery(plan.all);
    // Only quoted tokens and our own operators: no bare NEAR, no stray quote or star.
    assert.doesNotMatch(fts.replace(/"[^"]*"/g, ''), /NEAR|\*|[^()\sANDORT]/);
    assert.doesNotMatch(ts.replace(/'[^']*'/g, ''), /[^()\s&|!<\->]/);
    assert.match(fts, /"hnear"|"hнеар"|"near"/i);
  });

  test('documents: a term once under its best field; neighbouring words paired within a field; keys sort by time', () => {
    const d = searchDocument({
      language: 'uk',
      title: 'Нічна зміна',
      source: null,
      lead: 'Київ і Києва',
      body: 'Київ',
    });
    assert.ok(d.terms.some((t) => t.startsWith('h')));
    assert.ok(!d.terms.some((t) => t.startsWith('b') && d.terms.includes(`h${t.slice(1)}`)));
    assert.deepEqual(d.pairs, ['q5xнічназміна', 'q4xкиїві', 'q1xікиєва']);
    // No pair runs from the headline into the lead, and nothing has a position.
    assert.ok(!d.pairs.includes('q5xзмінакиїв'));
    assert.doesNotMatch(toTsvector(d), /:\d/);
    // The length keeps two different pairs apart when their letters run the same.
    assert.notEqual(pairToken('аб', 'в'), pairToken('а', 'бв'));
    assert.ok(searchKey(2_000, 1) > searchKey(1_000, 999_999));
    assert.ok(searchKey(1_000, 2) > searchKey(1_000, 1));
  });
});
