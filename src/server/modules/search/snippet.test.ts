import assert from 'node:assert/strict';
import { test } from 'node:test';
import { snippet } from './snippet.ts';

const is = (w: string) => (x: string) => x.toLowerCase() === w;

test('a snippet starts at the sentence of the first matching word and ends at a word', () => {
  const text = `${'Перше речення про погоду. '.repeat(10)}Друге речення згадує водогін і труби. ${'Далі йдеться про інше. '.repeat(20)}`;
  const s = snippet(text, is('водогін'))!;
  assert.ok(s.startsWith('… Друге речення згадує водогін'), s);
  assert.ok(s.endsWith(' …'), s);
  assert.ok(s.length <= 250, `${s.length}`);
  // Whole words only: the passage sits in the text between spaces.
  const inner = s.slice(2, -2);
  const i = text.indexOf(inner);
  assert.ok(i > 0 && text[i - 1] === ' ' && text[i + inner.length] === ' ', inner);
});

test('no matching word: no snippet; a match at the very start has no leading ellipsis', () => {
  assert.equal(snippet('Про погоду.', is('водогін')), null);
  assert.equal(snippet('Водогін полагодили.', is('водогін')), 'Водогін полагодили.');
});

test('a long sentence is entered a little before the word, at a word boundary', () => {
  const text = `${'слово '.repeat(100)}водогін ${'слово '.repeat(100)}`;
  const s = snippet(text, is('водогін'))!;
  assert.match(s, /^… слово .* водогін .* …$/);
  assert.ok(s.indexOf('водогін') < 140);
});
