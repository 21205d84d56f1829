import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { searchKey } from '../src/server/modules/search/index.ts';
import { baseContent, makeStory } from './factories.ts';
import { actor, auth, dialects, openSite, type TestSite } from './harness.ts';

/**
 * Search by word forms on both databases: a reader types one form, the story uses another;
 * Latin letters find Cyrillic; drafts stay out of reader search and are in the newsroom's.
 */
for (const d of dialects()) {
  describe(`search by word forms [${d.name}]`, { skip: d.skip }, () => {
    let site: TestSite;
    let authorId: number;
    before(async () => {
      site = await openSite(d.name);
      authorId = (await baseContent(site)).author.id;
      await makeStory(site, authorId, {
        title: 'Підсумки виборів у Мирноградщині',
        lead: 'Громади області порахували голоси.',
        body: '<p>Дільниці Вишгородщини працювали до восьмої вечора.</p>',
      });
      await makeStory(site, authorId, {
        language: 'ru',
        title: 'Выборы в Харькове прошли спокойно',
        lead: 'Участки закрылись вовремя.',
        section: 'politics',
        tags: [],
      });
      await makeStory(site, authorId, {
        title: 'Чернетка про вибори до громади',
        status: 'draft',
      });
    });
    after(() => site.dispose());

    const reader = async (q: string, language = 'uk') => {
      const res = await site.app.inject({
        method: 'GET',
        url: `${language === 'uk' ? '' : `/${language}`}/search?q=${encodeURIComponent(q)}`,
      });
      assert.ok(res.statusCode < 500, `${q}: ${res.statusCode}`);
      return res;
    };
    const newsroom = async (q: string) => {
      const res = await site.app.inject({
        method: 'GET',
        url: `/api/admin/articles?q=${encodeURIComponent(q)}`,
        headers: auth,
      });
      assert.equal(res.statusCode, 200, res.body);
      return (res.json() as { articles: { title: string }[] }).articles.map((i) => i.title);
    };

    test('one form finds another: cases of nouns and place names', async () => {
      for (const q of ['вибори', 'мирноградщина', 'Мирноградщини', 'вишгородщина', 'громада']) {
        const res = await reader(q);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, /Підсумки виборів у Мирноградщині/, q);
      }
      assert.match((await reader('выборов', 'ru')).body, /Выборы в Харькове прошли спокойно/);
      assert.match((await reader('Харьков', 'ru')).body, /Выборы в Харькове прошли спокойно/);
      // Every word must be there.
      assert.match((await reader('вибори одеса')).body, /Нічого не знайдено/);
    });

    test('Latin letters find Cyrillic by the national romanisation', async () => {
      assert.match((await reader('vyshhorodshchyna')).body, /Підсумки виборів у Мирноградщині/);
      assert.match((await reader('Myrnohradshchyni')).body, /Підсумки виборів у Мирноградщині/);
      assert.match((await reader('kharkov', 'ru')).body, /Выборы в Харькове прошли спокойно/);
    });

    test('the language filter: the page’s own by default, another, or all; links go to each story’s language', async () => {
      const url = (params: string) => `/search?q=kharkov${params}`;
      const get = async (params: string) => (await site.app.inject({ method: 'GET', url: url(params) })).body;
      assert.doesNotMatch(await get(''), /Выборы в Харькове/);
      for (const p of ['&language=all', '&language=ru']) {
        const body = await get(p);
        assert.match(
          body,
          /<li lang="ru">.*?<a href="\/ru\/[^"]+"><span>Выборы в Харькове прошли спокойно/s,
          p,
        );
      }
      assert.match(await get('&language=all'), /<option value="all" selected>Усі мови<\/option>/);
      const bad = await site.app.inject({ method: 'GET', url: url('&language=%3Cb%3E') });
      assert.equal(bad.statusCode, 400);
    });

    test('drafts are in the newsroom’s search only', async () => {
      assert.doesNotMatch((await reader('чернетка')).body, /Чернетка про вибори/);
      const found = await newsroom('вибори');
      assert.ok(found.includes('Чернетка про вибори до громади'), found.join(' | '));
      assert.ok(found.includes('Підсумки виборів у Мирноградщині'));
    });

    test('an edit is searchable at once; a story indexed with older rules is still found, then indexed', async () => {
      const s = await makeStory(site, authorId, { title: 'Ремонт мосту через річку' });
      await site.services.articles.update(actor, s.id, { title: 'Відкриття набережної після ремонту' });
      assert.match((await reader('набережна')).body, /Відкриття набережної після ремонту/);
      assert.doesNotMatch((await reader('мости')).body, /Відкриття набережної/);

      // As after an upgrade: the story was indexed by older rules (its version is behind).
      await site.db.updateTable('articles').set({ search_version: 0 }).where('id', '=', s.id).execute();
      site.cache.clear();
      assert.match((await reader('набережної')).body, /Відкриття набережної/, 'found the old way meanwhile');
      // The old way folds as the stored text is: a typographic apostrophe finds a straight one.
      const family = await makeStory(site, authorId, { title: "Сім'я переїхала до міста" });
      await site.db.updateTable('articles').set({ search_version: 0 }).where('id', '=', family.id).execute();
      assert.match(
        (await reader('сім’я')).body,
        /Сім&#39;я переїхала|Сім'я переїхала/,
        'apostrophes unified',
      );
      assert.equal(await site.services.articles.indexSearch(), 2);
      site.cache.clear();
      assert.match((await reader('набережна')).body, /Відкриття набережної після ремонту/);
    });

    test('ranked: headline over lead over text, the whole phrase over scattered words, then newest; pages cover all once', async () => {
      const hour = 3_600_000;
      const at = (h: number) => new Date(Date.now() - h * hour).toISOString();
      const story = (title: string, lead: string, body: string, hoursAgo: number) =>
        makeStory(site, authorId, { title, lead, body: `<p>${body}</p>`, publishedAt: at(hoursAgo) });
      await story('Про погоду', 'Коротко про день.', 'Згадали й водогін мимохідь.', 1);
      await story('Новини дня', 'Водогону дали нові труби.', 'Текст.', 2);
      await story('Водогін відремонтували', 'Коротко.', 'Текст.', 30);
      await story('Водогін знову', 'Коротко.', 'Текст.', 3);
      const titles = (html: string) =>
        [...html.matchAll(/<a href="\/news\/[^"]+"><span>([^<]+)<\/span>/g)].map((m) => m[1] ?? '');
      const order = titles((await reader('водогін')).body);
      assert.deepEqual(order.slice(0, 4), [
        'Водогін знову',
        'Водогін відремонтували',
        'Новини дня',
        'Про погоду',
      ]);
      // The words that answered are marked in the leads.
      assert.match((await reader('водогін')).body, /<p><mark>Водогону<\/mark> дали нові труби\.<\/p>/);
      assert.match((await reader('vodohin')).body, /<mark>Водогону<\/mark>/);
      // Found by its text only: a passage of the text shows why, the word marked.
      assert.match(
        (await reader('водогону')).body,
        /<p class="snippet">Згадали й <mark>водогін<\/mark> мимохідь\.<\/p>/,
      );

      // Two words: the story with the phrase as written comes first, though it is older.
      await story('Нічна зміна на заводі', 'Працювали без світла.', 'Текст.', 5);
      await story('Зміна розкладу', 'Нічні автобуси підуть пізніше.', 'Текст.', 4);
      const two = titles((await reader('нічна зміна')).body);
      assert.equal(two[0], 'Нічна зміна на заводі');
      assert.ok(two.includes('Зміна розкладу'));

      // More than a page: every result once, in the same order, following "more" links.
      // Twenty days apart: on PostgreSQL the pages cross the windows of time searches go back in.
      for (let i = 0; i < 25; i++) await story(`Світлофор номер ${i}`, 'Коротко.', 'Текст.', 40 + i * 480);
      const seen: string[] = [];
      let url = `/search?q=${encodeURIComponent('світлофори')}`;
      for (let page = 0; page < 5 && url; page++) {
        const res = await site.app.inject({ method: 'GET', url });
        assert.equal(res.statusCode, 200);
        seen.push(...titles(res.body));
        url = /<a class="more"[^>]* href="([^"]+)"/.exec(res.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
      }
      assert.equal(seen.length, 25, seen.join(' | '));
      assert.equal(new Set(seen).size, 25);
      assert.deepEqual(
        seen,
        Array.from({ length: 25 }, (_, i) => `Світлофор номер ${i}`),
        'newest first across pages',
      );
      for (const before of ['1.2.3', 'x', '1.99999999999999999']) {
        const res = await site.app.inject({ method: 'GET', url: `/search?q=x&before=${before}` });
        assert.equal(res.statusCode, 400, before);
      }
    });

    test('narrowed by section and dates; the form keeps the filters; bad filters are 400', async () => {
      const day = (d: string) => new Date(`${d}T10:00:00+02:00`).toISOString();
      await makeStory(site, authorId, {
        title: 'Тролейбус у політиці',
        section: 'politics',
        publishedAt: day('2026-03-10'),
      });
      await makeStory(site, authorId, {
        title: 'Тролейбус в економіці',
        section: 'economy',
        publishedAt: day('2026-03-12'),
      });
      await makeStory(site, authorId, {
        title: 'Тролейбус навесні',
        section: 'economy',
        publishedAt: day('2026-04-20'),
      });
      const found = async (params: string) => {
        const res = await site.app.inject({
          method: 'GET',
          url: `/search?q=${encodeURIComponent('тролейбуси')}&${params}`,
        });
        assert.equal(res.statusCode, 200, params);
        return [...res.body.matchAll(/<span>(Тролейбус[^<]*)<\/span>/g)].map((m) => m[1]).sort();
      };
      assert.deepEqual(await found(''), [
        'Тролейбус в економіці',
        'Тролейбус навесні',
        'Тролейбус у політиці',
      ]);
      assert.deepEqual(await found('section=economy'), ['Тролейбус в економіці', 'Тролейбус навесні']);
      assert.deepEqual(await found('from=2026-03-11&to=2026-03-31'), ['Тролейбус в економіці']);
      assert.deepEqual(await found('to=2026-03-10'), ['Тролейбус у політиці']);
      assert.deepEqual(await found('section=no-such-section'), []);
      const page = (
        await site.app.inject({ method: 'GET', url: '/search?q=x&section=economy&from=2026-03-11' })
      ).body;
      assert.match(page, /<option value="economy" selected>/);
      assert.match(page, /<input type="date" id="search-from" name="from" value="2026-03-11">/);
      for (const bad of [
        'from=2026-13-45',
        'from=yesterday',
        'section=%3Cscript%3E',
        'section=a&section=b',
      ]) {
        assert.equal(
          (await site.app.inject({ method: 'GET', url: `/search?q=x&${bad}` })).statusCode,
          400,
          bad,
        );
      }
    });

    test('catching up on many stories leaves the event loop free to serve meanwhile', async () => {
      for (let i = 0; i < 60; i++) await makeStory(site, authorId, { title: `Пором номер ${i}` });
      await site.db.updateTable('articles').set({ search_version: 0 }).execute();
      let finished = false;
      const pass = site.services.articles.indexSearch().then((n) => {
        finished = true;
        return n;
      });
      // A timer (what an incoming request needs too) runs before the pass is over.
      await new Promise((resolve) => setTimeout(resolve, 0));
      assert.equal(finished, false);
      assert.ok((await pass) >= 60);
      // As `search reindex` ends: the index merged / vacuumed and analysed, still answering.
      const { database } = site;
      await database.unlimited((db) => database.helpers.fullText.optimize(db));
      assert.match((await reader('пором')).body, /Пором номер 59/);
    });

    test('unpublished, republished with another time, and a key taken by another story', async () => {
      const s = await makeStory(site, authorId, {
        title: 'Фунікулер зупинили на ремонт',
        body: '<p>Вагони оглянуть інженери.</p>',
      });
      assert.match((await reader('фунікулера')).body, /Фунікулер зупинили/);
      await site.services.articles.unpublish(actor, s.id);
      site.cache.clear();
      assert.doesNotMatch((await reader('фунікулера')).body, /Фунікулер зупинили/);
      assert.ok(
        (await newsroom('інженерів')).includes('Фунікулер зупинили на ремонт'),
        'text words in the newsroom',
      );
      // Another story already sits at the key this one's new time gives: the next key is used.
      const other = await makeStory(site, authorId, { title: 'Канатна дорога працює' });
      const at = Date.now() - 7_200_000;
      const wanted = searchKey(at, s.id);
      await site.db.updateTable('articles').set({ search_key: wanted }).where('id', '=', other.id).execute();
      await site.services.articles.publish(actor, s.id, { publishedAt: new Date(at).toISOString() });
      site.cache.clear();
      assert.match((await reader('фунікулер')).body, /Фунікулер зупинили/);
      const row = await site.db
        .selectFrom('articles')
        .select('search_key')
        .where('id', '=', s.id)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.search_key), wanted + 1);
    });

    test('hostile queries give results or an empty page, never a 5xx', async () => {
      for (const q of [
        '"вибори',
        'NEAR(вибори',
        '*',
        'вибори OR',
        '"" AND ""',
        "'; drop table",
        'в'.repeat(99),
        'a'.repeat(5000),
        'вибори '.repeat(700),
        'вибори -громади ^ : {h} + NOT AND',
        'col:вибори',
        "\\ ' ! & | <-> :*",
      ]) {
        const res = await reader(q);
        assert.equal(res.statusCode, 200, q);
      }
      // Operators are separators: the words around them are searched.
      for (const q of ['(вибори* "громади', '"вибори громади"', '{вибори}: -громади^']) {
        assert.ok((await reader(q)).body.includes('Підсумки виборів у Мирноградщині'), q);
      }
      // A NUL byte anywhere in the address: the site's own 400 page.
      const res = await reader('вибори\u0000');
      assert.equal(res.statusCode, 400);
      assert.match(String(res.headers['content-type']), /text\/html/);
      assert.deepEqual(await newsroom('NEAR( * OR "'), []);
    });
  });
}

