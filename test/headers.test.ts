import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { SITE_JS, SITE_JS_LOADER, SITE_JS_PATH } from '../src/server/site/assets.ts';
import { baseContent, makeStory } from './factories.ts';
import { auth, openSite, type TestSite } from './harness.ts';

/** Security headers on every kind of response, `Accept-Encoding` weights, and time limits. */
describe('headers and limits', () => {
  let site: TestSite;
  let storyUrl: string;
  before(async () => {
    site = await openSite('sqlite', { PUBLIC_URL: 'https://news.example.org', REQUEST_TIMEOUT_SECONDS: '1' });
    const { author } = await baseContent(site);
    storyUrl = (await makeStory(site, author.id, { title: 'Заголовки безпеки' })).url;
  });
  after(() => site.dispose());

  const get = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET') =>
    site.app.inject({ method, url, headers });

  test('every response carries nosniff, a frame rule, a CSP and, under https, HSTS', async () => {
    const cases: [string, () => ReturnType<typeof get>][] = [
      ['a page (rendered)', () => get(storyUrl)],
      ['a page (from the cache)', () => get(storyUrl)],
      ['the 404 page', () => get('/news/999999-nothing')],
      ['a 400 page (a URL the router cannot read)', () => get('/tag/%E0%A4%A')],
      ['a 400 page (bad paging)', () => get('/?before=zzz')],
      ['the API without credentials', () => get('/api/admin/me')],
      ['an unknown API route', () => get('/api/admin/nothing', auth)],
      ['an API answer', () => get('/api/admin/sections', auth)],
      ['a missing picture', () => get('/media/999/480.webp')],
      ['a beacon refused', () => get('/v/abc', {}, 'POST')],
      [
        'a beacon taken',
        () => get(`/v/${/news\/(\d+)/.exec(storyUrl)![1]}`, { 'user-agent': 'Mozilla/5.0 Test' }, 'POST'),
      ],
      ['a feed', () => get('/feed.xml')],
      ['the sitemap', () => get('/sitemap.xml')],
      ['a health check', () => get('/healthz')],
      ['the desk', () => get('/admin')],
      ['the site script', () => get(SITE_JS_PATH)],
    ];
    for (const [what, send] of cases) {
      const res = await send();
      assert.ok(res.statusCode < 500, `${what}: ${res.statusCode}`);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
      assert.ok(res.headers['x-frame-options'], `${what}: x-frame-options`);
      assert.ok(res.headers['content-security-policy'], `${what}: CSP`);
      assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', what);
    }
  });

  test('the site script: named by its content, cached for a year, in each encoding; its loader is the one inline script', async () => {
    const page = await get(storyUrl);
    const inline = [...page.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    assert.deepEqual(inline, [SITE_JS_LOADER], 'the loader is the only inline script');
    const hash = createHash('sha256').update(SITE_JS_LOADER).digest('base64');
    assert.match(
      page.headers['content-security-policy'] as string,
      new RegExp(`script-src 'self' 'sha256-${hash.replace(/[+/]/g, '\\$&')}';`),
    );
    for (const [accept, encoding, decode] of [
      ['br', 'br', zlib.brotliDecompressSync],
      ['gzip', 'gzip', zlib.gunzipSync],
      ['', undefined, (b: Buffer) => b],
    ] as const) {
      const res = await get(SITE_JS_PATH, { 'accept-encoding': accept });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-encoding'], encoding);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.match(res.headers['content-type'] as string, /^text\/javascript/);
      assert.equal(decode(res.rawPayload).toString(), SITE_JS);
    }
    assert.equal((await get(SITE_JS_PATH.replace('.js', 'x.js'))).statusCode, 404);
  });

  test('brotli refused with q=0 is not sent; nothing acceptable means no encoding', async () => {
    await get(storyUrl);
    assert.equal((await get(storyUrl, { 'accept-encoding': 'gzip, br' })).headers['content-encoding'], 'br');
    assert.equal(
      (await get(storyUrl, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding'],
      'gzip',
    );
    const none = await get(storyUrl, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    assert.equal(none.headers['content-encoding'], undefined);
    assert.match(none.body, /Заголовки безпеки/);
    const desk = await get('/admin', { 'accept-encoding': 'br;q=0, gzip' });
    assert.equal(desk.headers['content-encoding'], 'gzip');
  });

  test('a request that does not arrive in time is cut off (408), not held for minutes', async () => {
    await site.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = site.app.server.address() as net.AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
    });
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    // Headers promise a body that never comes (a public form: read before any answer).
    socket.write(
      'POST /polls/1/vote HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\noption=',
    );
    await new Promise<void>((resolve) => socket.on('close', () => resolve()));
    assert.match(answer, /^HTTP\/1\.1 408/);
  });
});

describe('headers over plain http', () => {
  let site: TestSite;
  before(async () => {
    site = await openSite('sqlite', { PUBLIC_URL: 'http://localhost:3000' });
  });
  after(() => site.dispose());

  test('no HSTS when the site is not served over https', async () => {
    for (const url of ['/', '/api/admin/me', '/healthz']) {
      const res = await site.app.inject({ method: 'GET', url });
      assert.equal(res.headers['strict-transport-security'], undefined, url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
    }
  });
});

describe('a flood of cursors', () => {
  let site: TestSite;
  let storyUrl: string;
  before(async () => {
    site = await openSite('sqlite', { PAGE_CACHE_MAX_ENTRIES: '20' });
    const { author } = await baseContent(site);
    storyUrl = (await makeStory(site, author.id, { title: 'Гаряча новина' })).url;
  });
  after(() => site.dispose());

  test('however many continuation pages are asked for, the hot pages stay cached', async () => {
    for (const url of ['/', storyUrl, '/latest']) await site.app.inject({ method: 'GET', url });
    const rendersBefore = site.cache.stats.renders;
    for (let i = 0; i < 300; i++) {
      const res = await site.app.inject({
        method: 'GET',
        url: `/latest?before=${1_700_000_000_000 + i}.${i + 1}`,
      });
      assert.equal(res.statusCode, 200);
    }
    assert.equal(site.cache.stats.renders - rendersBefore, 300);
    for (const url of ['/', storyUrl, '/latest']) assert.ok(site.cache.peek(url), `${url} is still cached`);
    assert.ok(site.cache.sideSize <= 500);
  });
});
