import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUrls, decodeCursor, encodeCursor } from './urls.ts';

test('the first language lives at /, others under their prefix', () => {
  const u = createUrls(['uk', 'ru']);
  assert.equal(u.home('uk'), '/');
  assert.equal(u.home('ru'), '/ru/');
  assert.equal(u.article('uk', 12, 'kyiv'), '/news/12-kyiv');
  assert.equal(u.article('ru', 13, 'kiev'), '/ru/news/13-kiev');
  assert.equal(u.latest('ru', '5.6'), '/ru/latest?before=5.6');
  assert.equal(createUrls(['ru', 'uk']).home('uk'), '/uk/');
});

test('keyset cursors round-trip and reject anything else', () => {
  const c = { publishedAt: 1729850220000, id: 42 };
  assert.deepEqual(decodeCursor(encodeCursor(c)), c);
  for (const bad of [
    '',
    '1',
    '1.',
    '.1',
    'a.b',
    '1.2.3',
    '-1.2',
    '1.-2',
    '1e3.2',
    '9999999999999999.1',
    '1.99999999999',
    ' 1.2',
  ]) {
    assert.equal(decodeCursor(bad), null, bad);
  }
});
