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
    ADMIN_API_KEY: 'k3y-Wz9q-Lm2P-vX7r-Hd4T-Nc8B',
  });
  assert.equal(c.databaseUrl, 'postgres://u@h:5432/db');
  assert.equal(c.publicUrl, 'https://news.example.org');
  assert.deepEqual(c.languages, ['ru', 'uk', 'en']);
  assert.equal(c.trustProxy, 1);
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

test('a weak ADMIN_API_KEY is refused at boot with the reason', () => {
  for (const weak of ['x'.repeat(32), 'abababababababababababababab', 'short-key']) {
    assert.throws(
      () => loadConfig({ ADMIN_API_KEY: weak }),
      (e: unknown) =>
        e instanceof ConfigError && /ADMIN_API_KEY: (is too simple|must be at least 24)/.test(e.message),
      weak,
    );
  }
  assert.equal(
    loadConfig({ ADMIN_API_KEY: 'Q7m2-xV9p-Lk4r-Zt8w-Hc3n-Bd6y' }).adminApiKey,
    'Q7m2-xV9p-Lk4r-Zt8w-Hc3n-Bd6y',
  );
});

test('sessions, sign-in throttling and mail are configured with sensible defaults', () => {
  const c = loadConfig({});
  assert.equal(c.sessionIdleMs, 12 * 3_600_000);
  assert.equal(c.sessionMaxMs, 30 * 86_400_000);
  assert.equal(c.loginMaxFailures, 10);
  assert.equal(c.loginWindowMs, 15 * 60_000);
  assert.equal(c.smtpUrl, null);
  assert.throws(() => loadConfig({ SMTP_URL: 'http://mail' }), /SMTP_URL/);
});

test('TRUST_PROXY counts the proxies in front; anything else is refused', () => {
  const base = { ADMIN_API_KEY: 'k3y-Wz9q-Lm2P-vX7r-Hd4T-Nc8B' };
  assert.equal(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy, 2);
  assert.equal(loadConfig({ ...base, TRUST_PROXY: 'true' }).trustProxy, 1);
  assert.equal(loadConfig({ ...base, TRUST_PROXY: 'false' }).trustProxy, 0);
  assert.equal(loadConfig(base).trustProxy, 0);
  assert.throws(() => loadConfig({ ...base, TRUST_PROXY: 'yes' }), /TRUST_PROXY/);
});

test('metrics and log format: off by default, checked when set', () => {
  const c = loadConfig({});
  assert.equal(c.metricsToken, null);
  assert.equal(c.metricsPort, null);
  assert.equal(c.metricsHost, '127.0.0.1');
  assert.equal(c.logFormat, null);
  const set = loadConfig({
    METRICS_TOKEN: 'mT7q-Zx2v-Lp9k-Rw4n-Hb6c-Yd3s',
    METRICS_PORT: '9464',
    METRICS_HOST: '0.0.0.0',
    LOG_FORMAT: 'json',
  });
  assert.equal(set.metricsToken, 'mT7q-Zx2v-Lp9k-Rw4n-Hb6c-Yd3s');
  assert.equal(set.metricsPort, 9464);
  assert.equal(set.metricsHost, '0.0.0.0');
  assert.equal(set.logFormat, 'json');
  for (const [env, pattern] of [
    [{ METRICS_TOKEN: 'short' }, /METRICS_TOKEN: must be at least 24/],
    [{ METRICS_TOKEN: 'a'.repeat(30) }, /METRICS_TOKEN: is too simple/],
    [{ METRICS_TOKEN: 'mT7q Zx2v Lp9k Rw4n Hb6c Yd3s' }, /METRICS_TOKEN: must be printable ASCII/],
    [{ METRICS_PORT: 'http' }, /METRICS_PORT: must be a port number/],
    [{ METRICS_PORT: '70000' }, /METRICS_PORT: must be a port number/],
    [{ METRICS_PORT: '3000' }, /METRICS_PORT: must differ from PORT/],
    [{ LOG_FORMAT: 'xml' }, /LOG_FORMAT: must be pretty or json/],
  ] as const) {
    assert.throws(() => loadConfig(env), pattern, JSON.stringify(env));
  }
});
