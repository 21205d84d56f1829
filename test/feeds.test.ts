import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import FeedParser from 'feedparser';
import { createDistribution, type Distribution } from '../src/server/distribution/index.ts';
import { baseContent, makeStory, testImage } from './factories.ts';
import { actor, dialects, openSite, type TestSite } from './harness.ts';

const PUBLIC = 'https://news.example.org';
const HUB = 'https://hub.example.org/';

interface Parsed {
  meta: FeedParser.Meta & { cloud?: { type?: string; href?: string } };
  items: FeedParser.Item[];
}

/** Parses with feedparser, a real-world feed reader library; rejects on any error it reports. */
function parseFeed(xml: string): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const parser = new FeedParser({});
    const items: FeedParser.Item[] = [];
    parser.on('error', reject);
    parser.on('readable', () => {
      for (let item = parser.read(); item; item = parser.read()) items.push(item);
    });
    parser.on('end', () => resolve({ meta: parser.meta as Parsed['meta'], items }));
    parser.end(xml);
  });
}

for (const d of dialects()) {
  describe(`feeds [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let app: FastifyInstance;
    let dist: Distribution;
    let ids: Awaited<ReturnType<typeof baseContent>>;
    let mediaId: number;
    let summerId: number;
    let winterId: number;
    let ruId: number;

    before(async () => {
      site = await openSite(d.name);
      ids = await baseContent(site);
      mediaId = (await site.services.media.add(actor, await testImage(), { credit: 'Тест' })).id;
      // Older filler first, so the two dated stories are the newest in the feed.
      for (let i = 0; i < 52; i++) {
        await makeStory(site, ids.author.id, {
          title: `Архівна новина ${i}`,
          section: i % 2 ? 'economy' : 'politics',
          publishedAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
          tags: [],
        });
      }
      const summer = await makeStory(site, ids.author.id, {
        title: 'Київ підтримує громади',
        publishedAt: '2024-10-25T09:57:00Z',
        tags: ['Київ'],
        heroImage: { mediaId, alt: 'Громада' },
        body: '<p>Перший абзац про <a href="/section/politics">політику</a> & ціни.</p><p>Другий.</p>',
      });
      const winter = await makeStory(site, ids.author.id, {
        title: 'Зимова новина',
        section: 'economy',
        publishedAt: '2025-01-15T10:00:00Z',
      });
      const ru = await makeStory(site, ids.author.id, {
        language: 'ru',
        title: 'Киев поддерживает громады',
        publishedAt: '2024-10-25T09:58:00Z',
        translationOf: summer.id,
        tags: ['Киев'],
      });
      summerId = summer.id;
      winterId = winter.id;
      ruId = ru.id;
      dist = createDistribution({
        sources: site.services,
        cache: site.cache,
        mediaFile: site.services.media.file,
        urls: site.urls,
        languages: ['uk', 'ru'],
        publicUrl: PUBLIC,
        siteName: 'Шпальта',
        timeZone: 'Europe/Kyiv',
        hubUrl: HUB,
      });
      // As in buildApp (src/server/http/app.ts), so long slugs reach the handler.
      app = Fastify({ routerOptions: { maxParamLength: 300 } });
      await app.register(async (instance) => dist.routes(instance));
      await app.ready();
    });
    after(async () => {
      await app.close();
      await site.dispose();
    });

    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers });
    const guid = (id: number) => `tag:news.example.org,2024:article:${id}`;
    const heroBytes = async () => fs.statSync((await site.services.media.file(mediaId, '1200.jpg'))!).size;

    test('RSS 2.0 of the whole site parses and carries the latest 50 stories', async () => {
      const res = await get('/feed.xml');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/rss+xml; charset=utf-8');
      const { meta, items } = await parseFeed(res.body);
      assert.equal(meta['#type'], 'rss');
      assert.equal(meta.title, 'Шпальта');
      assert.equal(meta.language, 'uk');
      assert.equal(meta.link, `${PUBLIC}/`);
      assert.equal(meta.xmlurl, `${PUBLIC}/feed.xml`);
      assert.deepEqual(meta.cloud, { type: 'hub', href: HUB });
      assert.equal(items.length, 50);
      assert.equal(items[0]!.guid, guid(winterId));
      const summer = items.find((i) => i.guid === guid(summerId))!;
      assert.ok(summer, 'the story with a hero image is in the feed');
      // isPermaLink="false": the reader must not take the GUID for a link.
      assert.equal((summer as FeedParser.Item & { permalink?: string }).permalink, undefined);
      assert.match(summer.link, new RegExp(`^${PUBLIC}/news/${summerId}-kyiv-pidtrymuie-hromady$`));
      assert.equal(summer.pubdate?.toISOString(), '2024-10-25T09:57:00.000Z');
      assert.equal(summer.author, 'Олена Тестова');
      assert.deepEqual(summer.categories, ['Політика', 'Київ']);
      assert.deepEqual(summer.enclosures, [
        { url: `${PUBLIC}/media/${mediaId}/1200.jpg`, type: 'image/jpeg', length: String(await heroBytes()) },
      ]);
      // RFC 822 dates in Kyiv time with the offset of the day (summer +0300, winter +0200).
      assert.match(res.body, /<pubDate>Fri, 25 Oct 2024 12:57:00 \+0300<\/pubDate>/);
      assert.match(res.body, /<pubDate>Wed, 15 Jan 2025 12:00:00 \+0200<\/pubDate>/);
      assert.match(res.body, new RegExp(`<guid isPermaLink="false">${guid(summerId)}</guid>`));
      // Summaries only unless full text is asked for.
      assert.doesNotMatch(res.body, /content:encoded/);
      assert.doesNotMatch(res.body, /Архівна новина 0</, 'the oldest stories fall off the end');
    });

    test('Atom 1.0 and JSON Feed 1.1 carry the same stories with RFC 3339 dates', async () => {
      const atom = await get('/atom.xml');
      assert.equal(atom.headers['content-type'], 'application/atom+xml; charset=utf-8');
      const { meta, items } = await parseFeed(atom.body);
      assert.equal(meta['#type'], 'atom');
      assert.equal(meta.xmlurl, `${PUBLIC}/atom.xml`);
      assert.deepEqual(meta.cloud, { type: 'hub', href: HUB });
      assert.equal(items.length, 50);
      const summer = items.find((i) => i.guid === guid(summerId))!;
      assert.equal(summer.pubdate?.toISOString(), '2024-10-25T09:57:00.000Z');
      assert.deepEqual(
        summer.enclosures.map((e) => [e.url, e.type, e.length]),
        [[`${PUBLIC}/media/${mediaId}/1200.jpg`, 'image/jpeg', String(await heroBytes())]],
      );
      assert.match(atom.body, /<published>2024-10-25T12:57:00\+03:00<\/published>/);
      assert.match(atom.body, /<link rel="hub" href="https:\/\/hub.example.org\/"\/>/);

      const json = await get('/feed.json');
      assert.equal(json.headers['content-type'], 'application/feed+json; charset=utf-8');
      const feed = JSON.parse(json.body);
      assert.equal(feed.version, 'https://jsonfeed.org/version/1.1');
      assert.equal(feed.feed_url, `${PUBLIC}/feed.json`);
      assert.equal(feed.language, 'uk');
      assert.deepEqual(feed.hubs, [{ type: 'WebSub', url: HUB }]);
      assert.equal(feed.items.length, 50);
      const item = feed.items.find((i: { id: string }) => i.id === guid(summerId));
      assert.equal(item.date_published, '2024-10-25T12:57:00+03:00');
      assert.equal(item.content_text, 'Короткий підсумок події одним реченням.');
      assert.equal(item.content_html, undefined);
      assert.deepEqual(item.attachments, [
        {
          url: `${PUBLIC}/media/${mediaId}/1200.jpg`,
          mime_type: 'image/jpeg',
          size_in_bytes: await heroBytes(),
        },
      ]);
      assert.deepEqual(item.authors, [{ name: 'Олена Тестова', url: `${PUBLIC}/author/olena-test` }]);
    });

    test('?full=1 carries the full text with absolute links, as its own feed', async () => {
      const rss = await get('/feed.xml?full=1');
      assert.equal(rss.statusCode, 200);
      const { meta, items } = await parseFeed(rss.body);
      assert.equal(meta.xmlurl, `${PUBLIC}/feed.xml?full=1`);
      const summer = items.find((i) => i.guid === guid(summerId))!;
      assert.match(
        summer.description,
        /Перший абзац про <a href="https:\/\/news.example.org\/section\/politics">/,
      );
      assert.match(summer.description, /&amp; ціни/);
      assert.equal(summer.summary, 'Короткий підсумок події одним реченням.');

      const atom = await parseFeed((await get('/atom.xml?full=1')).body);
      assert.match(atom.items.find((i) => i.guid === guid(summerId))!.description, /<p>Другий\.<\/p>/);

      const json = JSON.parse((await get('/feed.json?full=1')).body);
      const item = json.items.find((i: { id: string }) => i.id === guid(summerId));
      assert.match(item.content_html, /href="https:\/\/news.example.org\/section\/politics"/);
      assert.equal(json.feed_url, `${PUBLIC}/feed.json?full=1`);
    });

    test('a GUID never changes when the story is edited, and the edit shows at once', async () => {
      const before = await parseFeed((await get('/feed.xml')).body);
      const old = before.items.find((i) => i.guid === guid(winterId))!;
      assert.equal(old.title, 'Зимова новина');
      await site.services.articles.update(actor, winterId, { title: 'Зимова новина, оновлена' });
      const afterEdit = await parseFeed((await get('/feed.xml')).body);
      const edited = afterEdit.items.find((i) => i.guid === guid(winterId))!;
      assert.equal(edited.title, 'Зимова новина, оновлена');
      assert.notEqual(edited.link, old.link, 'the slug follows the title');
      assert.equal(afterEdit.items.length, 50);
    });

    test('section and author feeds, in each language', async () => {
      const economy = await parseFeed((await get('/section/economy/feed.xml')).body);
      assert.equal(economy.meta.title, 'Економіка — Шпальта');
      assert.equal(economy.meta.link, `${PUBLIC}/section/economy`);
      assert.equal(economy.meta.xmlurl, `${PUBLIC}/section/economy/feed.xml`);
      assert.equal(economy.items.length, 27);
      assert.ok(economy.items.every((i) => i.categories[0] === 'Економіка'));

      const ruPolitics = await parseFeed((await get('/ru/section/politics/atom.xml')).body);
      assert.equal(ruPolitics.meta.title, 'Политика — Шпальта');
      assert.deepEqual(
        ruPolitics.items.map((i) => i.guid),
        [guid(ruId)],
      );
      assert.match(ruPolitics.items[0]!.link, /^https:\/\/news.example.org\/ru\/news\/\d+-kiev-/);

      const author = JSON.parse((await get('/author/olena-test/feed.json')).body);
      assert.equal(author.title, 'Олена Тестова — Шпальта');
      assert.equal(author.home_page_url, `${PUBLIC}/author/olena-test`);
      assert.equal(author.items.length, 50);

      const ru = await parseFeed((await get('/ru/feed.xml')).body);
      assert.equal(ru.meta.language, 'ru');
      assert.equal(ru.meta.xmlurl, `${PUBLIC}/ru/feed.xml`);
      assert.deepEqual(
        ru.items.map((i) => i.guid),
        [guid(ruId)],
        'a translation has its own GUID',
      );
      assert.equal(ru.items[0]!.author, 'Елена Тестова');
    });

    test('bad input answers 4xx, never 5xx', async () => {
      for (const [url, status] of [
        ['/section/nope/feed.xml', 404],
        ['/section/Bad_Slug/atom.xml', 404],
        ['/author/nobody/feed.json', 404],
        [`/section/${'a'.repeat(121)}/feed.xml`, 404],
        ['/feed.xml?full=2', 400],
        ['/feed.xml?full=1&full=1', 400],
        ['/feed.xml?full=', 400],
        ['/xx/feed.xml', 404],
        ['/section/politics/feed.rss', 404],
      ] as const) {
        const res = await get(url);
        assert.equal(res.statusCode, status, url);
      }
      // Unrelated query parameters neither fail nor make a second cached copy.
      const tracked = await get('/feed.xml?utm_source=x');
      assert.equal(tracked.statusCode, 200);
    });

    test('feeds are cached, answer 304 to a matching ETag and name hub and self in Link', async () => {
      const first = await get('/ru/feed.json');
      const hits = site.cache.stats.hits;
      const second = await get('/ru/feed.json');
      assert.equal(site.cache.stats.hits, hits + 1);
      assert.equal(second.body, first.body);
      assert.equal(second.headers.link, `<${HUB}>; rel="hub", <${PUBLIC}/ru/feed.json>; rel="self"`);
      assert.match(String(second.headers['surrogate-key']), /latest:ru/);
      const etag = String(second.headers.etag);
      const notModified = await get('/ru/feed.json', { 'if-none-match': etag });
      assert.equal(notModified.statusCode, 304);
      assert.match(String(notModified.headers.link), /rel="hub"/);
      // Publishing in the language purges its feeds.
      const fresh = await makeStory(site, ids.author.id, { language: 'ru', title: 'Свежая новость' });
      const third = JSON.parse((await get('/ru/feed.json')).body);
      assert.equal(third.items[0].id, guid(fresh.id));
    });

    test('feedLinks gives the head links of a page', () => {
      assert.deepEqual(dist.feedLinks('uk', 'site'), [
        { type: 'application/rss+xml', href: '/feed.xml', title: 'Шпальта (RSS)' },
        { type: 'application/atom+xml', href: '/atom.xml', title: 'Шпальта (Atom)' },
        { type: 'application/feed+json', href: '/feed.json', title: 'Шпальта (JSON Feed)' },
      ]);
      assert.deepEqual(
        dist.feedLinks('ru', 'section', 'politics', 'Политика').map((l) => [l.href, l.title]),
        [
          ['/ru/section/politics/feed.xml', 'Шпальта: Политика (RSS)'],
          ['/ru/section/politics/atom.xml', 'Шпальта: Политика (Atom)'],
          ['/ru/section/politics/feed.json', 'Шпальта: Политика (JSON Feed)'],
        ],
      );
    });
  });
}