const pg = dialects().find((d) => d.name === 'postgres')!;
describe('indexing on two nodes at once [postgres]', { skip: pg.skip }, () => {
  test('two nodes catching up on the same stories both finish, and every story is found', async () => {
    const a = await openSite('postgres');
    const b = await openSite('postgres', {}, { schema: a.schema });
    try {
      const authorId = (await baseContent(a)).author.id;
      const ids: number[] = [];
      for (let i = 0; i < 40; i++) {
        ids.push((await makeStory(a, authorId, { title: `Нарада щодо мостів номер ${i}` })).id);
      }
      // As after an upgrade: nothing indexed by today's rules, and both nodes catch up together.
      await a.db.updateTable('articles').set({ search_version: 0 }).execute();
      const [x, y] = await Promise.all([
        a.services.articles.indexSearch(),
        b.services.articles.indexSearch(),
      ]);
      assert.ok(x + y >= ids.length);
      const res = await b.app.inject({ method: 'GET', url: `/search?q=${encodeURIComponent('наради')}` });
      assert.equal((res.body.match(/Нарада щодо мостів номер/g) ?? []).length >= 20, true);
      const behind = await a.db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('search_version', '=', 0)
        .executeTakeFirstOrThrow();
      assert.equal(Number(behind.n), 0);
    } finally {
      await b.dispose();
      await a.dispose();
    }
  });
});

