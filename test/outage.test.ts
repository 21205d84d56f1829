import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseContent, makeStory } from './factories.ts';
import { auth, openSite, type TestSite } from './harness.ts';
import { PrivatePostgres, postgresBin } from './private-postgres.ts';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('the database fails [postgres]', {
  skip: postgresBin()
    ? false
    : 'needs the PostgreSQL server programs (initdb) to start a private server: SKIPPED',
}, () => {
  let server: PrivatePostgres;
  let site: TestSite;
  let storyUrl: string;
  let storyId: number;

  before(async () => {
    server = await PrivatePostgres.create();
    site = await openSite(
      'postgres',
      {},
      {
        databaseUrl: server.url,
        databaseOptions: { connectTimeoutMs: 1000, queryTimeoutMs: 1500 },
        // Pages rendered now are past their freshness at once: every request asks the
        // database again, which is when an outage shows.
        now: () => Date.now() - 3_600_000,
      },
    );
    const { author } = await baseContent(site);
    const story = await makeStory(site, author.id, {
      title: 'Новина, що переживе збій',
      publishedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    });
    storyUrl = story.url;
    storyId = story.id;
  });
  after(async () => {
    server?.thaw();
    await site?.dispose();
    await server?.destroy();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    site.app.inject({ method: 'GET', url: path, headers });

  test('down: cached pages keep serving; others are an HTML 503 in their language; the API a 503 code; nothing counted is lost', {
    timeout: 60_000,
  }, async () => {
    const fresh = await get(storyUrl);
    assert.equal(fresh.statusCode, 200);
    assert.match(fresh.body, /Новина, що переживе збій/);
    await get('/');
    // A reader before the outage: the story is known to be published.
    const before = await site.app.inject({
      method: 'POST',
      url: `/v/${storyId}`,
      headers: { 'user-agent': `${BROWSER} Before` },
      remoteAddress: '192.0.2.200',
    });
    assert.equal(before.statusCode, 204);
    await site.services.views.flush();

    await server.stop();
    // Past its freshness and the database gone: the last good page, not an error.
    const stale = await get(storyUrl);
    assert.equal(stale.statusCode, 200);
    assert.equal(stale.body, fresh.body);
    assert.equal((await get(storyUrl)).statusCode, 200, 'again, without waiting for the database');
    assert.ok(site.cache.stats.staleServed >= 2);

    const never = await get('/latest?before=1700000000000.5');
    assert.equal(never.statusCode, 503);
    assert.equal(never.headers['retry-after'], '30');
    assert.match(String(never.headers['content-type']), /text\/html/);
    assert.match(never.body, /Сайт тимчасово недоступний/);
    const ru = await get('/ru/latest?before=1700000000000.5');
    assert.equal(ru.statusCode, 503);
    assert.match(ru.body, /Сайт временно недоступен/);

    const api = await get('/api/admin/articles', auth);
    assert.equal(api.statusCode, 503);
    assert.equal(api.json().error.code, 'UNAVAILABLE');
    assert.equal((await get('/readyz')).statusCode, 503);
    assert.equal((await get('/healthz')).statusCode, 200, 'the process itself is fine');

    // Readers keep reading: their views wait in memory and are written once it is back.
    for (let i = 0; i < 5; i++) {
      const res = await site.app.inject({
        method: 'POST',
        url: `/v/${storyId}`,
        headers: { 'user-agent': `${BROWSER} Reader/${i}` },
        remoteAddress: `192.0.2.${i + 1}`,
      });
      assert.equal(res.statusCode, 204);
    }
    await assert.rejects(site.services.views.flush());

    await server.start();
    while ((await get('/readyz')).statusCode !== 200)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await site.services.views.flush();
    const views = (await get('/api/admin/articles', auth)).statusCode;
    assert.equal(views, 200, 'the API is back by itself');
    const totals = await site.services.views.totals([storyId]);
    assert.equal(totals.get(storyId), 6, 'one before the outage, five during it');
  });

  test('frozen: readiness and pages answer within their limits instead of hanging', {
    timeout: 60_000,
  }, async () => {
    await get(storyUrl);
    server.freeze();
    // Bounds the operator is promised (not speed): readiness within 5 s, any page within 10 s.
    let started = Date.now();
    assert.equal((await get('/readyz')).statusCode, 503);
    assert.ok(Date.now() - started < 5_000, `readiness answered in ${Date.now() - started} ms`);
    const stale = await get(storyUrl);
    assert.equal(stale.statusCode, 200, 'the last good page');
    started = Date.now();
    const uncached = await get('/latest?before=1700000000000.7');
    assert.ok(Date.now() - started < 10_000, `the page answered in ${Date.now() - started} ms`);
    assert.equal(uncached.statusCode, 503);
    assert.match(uncached.body, /Сайт тимчасово недоступний/);
    server.thaw();
    while ((await get('/readyz')).statusCode !== 200)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const back = await get('/latest?before=1700000000000.7');
    assert.equal(back.statusCode, 200, 'recovered by itself');
  });
});
