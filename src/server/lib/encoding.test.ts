import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preferredEncoding } from './encoding.ts';

test('brotli first, then gzip, then none', () => {
  assert.equal(preferredEncoding('gzip, deflate, br, zstd'), 'br');
  assert.equal(preferredEncoding('gzip, deflate'), 'gzip');
  assert.equal(preferredEncoding('deflate'), 'identity');
  assert.equal(preferredEncoding(undefined), 'identity');
  assert.equal(preferredEncoding(''), 'identity');
  assert.equal(preferredEncoding('*'), 'br');
});

test('q=0 refuses an encoding; weights choose among the rest', () => {
  assert.equal(preferredEncoding('br;q=0, gzip'), 'gzip');
  assert.equal(preferredEncoding('br;q=0, gzip;q=0'), 'identity');
  assert.equal(preferredEncoding('gzip;q=1.0, br;q=0.5'), 'gzip');
  assert.equal(preferredEncoding('*;q=0, identity'), 'identity');
  assert.equal(preferredEncoding('br; q=0 , gzip;q=0.8'), 'gzip');
  assert.equal(preferredEncoding('BR;Q=0, GZIP'), 'gzip');
  assert.equal(preferredEncoding('br;q=abc, gzip;q=0.1'), 'gzip');
  assert.equal(preferredEncoding(['br;q=0', 'gzip']), 'gzip');
});
