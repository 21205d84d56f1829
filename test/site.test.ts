import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { baseContent, makeStory, testImage } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

for (const d of dialects()) {
  describe(`public site [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let ids: Awaited<ReturnType<typeof baseContent>>;
    let ukId: number;
    let ruId: number;
    let mediaId: number;

    before(async () => {
      site = await openSite(d.name);
      ids = await baseContent(site);
      mediaId = (await site.services.media.add(actor, await testImage(), { credit: 'Тест Фото' })).id;
      const uk = await makeStory(site, ids.author.id, {
        title: 'Київ підтримує нову програму для громад Згорани',
        source: 'ЗМІ',
        publishedAt: '2024-10-25T09:57:00Z',
        tags: ['Київ', 'громади'],
        heroImage: { mediaId, alt: 'Громада Згорани', caption: 'Зустріч у громаді' },
        body: '<p>Перший абзац з «цитатою».</p><script>alert(1)</script><p onclick="x()">Другий абзац.</p>',
      });
      const ru = await makeStory(site, ids.author.id, {
        language: 'ru',
        title: 'Киев поддерживает новую программу для громад',
        publishedAt: '2024-10-25T09:58:00Z',
        translationOf: uk.id,
        tags: ['Киев'],
      });
      ukId = uk.id;
      ruId = ru.id;
    });
    after(() => site.dispose());

    const get = (url: string, headers: Record<string, string> = {}) =>
      site.app.inject({ method: 'GET', url, headers });

    test('article page shows every part of the seed page', async () => {
      const a = await site.services.articles.get(actor, ukId);
      assert.equal(a.url, `/news/${ukId}-kyiv-pidtrymuie-novu-prohramu-dlia-hromad-zghorany`);
      const res = await get(a.url);
      assert.equal(res.statusCode, 200);
      const html = res.body;
      assert.match(html, /<html lang="uk">/);
      assert.match(
        html,
        /<h1><span>Київ підтримує нову програму для громад Згорани<span class="source">, — ЗМІ<\/span>/,
      );
      assert.match(html, /Короткий підсумок події одним реченням\./);
      // 09:57 UTC on 25 Oct 2024 is 12:57 in Kyiv (summer time, +03:00).
      assert.match(html, /<time datetime="2024-10-25T12:57:00\+03:00">25-10-2024, 12:57<\/time>/);
      assert.match(html, /Автор: <a href="\/author\/olena-test">Олена Тестова<\/a>/);
      assert.match(
        html,
        new RegExp(
          `<a class="translation" href="/ru/news/${ruId}-[a-z0-9-]+" hreflang="ru" lang="ru">Читать на русском</a>`,
        ),
      );
      assert.match(
        html,
        /<img src="\/media\/\d+\/800\.jpg"[^>]* width="1600" height="900" alt="Громада Згорани"/,
      );
      assert.match(
        html,
        /<figcaption><span class="caption">Зустріч у громаді<\/span> <span class="credit">Фото: Тест Фото<\/span><\/figcaption>/,
      );
      assert.match(html, /Перший абзац з «цитатою»/);
      assert.doesNotMatch(html, /alert\(1\)|onclick/);
      assert.match(html, /<a href="\/tag\/kyiv">Київ<\/a>/);
      assert.match(html, /<a href="\/page\/editorial-standards">Чому нам можна довіряти →<\/a>/);
      assert.match(html, /Читайте Шпальта в Google News/);
      assert.match(
        html,
        /<h2 class="aside-title" id="latest-title"><a href="\/latest">Останні новини<\/a><\/h2>/,
      );
      assert.match(html, /<article class="story" data-article-id="\d+">/);
      const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)![1]!);
      assert.equal(ld['@type'], 'NewsArticle');
      assert.equal(ld.headline, 'Київ підтримує нову програму для громад Згорани');
      assert.equal(ld.datePublished, '2024-10-25T12:57:00+03:00');
      assert.equal(ld.inLanguage, 'uk');
      assert.equal(ld.author[0].name, 'Олена Тестова');
      assert.ok(ld.dateModified);
    });

    test('language versions link both ways with hreflang, x-default and canonical', async () => {
      const uk = await site.services.articles.get(actor, ukId);
      const ru = await site.services.articles.get(actor, ruId);
      const ukHtml = (await get(uk.url)).body;
      const ruHtml = (await get(ru.url)).body;
      for (const html of [ukHtml, ruHtml]) {
        assert.match(
          html,
          new RegExp(`<link rel="alternate" hreflang="uk" href="https://news.example.org${uk.url}">`),
        );
        assert.match(
          html,
          new RegExp(`<link rel="alternate" hreflang="ru" href="https://news.example.org${ru.url}">`),
        );
        assert.match(
          html,
          new RegExp(`<link rel="alternate" hreflang="x-default" href="https://news.example.org${uk.url}">`),
        );
      }
      assert.match(ukHtml, new RegExp(`<link rel="canonical" href="https://news.example.org${uk.url}">`));
      assert.match(ruHtml, new RegExp(`<link rel="canonical" href="https://news.example.org${ru.url}">`));
      assert.match(ruHtml, /<html lang="ru">/);
      assert.match(ruHtml, new RegExp(`href="${uk.url}" hreflang="uk" lang="uk">Читати українською</a>`));
      assert.match(ruHtml, /Последние новости/);
      assert.match(ruHtml, /Автор: <a href="\/ru\/author\/olena-test">Елена Тестова<\/a>/);
    });

    test('a story without a version in the other language shows no translation link', async () => {
      const lone = await makeStory(site, ids.author.id, { title: 'Новина лише українською' });
      const html = (await get(lone.url)).body;
      assert.doesNotMatch(html, /class="translation"/);
      assert.doesNotMatch(html, /hreflang="x-default"/);
    });

    test('a changed title changes the slug and the old URL answers 301', async () => {
      const s = await makeStory(site, ids.author.id, { title: 'Старий заголовок' });
      assert.equal((await get(s.url)).statusCode, 200);
      const updated = await site.services.articles.update(actor, s.id, { title: 'Новий заголовок про Юрій' });
      assert.match(updated.url, /\/news\/\d+-novyi-zaholovok-pro-yurii$/);
      const res = await get(s.url);
      assert.equal(res.statusCode, 301);
      assert.equal(res.headers.location, updated.url);
      // A story asked for under the other language's prefix goes to its own.
      const wrongLang = await get(`/ru${updated.url}`);
      assert.equal(wrongLang.statusCode, 301);
      assert.equal(wrongLang.headers.location, updated.url);
    });

    test('404 is useful and in the page language', async () => {
      const uk = await get('/news/999999-nema');
      assert.equal(uk.statusCode, 404);
      assert.match(uk.body, /Сторінку не знайдено/);
      assert.match(uk.body, /<html lang="uk">/);
      const ru = await get('/ru/no/such/page');
      assert.equal(ru.statusCode, 404);
      assert.match(ru.body, /Страница не найдена/);
      assert.match(ru.body, /<html lang="ru">/);
      assert.equal((await get('/author/nobody')).statusCode, 404);
      assert.equal((await get('/tag/nothing')).statusCode, 404);
      assert.equal((await get('/section/nothing')).statusCode, 404);
    });

    test('drafts and scheduled stories are not public until their time', async () => {
      const draft = await makeStory(site, ids.author.id, { title: 'Чернетка', status: 'draft' });
      assert.equal((await get(draft.url)).statusCode, 404);
      const future = new Date(Date.now() + 3600_000).toISOString();
      const sched = await makeStory(site, ids.author.id, {
        title: 'Заплановано',
        status: 'scheduled',
        publishedAt: future,
      });
      assert.equal(sched.status, 'scheduled');
      assert.equal((await get(sched.url)).statusCode, 404);
      await site.services.articles.update(actor, sched.id, {
        publishedAt: new Date(Date.now() - 1000).toISOString(),
      });
      const published = await site.scheduler.tick();
      assert.ok(published.includes(sched.id));
      assert.equal((await get(sched.url)).statusCode, 200);
      // A second pass (another node) publishes nothing twice.
      assert.deepEqual(await site.scheduler.tick(), []);
    });

    test('malformed URLs and query strings get a 4xx page, never a 5xx', async () => {
      const bad = [
        '/latest?before=abc',
        '/latest?before=1.2.3',
        '/latest?before=99999999999999999999.1',
        '/latest?before=1&before=2',
        '/latest?partial=2',
        '/section/politics?before=%00',
        '/news/%E0%A4%A',
        '/%',
        '/news/abc',
        '/news/-1',
        '/news/99999999999',
        '/tag/%D0%9A%D0%B8%D1%97%D0%B2',
        '/media/1/../../etc/passwd',
        '/media/abc/800.jpg',
        '/ru/latest?before=-5.1',
        `/${'a'.repeat(5000)}`,
      ];
      for (const url of bad) {
        const res = await get(url);
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${url} → ${res.statusCode}`);
        if (!url.startsWith('/media')) assert.match(String(res.headers['content-type']), /text\/html/, url);
      }
    });

    test('static pages exist in both languages', async () => {
      await site.services.pages.upsert(actor, {
        key: 'editorial-standards',
        language: 'uk',
        title: 'Редакційні стандарти',
        body: '<p>Ми перевіряємо факти.</p>',
      });
      await site.services.pages.upsert(actor, {
        key: 'editorial-standards',
        language: 'ru',
        title: 'Редакционные стандарты',
        body: '<p>Мы проверяем факты.</p>',
      });
      const uk = await get('/page/editorial-standards');
      assert.equal(uk.statusCode, 200);
      assert.match(uk.body, /<h1>Редакційні стандарти<\/h1>/);
      assert.match(uk.body, /hreflang="ru" href="https:\/\/news.example.org\/ru\/page\/editorial-standards"/);
      const ru = await get('/ru/page/editorial-standards');
      assert.match(ru.body, /Мы проверяем факты/);
    });

    test('section, tag and author pages list their stories', async () => {
      const section = await get('/section/politics');
      assert.equal(section.statusCode, 200);
      assert.match(section.body, /<h1>Політика<\/h1>/);
      const tag = await get('/tag/kyiv');
      assert.equal(tag.statusCode, 200);
      assert.match(tag.body, /Київ підтримує нову програму/);
      const author = await get('/author/olena-test');
      assert.equal(author.statusCode, 200);
      assert.match(author.body, /Пише про політику й економіку\./);
      assert.match(author.body, /Київ підтримує нову програму/);
      const ruAuthor = await get('/ru/author/olena-test');
      assert.match(ruAuthor.body, /Елена Тестова/);
    });

    test('home page shows pinned top stories, latest news and a block per section', async () => {
      await makeStory(site, ids.author.id, {
        title: 'Закріплена головна новина',
        pinned: 1,
        section: 'economy',
      });
      const res = await get('/');
      assert.equal(res.statusCode, 200);
      const top = /<div class="top">([\s\S]*?)<\/section>/.exec(res.body)?.[1] ?? '';
      assert.match(top, /Закріплена головна новина/);
      assert.match(res.body, /id="block-politics"/);
      assert.match(res.body, /id="block-economy"/);
      assert.match(res.body, /Останні новини/);
      const ru = await get('/ru/');
      assert.match(ru.body, /Последние новости/);
      assert.equal((await get('/ru')).statusCode, 301);
    });

    test('admin API changes are visible at once: the cache is purged by tag', async () => {
      const before = await get('/');
      assert.equal(before.statusCode, 200);
      const again = await get('/');
      assert.equal(again.body, before.body);
      const created = await site.app.inject({
        method: 'POST',
        url: '/api/admin/articles',
        headers: auth,
        payload: {
          language: 'uk',
          title: 'Щойно опублікована новина про енергетику',
          lead: 'Лід.',
          body: '<p>Текст.</p>',
          section: 'economy',
          tags: ['енергетика'],
          author: { name: 'Нова Авторка' },
          status: 'published',
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const after = await get('/');
      assert.match(after.body, /Щойно опублікована новина про енергетику/);
      const art = await site.services.articles.get(actor, ukId);
      assert.match((await get(art.url)).body, /Щойно опублікована новина про енергетику/);
      // A change to one story leaves unrelated cached pages in place.
      const ruHome = await get('/ru/');
      const entries = site.cache.size;
      const { id } = created.json();
      await site.app.inject({
        method: 'PATCH',
        url: `/api/admin/articles/${id}`,
        headers: auth,
        payload: { lead: 'Новий лід.' },
      });
      assert.ok(site.cache.peek('/ru/'), 'the Russian home page stays cached');
      assert.ok(site.cache.size < entries);
      assert.equal((await get('/ru/')).body, ruHome.body);
    });

    test('ETag answers 304; Cache-Control, Surrogate-Key and pre-compressed bodies', async () => {
      const res = await get('/latest', { 'accept-encoding': 'br, gzip' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-encoding'], 'br');
      assert.match(String(res.headers['cache-control']), /s-maxage=\d+/);
      assert.match(String(res.headers['cache-control']), /stale-while-revalidate=\d+/);
      assert.match(String(res.headers['surrogate-key']), /latest:uk/);
      const etag = String(res.headers.etag);
      const notModified = await get('/latest', { 'if-none-match': etag });
      assert.equal(notModified.statusCode, 304);
      assert.equal(notModified.body, '');
      const gz = await get('/latest', { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      const plain = await get('/latest');
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.match(plain.body, /<h1>Останні новини<\/h1>/);
    });

    test('concurrent misses on one URL render once (single flight)', async () => {
      site.cache.clear();
      const rendersBefore = site.cache.stats.renders;
      const results = await Promise.all(Array.from({ length: 20 }, () => get('/section/economy')));
      assert.ok(results.every((r) => r.statusCode === 200));
      assert.equal(site.cache.stats.renders - rendersBefore, 1);
    });

    test('search is case-insensitive in Cyrillic, pages with a cursor, and treats wildcards literally', async () => {
      const res = await get(`/search?q=${encodeURIComponent('КИЇВ ПІДТРИМУЄ')}`);
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Київ підтримує нову програму/);
      assert.match(res.body, /<input type="search" id="q" name="q" value="КИЇВ ПІДТРИМУЄ" maxlength="100">/);
      const ru = await get(`/ru/search?q=${encodeURIComponent('киев')}`);
      assert.match(ru.body, /Киев поддерживает новую программу/);
      const none = await get(`/search?q=${encodeURIComponent('%_%')}`);
      assert.equal(none.statusCode, 200);
      assert.match(none.body, /Нічого не знайдено/);
      const empty = await get('/search');
      assert.equal(empty.statusCode, 200);
      // A very long query is answered (its first words), not refused.
      assert.equal((await get(`/search?q=${'a'.repeat(300)}`)).statusCode, 200);
      assert.equal((await get('/search?q=a&q=b')).statusCode, 400);
      // An edited title is found by its new words.
      const s = await makeStory(site, ids.author.id, { title: 'Унікальнеслово в заголовку' });
      await site.services.articles.update(actor, s.id, { title: 'Зовсімінше слово' });
      assert.match((await get(`/search?q=${encodeURIComponent('зовсімінше')}`)).body, /Зовсімінше слово/);
      assert.match(
        (await get(`/search?q=${encodeURIComponent('унікальнеслово')}`)).body,
        /Нічого не знайдено/,
      );
    });

    test('structured data and social cards: NewsArticle with three crops, breadcrumbs, Open Graph', async () => {
      const a = await site.services.articles.get(actor, ukId);
      const html = (await get(a.url)).body;
      const blocks = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) =>
        JSON.parse(m[1]!),
      );
      const article = blocks.find((b) => b['@type'] === 'NewsArticle');
      assert.deepEqual(
        article.image.map((u: string) => u.replace(/.*\//, '')),
        ['crop-16x9.jpg', 'crop-4x3.jpg', 'crop-1x1.jpg'],
      );
      assert.equal(article.publisher.logo.url, 'https://news.example.org/assets/logo.png');
      assert.equal(article.isAccessibleForFree, true);
      assert.equal(article.author[0]['@type'], 'Person');
      assert.equal(article.author[0].url, 'https://news.example.org/author/olena-test');
      const crumbs = blocks.find((b) => b['@type'] === 'BreadcrumbList');
      assert.deepEqual(
        crumbs.itemListElement.map((i: { name: string }) => i.name),
        ['Головна', 'Політика', 'Київ підтримує нову програму для громад Згорани'],
      );
      assert.match(html, /<meta property="og:type" content="article">/);
      assert.match(html, /<meta property="article:published_time" content="2024-10-25T12:57:00\+03:00">/);
      assert.match(html, /<meta property="article:section" content="Політика">/);
      assert.match(html, /<meta property="article:tag" content="громади">/);
      assert.match(html, /<meta name="twitter:card" content="summary_large_image">/);
      assert.match(html, /<meta property="og:locale" content="uk_UA">/);
      for (const [ratio, w, h] of [
        ['16x9', 1200, 675],
        ['4x3', 1200, 900],
        ['1x1', 1200, 1200],
      ] as const) {
        const res = await get(`/media/${mediaId}/crop-${ratio}.jpg`);
        assert.equal(res.statusCode, 200);
        const meta = await sharp(res.rawPayload).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', w, h]);
      }
      assert.equal((await get('/media/999999/crop-1x1.jpg')).statusCode, 404);
      const home = (await get('/')).body;
      const site_ = [...home.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) =>
        JSON.parse(m[1]!),
      );
      assert.equal(site_[0]['@type'], 'WebSite');
      assert.equal(
        site_[0].potentialAction.target.urlTemplate,
        'https://news.example.org/search?q={search_term_string}',
      );
      const author = (await get('/author/olena-test')).body;
      assert.match(author, /"@type":"ProfilePage"/);
      assert.match((await get('/section/politics')).body, /"@type":"CollectionPage"/);
      const logo = await get('/assets/logo.png');
      assert.equal(logo.headers['content-type'], 'image/png');
    });

    test('media variants are served with immutable caching', async () => {
      const res = await get(`/media/${mediaId}/480.webp`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'image/webp');
      assert.match(String(res.headers['cache-control']), /immutable/);
      assert.equal((await get(`/media/${mediaId}/480.png`)).statusCode, 404);
    });
  });
}
