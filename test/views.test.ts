import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createViewsService } from '../src/server/modules/views/index.ts';
import { VIEWS_JS } from '../src/server/site/assets.ts';
import { baseContent, makeStory } from './factories.ts';
import { actor, clearOfMidnight, dialects, openSite, type TestSite } from './harness.ts';

const UA = (n: number) =>
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.${n} Safari/537.36`;

for (const d of dialects()) {
  describe(`view counting [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let clock = Date.parse('2026-03-01T10:00:00Z');
    let authorId: number;
    before(async () => {
      site = await openSite(d.name, { TRUST_PROXY: '1' }, { now: () => clock });
      authorId = (await baseContent(site)).author.id;
    });
    after(() => site.dispose());

    const beacon = (id: number | string, reader: string, ua: string | undefined = UA(1)) =>
      site.app.inject({
        method: 'POST',
        url: `/v/${id}`,
        headers: {
          // A forged left entry, then the address our proxy saw.
          'x-forwarded-for': `10.0.0.1, ${reader}`,
          ...(ua === undefined ? {} : { 'user-agent': ua }),
        },
      });
    const total = async (id: number) =>
      Number(
        (
          await site.db
            .selectFrom('article_views')
            .select('views')
            .where('article_id', '=', id)
            .executeTakeFirst()
        )?.views ?? 0,
      );
    const story = (title: string) =>
      makeStory(site, authorId, { title, publishedAt: new Date(clock - 60_000).toISOString() });

    test('the beacon script is tiny', () => {
      assert.ok(Buffer.byteLength(VIEWS_JS) < 1024, `${Buffer.byteLength(VIEWS_JS)} B`);
    });

    test('one reader counts once per story per 30 minutes', async () => {
      const s = await story('Дедуплікація');
      assert.equal((await beacon(s.id, '203.0.113.1')).statusCode, 204);
      assert.equal((await beacon(s.id, '203.0.113.1')).statusCode, 204);
      // Same address, another browser: another reader.
      assert.equal((await beacon(s.id, '203.0.113.1', UA(2))).statusCode, 204);
      await site.services.views.flush();
      assert.equal(await total(s.id), 2);
      clock += 29 * 60_000;
      await beacon(s.id, '203.0.113.1');
      await site.services.views.flush();
      assert.equal(await total(s.id), 2);
      clock += 2 * 60_000;
      await beacon(s.id, '203.0.113.1');
      await site.services.views.flush();
      assert.equal(await total(s.id), 3);
    });

    test('bots and empty User-Agents do not count; unknown and unpublished stories are 4xx', async () => {
      const s = await story('Боти');
      for (const ua of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'curl/8.5.0', '']) {
        assert.equal((await beacon(s.id, '198.51.100.7', ua)).statusCode, 204);
      }
      await site.services.views.flush();
      assert.equal(await total(s.id), 0);
      assert.equal((await beacon(999999, '198.51.100.7')).statusCode, 404);
      const draft = await makeStory(site, authorId, { title: 'Чернетка', status: 'draft' });
      assert.equal((await beacon(draft.id, '198.51.100.7')).statusCode, 404);
      assert.equal((await beacon('abc', '198.51.100.7')).statusCode, 400);
      assert.equal((await beacon('0', '198.51.100.7')).statusCode, 400);
      // Publishing makes it countable at once (the known-stories cache is told).
      await site.services.articles.update(actor, draft.id, {
        status: 'published',
        publishedAt: new Date(clock - 1000).toISOString(),
      });
      assert.equal((await beacon(draft.id, '198.51.100.7')).statusCode, 204);
    });

    test('the salt rotates daily, is shared through the database, and old salts are deleted', async () => {
      const s = await story('Сіль');
      await beacon(s.id, '203.0.113.50');
      const salts = async () =>
        (await site.db.selectFrom('settings').select('key').where('key', 'like', 'view_salt:%').execute())
          .map((r) => r.key)
          .sort();
      const day = Math.floor(clock / 86_400_000);
      assert.deepEqual(await salts(), [`view_salt:${day}`]);
      // Nothing that identifies the reader is stored: no address anywhere in the database.
      const dump = JSON.stringify(await site.db.selectFrom('settings').selectAll().execute());
      assert.doesNotMatch(dump, /203\.0\.113\.50/);
      clock += 86_400_000;
      await beacon(s.id, '203.0.113.50');
      assert.deepEqual(await salts(), [`view_salt:${day}`, `view_salt:${day + 1}`]);
      clock += 2 * 86_400_000;
      await beacon(s.id, '203.0.113.50');
      assert.deepEqual(await salts(), [`view_salt:${day + 3}`]);
      await site.services.views.flush();
      // A new day is a new reader hash: the same person counts again.
      assert.equal(await total(s.id), 3);
    });

    test('10 000 beacons from 2 000 readers are counted exactly', async () => {
      const stories = [];
      for (let i = 0; i < 5; i++) stories.push(await story(`Точність ${i}`));
      const sends: (() => Promise<unknown>)[] = [];
      for (let r = 0; r < 2000; r++) {
        const ip = `10.${(r >> 8) & 255}.${r & 255}.9`;
        for (const s of stories) sends.push(() => beacon(s.id, ip, UA(r % 7)));
      }
      for (let i = 0; i < sends.length; i += 500) {
        const res = (await Promise.all(sends.slice(i, i + 500).map((f) => f()))) as { statusCode: number }[];
        assert.ok(res.every((x) => x.statusCode === 204));
        // Flushes interleave with beacons, as they do in production.
        if (i % 2000 === 0) await site.services.views.flush();
      }
      // A second wave from the same readers within the window adds nothing.
      for (let i = 0; i < 2000; i += 500) {
        await Promise.all(sends.slice(i, i + 500).map((f) => f()));
      }
      await site.services.views.flush();
      let sum = 0;
      for (const s of stories) {
        const n = await total(s.id);
        assert.equal(n, 2000);
        sum += n;
      }
      assert.equal(sum, 10_000);
      const hourly = await site.db
        .selectFrom('article_views_hourly')
        .select((eb) => eb.fn.sum<number>('views').as('n'))
        .where(
          'article_id',
          'in',
          stories.map((s) => s.id),
        )
        .executeTakeFirstOrThrow();
      assert.equal(Number(hourly.n), 10_000);
    });

    test('one address adds at most 50 views to a story per half-hour, however many browsers it claims', async () => {
      const s = await story('Накрутка');
      const other = await story('Інша новина');
      for (let n = 0; n < 80; n++) {
        assert.equal((await beacon(s.id, '198.51.100.66', UA(1000 + n))).statusCode, 204);
        if (n % 30 === 0) await site.services.views.flush();
      }
      // Another story from the same address, and another address: their own allowance.
      for (let n = 0; n < 3; n++) await beacon(other.id, '198.51.100.66', UA(2000 + n));
      await beacon(s.id, '198.51.100.67', UA(1));
      await site.services.views.flush();
      assert.equal(await total(s.id), 51);
      assert.equal(await total(other.id), 3);
      // The next half-hour: a new allowance.
      clock += 30 * 60_000;
      for (let n = 0; n < 5; n++) await beacon(s.id, '198.51.100.66', UA(3000 + n));
      await site.services.views.flush();
      assert.equal(await total(s.id), 56);
    });

    test('who was counted is in the database: a restarted or second node does not count them again', async () => {
      const s = await story('Після перезапуску');
      await beacon(s.id, '192.0.2.44');
      await site.services.views.flush();
      // A fresh counter over the same database (the process restarted, or another node).
      const { reader, settings } = site.services;
      const restarted = createViewsService({
        db: site.db,
        dialect: site.database.helpers,
        transactor: site.transactor,
        storyState: reader.storyState,
        existing: reader.existing,
        periodSecret: settings.periodSecret,
        now: () => clock,
      });
      assert.equal(await restarted.record(s.id, '192.0.2.44', UA(1)), 'queued');
      assert.equal(await restarted.record(s.id, '192.0.2.45', UA(1)), 'queued');
      await restarted.flush();
      assert.equal(await total(s.id), 2, 'the first reader once, the new one once');
      assert.equal(restarted.stats.duplicates, 1);
    });

    test('readers older than the window leave the log at the next write', async () => {
      const s = await story('Забування');
      for (let n = 0; n < 20; n++) await beacon(s.id, `203.0.113.${n}`);
      await site.services.views.flush();
      const rows = async () =>
        Number(
          (
            await site.db
              .selectFrom('view_log')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      assert.ok((await rows()) >= 20);
      clock += 2 * 60 * 60_000;
      await beacon(s.id, '203.0.113.200');
      await site.services.views.flush();
      assert.equal(await rows(), 1, 'only the readers of the last half-hour are left');
    });

    test('pages show abbreviated counts with data-views; a new story shows none; most read ranks 24 h', async () => {
      const fresh = await story('Свіжа новина без переглядів');
      const popular = await story('Популярна новина');
      await site.services.views.importCounts(actor, [{ articleId: popular.id, views: 1349, at: clock }]);
      // Counts on pages may be up to 30 s old.
      clock += 31_000;
      site.cache.clear();
      const page = (await site.app.inject({ method: 'GET', url: popular.url })).body;
      assert.match(page, /<span class="views" data-views="1349" title="Перегляди">1\.3т<\/span>/);
      const freshPage = (await site.app.inject({ method: 'GET', url: fresh.url })).body;
      const meta = /<p class="meta">([\s\S]*?)<\/p>/.exec(freshPage)![1]!;
      assert.doesNotMatch(meta, /data-views/);
      const latest = (await site.app.inject({ method: 'GET', url: '/latest' })).body;
      assert.match(
        latest,
        new RegExp(`${popular.url}"><span>Популярна новина</span></a><span class="views" data-views="1349"`),
      );
      assert.match(latest, new RegExp(`${fresh.url}"><span>Свіжа новина без переглядів</span></a></li>`));
      const home = (await site.app.inject({ method: 'GET', url: '/' })).body;
      const most = /id="most-read-title">[\s\S]*?<\/ol>/.exec(home)?.[0] ?? '';
      assert.match(most, /Популярна новина/);
      // Older than 24 hours: out of "most read".
      clock += 25 * 3_600_000;
      site.cache.clear();
      const later = (await site.app.inject({ method: 'GET', url: '/' })).body;
      assert.doesNotMatch(/id="most-read-title">[\s\S]*?<\/ol>/.exec(later)?.[0] ?? '', /Популярна новина/);
    });
  });
}