describe('the same results on both databases [sqlite + postgres]', { skip: pg.skip }, () => {
  test('one corpus, every query of the test set: the same stories in the same order', async () => {
    const sites = [await openSite('sqlite'), await openSite('postgres')];
    try {
      // Our own corpus: forms, places, a phrase, Russian, text-only words; fixed times.
      const corpus: [title: string, lead: string, body: string][] = [
        [
          'Вибори у Вишгородщині завершилися',
          'Громади порахували голоси до ранку.',
          'Явка була вищою, ніж торік.',
        ],
        ['Виборів до ради не буде', 'Рішення ухвалили депутати.', 'Про вибори говорили довго.'],
        ['Нова лікарня на Харківщині', 'Лікарню відкрили після ремонту.', 'Лікарні бракує лікарів.'],
        ['Школа у Києві отримала автобус', 'Шкільний автобус возитиме дітей.', 'У шкіл району є черга.'],
        ['Нічна зміна на заводі', 'Працювали без світла.', 'Зміна тривала до ранку.'],
        ['Зміна розкладу', 'Нічні автобуси підуть пізніше.', 'Розклад діє з понеділка.'],
        ['Дорога до Києва відкрита', 'Ремонт дороги закінчили.', 'На дорозі нові знаки.'],
        ['Погода на вихідні', 'Синоптики обіцяють дощ.', 'Вибори погоди не змінять, жартують синоптики.'],
      ];
      const queries = [
        'вибори',
        'виборів',
        'vybory',
        'вишгородщина',
        'vyshhorodshchyna',
        'лікарня',
        'лікарень',
        'школа',
        'шкіл',
        'київ',
        'києва',
        'kyiv',
        'нічна зміна',
        'зміна',
        'дорога',
        'дорозі',
        'автобус',
        'синоптики',
        'ранку',
        'вибори громади',
        '"нічна" OR зміна',
        'NEAR(дорога',
      ];
      const results: string[][][] = [];
      for (const site of sites) {
        const authorId = (await baseContent(site)).author.id;
        let hour = 1;
        for (const [title, lead, body] of corpus) {
          await makeStory(site, authorId, {
            title,
            lead,
            body: `<p>${body}</p>`,
            publishedAt: new Date(Date.UTC(2026, 5, 1) - hour++ * 3_600_000).toISOString(),
          });
        }
        const perQuery: string[][] = [];
        for (const q of queries) {
          const { items } = await site.services.reader.search({
            languages: ['uk'],
            query: q,
            before: null,
            limit: 50,
          });
          perQuery.push(items.map((i) => i.title));
        }
        results.push(perQuery);
      }
      assert.deepEqual(results[1], results[0]);
      // And they are the expected ones (the test set is not vacuous).
      const at = (q: string) => results[0]![queries.indexOf(q)]!;
      assert.deepEqual(at('вибори').slice(0, 2), [
        'Вибори у Вишгородщині завершилися',
        'Виборів до ради не буде',
      ]);
      assert.ok(at('вибори').includes('Погода на вихідні'));
      assert.deepEqual(at('лікарень'), ['Нова лікарня на Харківщині']);
      assert.deepEqual(at('нічна зміна')[0], 'Нічна зміна на заводі');
      assert.deepEqual(at('дорозі').slice(0, 1), ['Дорога до Києва відкрита']);
      assert.ok(at('vybory').includes('Виборів до ради не буде'));
    } finally {
      for (const s of sites) await s.dispose();
    }
  });
});
