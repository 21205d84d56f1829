import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { createDistribution, type Distribution } from '../src/server/distribution/index.ts';
import type { ArticlesService } from '../src/server/modules/articles/index.ts';
import { tagsOf } from '../src/server/site/cache-tags.ts';
import { PageCache } from '../src/server/site/page-cache.ts';
import { baseContent } from './factories.ts';
import { actor, dialects, freePort, openSite, type TestSite } from './harness.ts';

interface Ping {
  contentType: string;
  mode: string | null;
  topic: string | null;
  /** What the hub got when it fetched the topic, as a real hub does on a ping. */
  fetched: string;
}

/** A tiny WebSub hub on loopback: records publish pings and fetches each pinged feed. */
async function startHub() {
  const pings: Ping[] = [];
  let status = 204;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', async () => {
      const form = new URLSearchParams(body);
      const topic = form.get('hub.url');
      let fetched = '';
      if (status < 300 && topic?.startsWith('http://127.0.0.1')) fetched = await (await fetch(topic)).text();
      pings.push({
        contentType: String(req.headers['content-type']),
        mode: form.get('hub.mode'),
        topic,
        fetched,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    pings,
    setStatus: (s: number) => {
      status = s;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

for (const d of dialects()) {
  describe(`WebSub [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let hub: Awaited<ReturnType<typeof startHub>>;
    let app: FastifyInstance;
    let dist: Distribution;
    let articles: ArticlesService;
    let origin: string;
    let clock = Date.now();
    const errors: { topic: string; error: unknown }[] = [];
    let authorId: number;

    before(async () => {
      site = await openSite(d.name, {}, { now: () => clock });
      authorId = (await baseContent(site)).author.id;
      hub = await startHub();
      const port = await freePort();
      origin = `http://127.0.0.1:${port}`;
      dist = createDistribution({
        sources: site.services,
        cache: site.cache,
        mediaFile: site.services.media.file,
        urls: site.urls,
        languages: ['uk', 'ru'],
        publicUrl: origin,
        siteName: 'Шпальта',
        timeZone: 'Europe/Kyiv',
        hubUrl: hub.url,
        websub: { delayMs: 30, retryDelayMs: 10, onError: (error, topic) => errors.push({ error, topic }) },
      });
      // Wired as compose.ts wires its own: committed events reach the hook on this node.
      site.bus.subscribe({
        name: 'websub-under-test',
        handle: (envelopes) => dist.changed([...new Set(envelopes.flatMap((e) => tagsOf(e.event)))]),
      });
      articles = site.services.articles;
      app = Fastify();
      await app.register(async (instance) => dist.routes(instance));
      await app.listen({ port, host: '127.0.0.1' });
    });
    after(async () => {
      await dist.flush();
      await app.close();
      await hub.close();
      await site.dispose();
    });
    beforeEach(() => {
      hub.pings.length = 0;
      errors.length = 0;
      hub.setStatus(204);
      clock = Date.now();
    });

    const story = (o: Record<string, unknown> = {}) =>
      articles.create(actor, {
        language: 'uk',
        title: `Новина ${Math.random().toString(36).slice(2, 8)}`,
        lead: 'Коротко.',
        body: '<p>Текст.</p>',
        section: 'politics',
        authorId,
        status: 'published',
        publishedAt: new Date(clock - 60_000).toISOString(),
        ...o,
      });
    const variants = (base: string) =>
      ['feed.xml', 'atom.xml', 'feed.json'].flatMap((f) => [
        `${origin}${base}${f}`,
        `${origin}${base}${f}?full=1`,
      ]);

    test('publishing a story pings the hub, form-encoded, for every feed it appears in', async () => {
      // A cached copy from before the story must not be what the hub then fetches.
      const stale = await fetch(`${origin}/feed.xml`);
      assert.equal(stale.status, 200);
      const s = await story({ title: 'Свіжа новина для хаба' });
      await dist.flush();
      const topics = hub.pings.map((p) => p.topic).sort();
      assert.deepEqual(
        topics,
        [...variants('/'), ...variants('/section/politics/'), ...variants('/author/olena-test/')].sort(),
      );
      for (const p of hub.pings) {
        assert.equal(p.mode, 'publish');
        assert.match(p.contentType, /^application\/x-www-form-urlencoded/);
      }
      const fetched = hub.pings.find((p) => p.topic === `${origin}/feed.xml`)!.fetched;
      assert.match(fetched, /Свіжа новина для хаба/);
      assert.match(fetched, new RegExp(`<atom:link rel="hub" href="${hub.url}"/>`));
      assert.match(
        fetched,
        new RegExp(`<guid isPermaLink="false">tag:127.0.0.1,2024:article:${s.id}</guid>`),
      );
    });

    test('drafts ping nothing; a Russian story pings the Russian feeds only', async () => {
      await story({ status: 'draft' });
      await dist.flush();
      assert.equal(hub.pings.length, 0);
      await story({ language: 'ru', title: 'Русская новость' });
      await dist.flush();
      const topics = hub.pings.map((p) => p.topic!);
      assert.equal(topics.length, 18);
      assert.ok(
        topics.every((t) => t.startsWith(`${origin}/ru/`)),
        topics.join(' '),
      );
    });

    test('pings for one feed within the delay go out once, by themselves after the delay', async () => {
      // The same tags twice before the delay is up, as two quick publications announce them.
      dist.changed(['latest:uk', 'home:uk']);
      dist.changed(['latest:uk']);
      const deadline = Date.now() + 5_000;
      while (hub.pings.length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await dist.flush();
      assert.deepEqual(hub.pings.map((p) => p.topic).sort(), variants('/').sort());
    });

    test('a scheduled story pings when the scheduler publishes it', async () => {
      const s = await story({ status: 'scheduled', publishedAt: new Date(clock + 3_600_000).toISOString() });
      await dist.flush();
      assert.equal(hub.pings.length, 0, 'not yet public');
      clock += 2 * 3_600_000;
      assert.deepEqual(await articles.publishDue(actor), [s.id]);
      await dist.flush();
      assert.ok(hub.pings.some((p) => p.topic === `${origin}/atom.xml`));
    });

    test('an edit pings; a failing hub is tried again once and reported, never thrown', async () => {
      const s = await story();
      await dist.flush();
      hub.pings.length = 0;
      hub.setStatus(500);
      await articles.update(actor, s.id, { title: 'Виправлений заголовок' });
      await dist.flush();
      const rss = hub.pings.filter((p) => p.topic === `${origin}/feed.xml`);
      assert.equal(rss.length, 2, 'one retry');
      assert.equal(errors.length, 18);
      assert.match(String(errors[0]!.error), /hub answered 500/);
    });

    test('without a hub, feeds name none and changes ping nothing', async () => {
      const quiet = createDistribution({
        sources: site.services,
        cache: new PageCache({ maxEntries: 10 }),
        mediaFile: site.services.media.file,
        urls: site.urls,
        languages: ['uk', 'ru'],
        publicUrl: origin,
        siteName: 'Шпальта',
        timeZone: 'Europe/Kyiv',
      });
      const bare = Fastify();
      await bare.register(async (instance) => quiet.routes(instance));
      const res = await bare.inject({ method: 'GET', url: '/author/olena-test/atom.xml?full=1' });
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /rel="hub"/);
      assert.equal(res.headers.link, `<${origin}/author/olena-test/atom.xml?full=1>; rel="self"`);
      quiet.changed(['latest:uk']);
      await quiet.flush();
      assert.equal(hub.pings.length, 0);
      await bare.close();
    });
  });
}