for (const d of dialects()) {
  // SQLite's workers on one file are separate processes: cluster.test.ts counts across them.
  describe(`view counting across nodes [${d.name}]`, {
    skip: d.skip || (d.name === 'sqlite' ? 'PostgreSQL here; two SQLite workers in cluster.test.ts' : false),
  }, () => {
    let a: TestSite;
    let b: TestSite;
    let authorId: number;
    before(async () => {
      a = await openSite('postgres', { TRUST_PROXY: '1' });
      b = await openSite('postgres', { TRUST_PROXY: '1' }, { schema: a.schema });
      authorId = (await baseContent(a)).author.id;
    });
    after(async () => {
      await b.dispose();
      await a.dispose();
    });
    const send = (site: TestSite, id: number, ip: string, ua: string) =>
      site.app.inject({
        method: 'POST',
        url: `/v/${id}`,
        headers: { 'x-forwarded-for': ip, 'user-agent': ua },
      });

    test('the same readers on two nodes, written at once, count once; one address’s cap holds across both', async () => {
      // Several rounds: the two nodes' writes overlap differently each time.
      // The same readers on both sides of UTC midnight would be new ones (the day's salt).
      await clearOfMidnight();
      for (let round = 0; round < 3; round++) {
        const s = await makeStory(a, authorId, { title: `Два вузли ${round}` });
        const sends: Promise<unknown>[] = [];
        for (let r = 0; r < 400; r++) {
          const ip = `10.9.${r >> 8}.${r & 255}`;
          sends.push(send(a, s.id, ip, UA(1)), send(b, s.id, ip, UA(1)));
        }
        // One address claiming 40 browsers on each node.
        for (let n = 0; n < 40; n++) {
          sends.push(
            send(a, s.id, '198.51.100.99', UA(5000 + n)),
            send(b, s.id, '198.51.100.99', UA(6000 + n)),
          );
        }
        await Promise.all(sends);
        await Promise.all([a.services.views.flush(), b.services.views.flush()]);
        // Then only that address, 40 more browsers on each node: nothing else makes the two
        // writes wait for each other, so only the lock keeps the cap.
        const more: Promise<unknown>[] = [];
        for (let n = 0; n < 40; n++) {
          more.push(
            send(a, s.id, '198.51.100.98', UA(7000 + n)),
            send(b, s.id, '198.51.100.98', UA(8000 + n)),
          );
        }
        await Promise.all(more);
        await Promise.all([a.services.views.flush(), b.services.views.flush()]);
        const row = await a.db
          .selectFrom('article_views')
          .select('views')
          .where('article_id', '=', s.id)
          .executeTakeFirst();
        assert.equal(Number(row?.views ?? 0), 400 + 50 + 50, `round ${round}`);
      }
    });
  });
}
