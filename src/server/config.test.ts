import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults: SQLite in ./data, two languages, port 3000', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.match(c.databaseUrl, /data\/shpalta\.db$/);
  assert.deepEqual(c.languages, ['uk', 'ru']);
  assert.equal(c.publicUrl, 'http://localhost:3000');
  assert.equal(c.demo, true);
  assert.equal(c.adminApiKey, null);
});

test('postgres URL, public URL, languages and flags are read', () => {
  const c = loadConfig({
    DATABASE_URL: 'postgres://u@h:5432/db',
    PUBLIC_URL: 'https://news.example.org/',
    LANGUAGES: 'ru, uk, en',
    TRUST_PROXY: '1',
    DEMO: '0',
    ADMIN_API_KEY: 'x'.repeat(32),
  });
  assert.equal(c.databaseUrl, 'postgres://u@h:5432/db');
  assert.equal(c.publicUrl, 'https://news.example.org');
  assert.deepEqual(c.languages, ['ru', 'uk', 'en']);
  assert.equal(c.trustProxy, true);
  assert.equal(c.demo, false);
});

test('every problem is listed at once', () => {
  try {
    loadConfig({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      PUBLIC_URL: 'news.example.org/path',
      ADMIN_API_KEY: 'short',
      TIME_ZONE: 'Mars/Olympus',
      LANGUAGES: 'uk,RU',
      DEMO: 'maybe',
    });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    const joined = e.problems.join('\n');
    for (const key of [
      'PORT',
      'DATABASE_URL',
      'PUBLIC_URL',
      'ADMIN_API_KEY',
      'TIME_ZONE',
      'LANGUAGES',
      'DEMO',
    ]) {
      assert.match(joined, new RegExp(key), key);
    }
  }
  assert.throws(() => loadConfig({ LANGUAGES: 'uk,uk' }), /listed twice/);
});
