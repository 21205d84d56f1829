import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestOrigin, sameSitePath } from './origin.ts';

test('a request names its origin by Origin, else by Referer', () => {
  assert.equal(requestOrigin({ origin: 'https://news.example.org' }), 'https://news.example.org');
  assert.equal(
    requestOrigin({ referer: 'https://news.example.org/news/1-a?x=1' }),
    'https://news.example.org',
  );
  assert.equal(requestOrigin({ origin: 'null', referer: 'https://evil.example/' }), 'https://evil.example');
  assert.equal(requestOrigin({ referer: 'not a url' }), null);
  assert.equal(requestOrigin({}), null);
});

test('a same-site path stays; anything a browser would take elsewhere is refused', () => {
  assert.equal(sameSitePath('/news/12-slug'), '/news/12-slug');
  assert.equal(sameSitePath('/ru/news/12-slug?a=1#poll-3'), '/ru/news/12-slug?a=1');
  for (const hostile of [
    '//evil.example',
    '/\\evil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%255Cevil.example',
    '/%2F%2Fevil.example',
    '/%2fevil.example/x'.replace('/%2f', '/%2F/'),
    'https://evil.example/',
    'evil.example',
    '/\tevil',
    '/%09/evil.example',
    '/%E0%A4%A',
    '',
    `/${'a'.repeat(600)}`,
    42,
    undefined,
  ]) {
    assert.equal(sameSitePath(hostile), null, String(hostile));
  }
});
