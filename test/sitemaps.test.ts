import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { PageCache } from '../src/server/site/page-cache.ts';
import { baseContent, makeStory, testImage } from './factories.ts';
import { actor, dialects, openSite, type TestSite } from './harness.ts';
import { bulkStories, mib, mount, PUBLIC, streamedSitemapMemory } from './sitemap-scale.ts';

const DAY = 86_400_000;

/** CI runs in a fresh clone with shared/ beside it; a developer's tree has it at /work/shared. */
const SCHEMA = [
  path.resolve(process.cwd(), '../shared/schemas/sitemap-all.xsd'),
  '/work/shared/schemas/sitemap-all.xsd',
].find((p) => fs.existsSync(p));

function validate(xml: string, what: string): void {
  assert.ok(SCHEMA, 'sitemap-all.xsd not found beside the repository');
  const r = spawnSync('xmllint', ['--noout', '--schema', SCHEMA, '-'], { input: xml, encoding: 'utf8' });
  assert.equal(r.status, 0, `${what} does not validate:\n${r.stderr.slice(0, 2000)}`);
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]!);
const pathOf = (url: string) => url.slice(PUBLIC.length);

for (const d of dialects()) {
  describe(`sitemaps [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let app: FastifyInstance;
    let mediaId: number;
    let octoberUk: number;
    let octoberRu: number;
    let recentUk: number;
    let recentRu: number;
    let oldUk: number;

    before(async () => {
      site = await openSite(d.name);
      const ids = await baseContent(site);
      mediaId = (await site.services.media.add(actor, await testImage(), { credit: 'Тест' })).id;
      const october = await makeStory(site, ids.author.id, {
        title: 'Жовтнева новина',
        publishedAt: '2024-10-25T09:57:00Z',
        heroImage: { mediaId, alt: 'Фото' },
      });
      const octoberRuStory = await makeStory(site, ids.author.id, {
        language: 'ru',
        title: 'Октябрьская новость',
        publishedAt: '2024-10-25T10:00:00Z',
        translationOf: october.id,
      });
      await makeStory(site, ids.author.id, {
        title: 'Листопадова новина',
        publishedAt: '2024-11-03T08:00:00Z',
      });
      const recent = await makeStory(site, ids.author.id, {
        title: 'Свіжа новина & «лапки»',
        section: 'economy',
        heroImage: { mediaId, alt: 'Листопадове фото' },
      });
      const recentRuStory = await makeStory(site, ids.author.id, {
        language: 'ru',
        title: 'Свежая новость',
        translationOf: recent.id,
      });
      const old = await makeStory(site, ids.author.id, {
        title: 'Три дні тому',
        publishedAt: new Date(Date.now() - 3 * DAY).toISOString(),
      });
      await makeStory(site, ids.author.id, { title: 'Чернетка', status: 'draft' });
      for (const [language, title] of [
        ['uk', 'Редакційні стандарти'],
        ['ru', 'Редакционные стандарты'],
      ] as const) {
        await site.services.pages.upsert(actor, {
          key: 'editorial-standards',
          language,
          title,
          body: '<p>Так.</p>',
        });
      }
      octoberUk = october.id;
      octoberRu = octoberRuStory.id;
      recentUk = recent.id;
      recentRu = recentRuStory.id;
      oldUk = old.id;
      app = await mount(site);
    });
    after(async () => {
      await app.close();
      await site.dispose();
    });

    const get = (url: string) => app.inject({ method: 'GET', url });

    test('robots.txt lists the sitemap index and the news sitemap', async () => {
      const res = await get('/robots.txt');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assert.match(res.body, /^User-agent: \*$/m);
      assert.match(res.body, /^Sitemap: https:\/\/news.example.org\/sitemap.xml$/m);
      assert.match(res.body, /^Sitemap: https:\/\/news.example.org\/sitemaps\/news.xml$/m);
    });

    test('every sitemap reachable from robots.txt validates against the schema', async () => {
      const robots = (await get('/robots.txt')).body;
      const queue = [...robots.matchAll(/^Sitemap: (.*)$/gm)].map((m) => m[1]!);
      const seen: string[] = [];
      while (queue.length) {
        const url = queue.shift()!;
        const res = await get(pathOf(url));
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['content-type'], 'application/xml; charset=utf-8', url);
        validate(res.body, url);
        seen.push(pathOf(url));
        if (res.body.includes('<sitemapindex')) queue.push(...locs(res.body));
      }
      // The recent stories' UTC months (a story three days old may fall in the previous one).
      const monthOf = async (id: number) =>
        new Date((await site.services.articles.get(actor, id)).publishedAt).toISOString().slice(0, 7);
      const files = new Set([
        '/sitemap.xml',
        '/sitemaps/articles-ru-2024-10-1.xml',
        '/sitemaps/articles-uk-2024-10-1.xml',
        '/sitemaps/articles-uk-2024-11-1.xml',
        `/sitemaps/articles-ru-${await monthOf(recentRu)}-1.xml`,
        `/sitemaps/articles-uk-${await monthOf(recentUk)}-1.xml`,
        `/sitemaps/articles-uk-${await monthOf(oldUk)}-1.xml`,
        '/sitemaps/authors.xml',
        '/sitemaps/news.xml',
        '/sitemaps/pages.xml',
        '/sitemaps/sections.xml',
      ]);
      assert.deepEqual(seen.sort(), [...files].sort());
    });

    test('story entries carry lastmod, hreflang alternates with x-default, and the image', async () => {
      const uk = await site.services.articles.get(actor, octoberUk);
      const ru = await site.services.articles.get(actor, octoberRu);
      const xml = (await get('/sitemaps/articles-uk-2024-10-1.xml')).body;
      const entry = new RegExp(
        `<url><loc>${PUBLIC}${uk.url}</loc><lastmod>[0-9T:-]+\\+0[23]:00</lastmod>` +
          `<xhtml:link rel="alternate" hreflang="uk" href="${PUBLIC}${uk.url}"/>` +
          `<xhtml:link rel="alternate" hreflang="ru" href="${PUBLIC}${ru.url}"/>` +
          `<xhtml:link rel="alternate" hreflang="x-default" href="${PUBLIC}${uk.url}"/>` +
          `<image:image><image:loc>${PUBLIC}/media/${mediaId}/1600.jpg</image:loc></image:image></url>`,
      );
      assert.match(xml, entry);
      const ruXml = (await get('/sitemaps/articles-ru-2024-10-1.xml')).body;
      assert.deepEqual(locs(ruXml), [`${PUBLIC}${ru.url}`]);
      assert.match(ruXml, /hreflang="x-default" href="https:\/\/news.example.org\/news\//);
      // A story alone in its language has no alternates; drafts are nowhere.
      const november = (await get('/sitemaps/articles-uk-2024-11-1.xml')).body;
      assert.equal(locs(november).length, 1);
      assert.doesNotMatch(november, /xhtml:link/);
      const month = new Date((await site.services.articles.get(actor, recentUk)).publishedAt)
        .toISOString()
        .slice(0, 7);
      const current = (await get(`/sitemaps/articles-uk-${month}-1.xml`)).body;
      assert.ok(locs(current).length > 0);
      assert.doesNotMatch(current, /chernetka/);
    });

    test('the Google News sitemap has the last 48 hours only, with publication, language and title', async () => {
      const xml = (await get('/sitemaps/news.xml')).body;
      const uk = await site.services.articles.get(actor, recentUk);
      const ru = await site.services.articles.get(actor, recentRu);
      const old = await site.services.articles.get(actor, oldUk);
      assert.deepEqual(locs(xml).sort(), [`${PUBLIC}${uk.url}`, `${PUBLIC}${ru.url}`].sort());
      assert.ok(!xml.includes(old.url), 'three days old is out');
      assert.match(
        xml,
        new RegExp(
          '<news:news><news:publication><news:name>Шпальта</news:name><news:language>uk</news:language>' +
            '</news:publication><news:publication_date>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0[23]:00' +
            '</news:publication_date><news:title>Свіжа новина &amp; «лапки»</news:title></news:news>',
        ),
      );
      assert.match(xml, /<news:language>ru<\/news:language>/);
      assert.match(xml, new RegExp(`<image:loc>${PUBLIC}/media/${mediaId}/1600.jpg</image:loc>`));
      assert.match(xml, /hreflang="ru"/);
      // While one file holds them all, news-1.xml is the same sitemap.
      assert.equal((await get('/sitemaps/news-1.xml')).body, xml);
    });

    test('sections, authors and pages sitemaps list every language version', async () => {
      const sections = (await get('/sitemaps/sections.xml')).body;
      assert.deepEqual(locs(sections), [
        `${PUBLIC}/section/politics`,
        `${PUBLIC}/ru/section/politics`,
        `${PUBLIC}/section/economy`,
        `${PUBLIC}/ru/section/economy`,
      ]);
      assert.match(sections, /hreflang="x-default" href="https:\/\/news.example.org\/section\/politics"/);
      const authors = (await get('/sitemaps/authors.xml')).body;
      assert.deepEqual(locs(authors), [`${PUBLIC}/author/olena-test`, `${PUBLIC}/ru/author/olena-test`]);
      const pages = (await get('/sitemaps/pages.xml')).body;
      assert.deepEqual(locs(pages), [
        `${PUBLIC}/`,
        `${PUBLIC}/latest`,
        `${PUBLIC}/ru/`,
        `${PUBLIC}/ru/latest`,
        `${PUBLIC}/page/editorial-standards`,
        `${PUBLIC}/ru/page/editorial-standards`,
      ]);
    });

    test('a new story in a new month shows in the index at once (cached, purged by publishing)', async () => {
      const before = (await get('/sitemap.xml')).body;
      assert.ok(!before.includes('articles-uk-2023-05'));
      const hits = site.cache.stats.hits;
      await get('/sitemap.xml');
      assert.equal(site.cache.stats.hits, hits + 1);
      await makeStory(site, (await site.services.authors.list())[0]!.id, {
        publishedAt: '2023-05-02T12:00:00Z',
      });
      assert.match((await get('/sitemap.xml')).body, /articles-uk-2023-05-1\.xml/);
    });

    test('bad names and missing parts are 404, never 5xx', async () => {
      for (const url of [
        '/sitemaps/articles-uk-2024-13-1.xml',
        '/sitemaps/articles-uk-2024-00-1.xml',
        '/sitemaps/articles-uk-1969-12-1.xml',
        '/sitemaps/articles-xx-2024-10-1.xml',
        '/sitemaps/articles-uk-2024-10-2.xml',
        '/sitemaps/articles-uk-2024-10-0.xml',
        '/sitemaps/articles-uk-2024-10.xml',
        '/sitemaps/articles-uk-2024-09-1.xml',
        '/sitemaps/articles-uk-2999-01-1.xml',
        '/sitemaps/articles-UK-2024-10-1.xml',
        '/sitemaps/news-2.xml',
        '/sitemaps/news-0.xml',
        '/sitemaps/nope.xml',
        `/sitemaps/${'a'.repeat(250)}.xml`,
        '/sitemaps/',
      ]) {
        const res = await get(url);
        assert.equal(res.statusCode, 404, url);
      }
    });

    test('story sitemaps are gzipped for clients that take it, and HEAD sends no body', async () => {
      const res = await app.inject({
        method: 'GET',
        url: '/sitemaps/articles-uk-2024-10-1.xml',
        headers: { 'accept-encoding': 'gzip' },
      });
      assert.equal(res.headers['content-encoding'], 'gzip');
      const { gunzipSync } = await import('node:zlib');
      assert.match(gunzipSync(res.rawPayload).toString('utf8'), /<urlset /);
      assert.equal(res.headers['cache-control'], 'public, max-age=3600, s-maxage=86400');
      const head = await app.inject({ method: 'HEAD', url: '/sitemaps/articles-uk-2024-10-1.xml' });
      assert.equal(head.statusCode, 200);
      assert.equal(head.body, '');
    });

    test('a month beyond the per-file limit is split into parts that tile it exactly', async () => {
      const small = await mount(site, { maxUrlsPerSitemap: 7, cache: new PageCache({ maxEntries: 0 }) });
      const all = await site.db
        .selectFrom('articles')
        .select('id')
        .where('language', '=', 'uk')
        .where('status', '=', 'published')
        .execute();
      const index = (await small.inject({ method: 'GET', url: '/sitemap.xml' })).body;
      const files = locs(index)
        .map(pathOf)
        .filter((p) => p.startsWith('/sitemaps/articles-uk-'));
      const seen: string[] = [];
      for (const file of files) {
        const xml = (await small.inject({ method: 'GET', url: file })).body;
        assert.ok(locs(xml).length <= 7, file);
        seen.push(...locs(xml));
      }
      assert.equal(seen.length, all.length, 'every story once');
      assert.equal(new Set(seen).size, seen.length, 'no story twice');
      await small.close();
    });
  });

  describe(`sitemaps at scale [${d.name}]`, { skip: d.skip }, () => {
    // 50 000 rows here; `npm run bench` streams a million (bench/sitemap.ts).
    const rows = Number(process.env.SITEMAP_TEST_ROWS ?? 50_000);
    const pairs = rows / 2;
    const month = { year: 2023, month: 3 };
    const from = Date.UTC(month.year, month.month - 1, 1);
    let site: TestSite;
    let ids: Awaited<ReturnType<typeof baseContent>>;
    let mediaId: number;
    let insertMs = 0;

    before(async () => {
      site = await openSite(d.name);
      ids = await baseContent(site);
      mediaId = (await site.services.media.add(actor, await testImage(), {})).id;
      const started = Date.now();
      await bulkStories(site, {
        pairs,
        from,
        spanMs: 31 * DAY,
        sectionId: ids.politics.id,
        authorId: ids.author.id,
        mediaId,
      });
      insertMs = Date.now() - started;
    });
    after(() => site.dispose());

    test(`a month of ${pairs} stories streams with flat memory`, async (t) => {
      t.diagnostic(`${rows} stories inserted in one statement in ${insertMs} ms`);
      const m = await streamedSitemapMemory(site, rows, 'articles-uk-2023-03-1.xml');
      t.diagnostic(
        `streamed ${m.urls} URLs (${mib(m.bytes)} MiB) in ${m.seconds.toFixed(1)} s; growth over baseline at peak: ` +
          `live heap ${mib(m.live)} MiB, raw heap ${mib(m.heap)} MiB, rss ${mib(m.rss)} MiB`,
      );
      assert.equal(m.urls, pairs);
      // Holding the rows or the document would take tens of MiB even here; streaming holds a batch or two.
      assert.ok(m.live < 16 * 2 ** 20, `live heap grew ${mib(m.live)} MiB`);
    });

    test('past the URL limit the month splits into files within it that validate', async () => {
      // The protocol's limit is 50 000; a tenth of it splits this month the same way.
      const limit = 5_000;
      const app = await mount(site, { maxUrlsPerSitemap: limit, cache: new PageCache({ maxEntries: 0 }) });
      const index = (await app.inject({ method: 'GET', url: '/sitemap.xml' })).body;
      validate(index, 'sitemap index');
      const parts = locs(index)
        .map(pathOf)
        .filter((p) => p.startsWith('/sitemaps/articles-uk-2023-03-'));
      // Whole days are packed greedily, so a file may hold somewhat fewer than 50 000.
      const least = Math.ceil(pairs / limit);
      assert.ok(parts.length >= least && parts.length <= 2 * least, `${parts.length} files`);
      const last = (await app.inject({ method: 'GET', url: parts[parts.length - 1]! })).body;
      const first = (await app.inject({ method: 'GET', url: parts[0]! })).body;
      for (const xml of [first, last]) {
        const n = locs(xml).length;
        assert.ok(n > 0 && n <= limit, `${n} URLs`);
      }
      validate(first, parts[0]!);
      // Every entry names its Russian version.
      assert.equal(first.split('hreflang="ru"').length - 1, locs(first).length);
      const beyond = await app.inject({
        method: 'GET',
        url: `/sitemaps/articles-uk-2023-03-${parts.length + 1}.xml`,
      });
      assert.equal(beyond.statusCode, 404);
      await app.close();
    });

    test('beyond 1000 recent stories the news sitemap becomes an index of files of at most 1000', async () => {
      const now = Date.now();
      // 1 250 pairs over the last 40 hours, and a few older ones that must stay out.
      await bulkStories(site, {
        pairs: 1250,
        from: now - 40 * 3_600_000,
        spanMs: 39 * 3_600_000,
        sectionId: ids.economy.id,
        authorId: ids.author.id,
        mediaId,
      });
      const app = await mount(site, { cache: new PageCache({ maxEntries: 0 }) });
      const index = await app.inject({ method: 'GET', url: '/sitemaps/news.xml' });
      assert.match(index.body, /<sitemapindex /);
      validate(index.body, 'news index');
      const files = locs(index.body).map(pathOf);
      assert.ok(files.length >= 3, `${files.length} files for 2 500 stories`);
      const seen: string[] = [];
      for (const file of files) {
        const xml = (await app.inject({ method: 'GET', url: file })).body;
        validate(xml, file);
        const n = locs(xml).length;
        assert.ok(n <= 1000, `${file}: ${n}`);
        assert.equal(xml.split('<news:news>').length - 1, n);
        seen.push(...locs(xml));
      }
      assert.equal(seen.length, 2500);
      assert.equal(new Set(seen).size, 2500);
      await app.close();
    });
  });
}
