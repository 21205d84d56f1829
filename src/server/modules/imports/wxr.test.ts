import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readWxr, WxrError, type WxrEvent, type WxrItem } from './wxr.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => path.join(FIXTURES, name);

/** The bytes in chunks of `size` (0: all at once), as a stream would give them. */
async function* chunks(bytes: Uint8Array, size = 0): AsyncGenerator<Uint8Array> {
  if (size === 0) yield bytes;
  else for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function events(input: string | Uint8Array | AsyncIterable<Uint8Array | string>): Promise<WxrEvent[]> {
  const out: WxrEvent[] = [];
  for await (const e of readWxr(input instanceof Uint8Array ? chunks(input) : input)) out.push(e);
  return out;
}

const items = (all: WxrEvent[]) => all.flatMap((e) => (e.kind === 'item' ? [e.item] : []));
const ofKind = <K extends WxrEvent['kind']>(all: WxrEvent[], kind: K) =>
  all.filter((e): e is Extract<WxrEvent, { kind: K }> => e.kind === kind);

/** The WxrError a file makes, and the events read before it. */
async function failure(input: string | Uint8Array | AsyncIterable<Uint8Array>) {
  const before: WxrEvent[] = [];
  const source = typeof input === 'string' || input instanceof Uint8Array ? chunks(bytes(input)) : input;
  try {
    for await (const e of readWxr(source)) before.push(e);
  } catch (error) {
    if (error instanceof WxrError) return { error, before };
    throw error;
  }
  throw new Error('the file was read without an error');
}

const bytes = (text: string | Uint8Array) =>
  typeof text === 'string' ? new TextEncoder().encode(text) : text;

/** A small WXR 1.2 file around `body` (the channel's content). */
const wxr = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n${body}\n</channel>\n</rss>\n`;

describe('WXR 1.2 as WordPress writes it', async () => {
  const all = await events(fixture('wxr-1.2.xml'));
  const byId = new Map(items(all).map((item) => [item.postId, item]));

  test('the channel comes first, then the records in file order', () => {
    assert.deepEqual(all[0], {
      kind: 'channel',
      title: 'Вісті Надзбруччя',
      link: 'https://visti.example.ua',
      language: 'uk',
      wxrVersion: '1.2',
      baseSiteUrl: 'https://visti.example.ua',
      baseBlogUrl: 'https://visti.example.ua',
    });
    const kinds = all.map((e) => e.kind);
    assert.deepEqual(kinds, [
      'channel',
      ...['author', 'author', 'category', 'category', 'tag', 'tag', 'term', 'term', 'term', 'term'],
      ...['item', 'item', 'item', 'item', 'item', 'item', 'item'],
    ]);
  });

  test('authors', () => {
    assert.deepEqual(
      ofKind(all, 'author').map((e) => e.author),
      [
        {
          id: 1,
          login: 'redaktor',
          email: 'redaktor@visti.example.ua',
          displayName: 'Оксана Гречко',
          firstName: 'Оксана',
          lastName: 'Гречко',
        },
        {
          id: 3,
          login: 'korrespondent',
          email: 'kor@visti.example.ua',
          displayName: "Семен Лук'яненко",
          firstName: '',
          lastName: '',
        },
      ],
    );
  });

  test('categories with their parents, and tags', () => {
    const news = '%d0%bd%d0%be%d0%b2%d0%b8%d0%bd%d0%b8';
    assert.deepEqual(
      ofKind(all, 'category').map((e) => e.category),
      [
        { id: 4, nicename: news, parent: '', name: 'Новини', description: '' },
        {
          id: 7,
          nicename: 'gromada',
          parent: news,
          name: 'Громада',
          description: 'Що вирішили депутати й старости',
        },
      ],
    );
    assert.deepEqual(
      ofKind(all, 'tag').map((e) => e.tag),
      [
        { id: 12, slug: 'mist', name: 'міст' },
        { id: 13, slug: 'remont-dorig', name: 'ремонт доріг' },
      ],
    );
  });

  test("terms: nav menus and Polylang's languages and translation groups", () => {
    const terms = ofKind(all, 'term').map((e) => e.term);
    assert.deepEqual(
      terms.map((t) => [t.id, t.taxonomy, t.slug, t.name]),
      [
        [2, 'nav_menu', 'holovne-meniu', 'Головне меню'],
        [20, 'language', 'uk', 'Українська'],
        [23, 'language', 'ru', 'Русский'],
        [31, 'post_translations', 'pll_6642f1a0c3b5e', 'pll_6642f1a0c3b5e'],
      ],
    );
    assert.equal(
      terms[1]?.description,
      'a:3:{s:6:"locale";s:2:"uk";s:3:"rtl";i:0;s:9:"flag_code";s:2:"ua";}',
    );
    assert.equal(terms[3]?.description, 'a:2:{s:2:"uk";i:101;s:2:"ru";i:102;}');
    assert.equal(terms[1]?.parent, '');
  });

  test('a sticky post: Gutenberg blocks verbatim, its terms and meta, comments left out', () => {
    const post = byId.get(101);
    assert.deepEqual(post, {
      line: 86,
      title: 'Міст через Збруч відкриють до осені',
      link: 'https://visti.example.ua/2024/05/mist-cherez-zbruch/',
      pubDate: 'Mon, 13 May 2024 07:30:00 +0000',
      creator: 'redaktor',
      guid: 'https://visti.example.ua/?p=101',
      description: '',
      content: [
        '<!-- wp:paragraph -->',
        '<p>Підрядник обіцяє завершити роботи до вересня &amp; відкрити рух.</p>',
        '<!-- /wp:paragraph -->',
        '',
        '<!-- wp:image {"id":105,"sizeSlug":"large"} -->',
        '<figure class="wp-block-image size-large"><img src="https://visti.example.ua/wp-content/uploads/2024/05/mist.jpg" alt="" class="wp-image-105"/></figure>',
        '<!-- /wp:image -->',
      ].join('\n'),
      excerpt: 'Роботи на мосту тривають.',
      postId: 101,
      postDate: '2024-05-13 10:30:00',
      postDateGmt: '2024-05-13 07:30:00',
      postName: 'mist-cherez-zbruch',
      status: 'publish',
      postParent: 0,
      menuOrder: 0,
      postType: 'post',
      postPassword: '',
      isSticky: true,
      attachmentUrl: '',
      commentStatus: 'open',
      terms: [
        { domain: 'category', nicename: 'gromada', name: 'Громада' },
        { domain: 'language', nicename: 'uk', name: 'Українська' },
        { domain: 'post_tag', nicename: 'mist', name: 'міст' },
        { domain: 'post_translations', nicename: 'pll_6642f1a0c3b5e', name: 'pll_6642f1a0c3b5e' },
      ],
      meta: [
        { key: '_edit_last', value: '1' },
        { key: '_thumbnail_id', value: '105' },
      ],
    } satisfies WxrItem);
  });

  test('its translation, in the same post_translations group', () => {
    const ru = byId.get(102);
    assert.equal(ru?.isSticky, false);
    assert.equal(ru?.commentStatus, 'closed');
    assert.deepEqual(
      ru?.terms.filter((t) => t.domain === 'language' || t.domain === 'post_translations'),
      [
        { domain: 'language', nicename: 'ru', name: 'Русский' },
        { domain: 'post_translations', nicename: 'pll_6642f1a0c3b5e', name: 'pll_6642f1a0c3b5e' },
      ],
    );
  });

  test('an attachment, a password-protected page, a draft, a scheduled post, a menu item', () => {
    const pick = (i: WxrItem | undefined) => [i?.postType, i?.status, i?.postParent, i?.menuOrder];
    assert.deepEqual(pick(byId.get(105)), ['attachment', 'inherit', 101, 0]);
    assert.equal(
      byId.get(105)?.attachmentUrl,
      'https://visti.example.ua/wp-content/uploads/2024/05/mist.jpg',
    );
    assert.deepEqual(byId.get(105)?.meta, [{ key: '_wp_attached_file', value: '2024/05/mist.jpg' }]);

    assert.deepEqual(pick(byId.get(40)), ['page', 'private', 0, 3]);
    assert.equal(byId.get(40)?.postPassword, 'tayemnytsia');

    const draft = byId.get(110);
    assert.deepEqual(pick(draft), ['post', 'draft', 0, 0]);
    assert.equal(draft?.postName, '');
    assert.equal(draft?.postDateGmt, '0000-00-00 00:00:00');
    // WordPress splits a `]]>` in content over two CDATA sections.
    assert.equal(draft?.content, '<!-- wp:paragraph -->\n<p>Ще не дописано]]>.</p>\n<!-- /wp:paragraph -->');

    assert.deepEqual(pick(byId.get(111)), ['post', 'future', 0, 0]);

    const menuItem = byId.get(120);
    assert.deepEqual(pick(menuItem), ['nav_menu_item', 'publish', 0, 2]);
    assert.equal(menuItem?.content, ' ', 'whitespace inside CDATA is kept');
    assert.deepEqual(menuItem?.terms, [
      { domain: 'nav_menu', nicename: 'holovne-meniu', name: 'Головне меню' },
    ]);
    assert.deepEqual(
      menuItem?.meta.map((m) => m.key),
      ['_menu_item_type', '_menu_item_object_id'],
    );
  });

  test('each item knows the line of its <item>', () => {
    assert.deepEqual(
      items(all).map((i) => i.line),
      [86, 137, 164, 191, 219, 245, 268],
    );
  });
});

describe('a WordPress.com export: plain escaped text beside CDATA', async () => {
  const all = await events(fixture('wxr-wpcom.xml'));
  const [item] = items(all);

  test('entities are decoded', () => {
    assert.equal(all[0]?.kind === 'channel' && all[0].title, 'Голос Заріччя & околиць');
    assert.equal(item?.title, 'Театр «Світанок» повертається: прем’єра в суботу');
    assert.equal(item?.description, 'Коротко: прем’єра & квитки');
    assert.deepEqual(item?.terms, [
      { domain: 'category', nicename: 'kultura-i-mystetstvo', name: 'Культура & мистецтво' },
      { domain: 'post_tag', nicename: 'teatr', name: 'театр' },
    ]);
    assert.equal(ofKind(all, 'category')[0]?.category.name, 'Культура & мистецтво');
  });

  test('escaped HTML content becomes markup; HTML entities in it stay', () => {
    assert.equal(item?.content, '<p>Квитки &amp; програма&nbsp;— у касі.</p>\n<p>Початок о 18:00.</p>');
  });

  test('whitespace around a CDATA section is dropped, inside it kept', () => {
    assert.equal(item?.excerpt, 'Прем’єра в суботу.');
    assert.deepEqual(item?.meta, [
      { key: '_wpas_done_all', value: '1' },
      { key: 'subtitle', value: ' з пробілами ' },
    ]);
  });

  test('plain-text fields', () => {
    assert.deepEqual(ofKind(all, 'author')[0]?.author, {
      id: 84211,
      login: 'marta.pylypiv',
      email: 'marta@example.com',
      displayName: 'Марта Пилипів',
      firstName: 'Марта',
      lastName: 'Пилипів',
    });
    assert.equal(item?.postId, 311);
    assert.equal(item?.isSticky, false);
    assert.equal(item?.creator, 'marta.pylypiv');
  });
});

describe('WXR 1.0', async () => {
  const all = await events(fixture('wxr-1.0.xml'));

  test('no authors and no term ids; the version from the namespace', () => {
    assert.deepEqual(
      all.map((e) => e.kind),
      ['channel', 'category', 'category', 'tag', 'item'],
    );
    assert.equal(all[0]?.kind === 'channel' && all[0].wxrVersion, '1.0');
    assert.deepEqual(
      ofKind(all, 'category').map((e) => e.category),
      [
        { id: null, nicename: 'rybalka', parent: '', name: 'Рыбалка', description: '' },
        { id: null, nicename: 'ozero', parent: 'rybalka', name: 'На озере', description: 'Только озёра' },
      ],
    );
    assert.deepEqual(ofKind(all, 'tag')[0]?.tag, { id: null, slug: 'karp', name: 'карп' });
  });

  test('terms written twice count once; the domain "tag" is post_tag', () => {
    const [item] = items(all);
    assert.deepEqual(item?.terms, [
      { domain: 'category', nicename: 'ozero', name: 'На озере' },
      { domain: 'post_tag', nicename: 'karp', name: 'карп' },
    ]);
    assert.equal(item?.postId, null);
    assert.equal(item?.isSticky, false);
    assert.equal(item?.excerpt, 'Утренний клёв', 'excerpt: has its usual meaning when undeclared');
    assert.equal(item?.content, 'Утром клевало хорошо.\n\n<!--more-->\n\nВечером — хуже.');
    assert.deepEqual(item?.meta, [{ key: '_edit_lock', value: '1242452400' }]);
  });
});

describe('namespaces by URI, not by prefix', () => {
  test('wordpress:, enc:, exc:, who: are read; a wp: bound elsewhere is not', async () => {
    const all = await events(fixture('wxr-prefixes.xml'));
    assert.deepEqual(all[0], {
      kind: 'channel',
      title: 'Перехрестя',
      link: 'https://perekhrestia.example.org',
      language: 'uk',
      wxrVersion: '1.1',
      baseSiteUrl: 'https://perekhrestia.example.org',
      baseBlogUrl: 'https://perekhrestia.example.org',
    });
    assert.deepEqual(
      ofKind(all, 'author').map((e) => e.author.login),
      ['ivanna'],
    );
    const [item] = items(all);
    assert.equal(item?.postId, 7);
    assert.equal(item?.status, 'publish');
    assert.equal(item?.postType, 'post');
    assert.equal(item?.creator, 'ivanna');
    assert.equal(item?.content, '<p>Нарешті поставили світлофор.</p>');
    assert.equal(item?.excerpt, 'Світлофор');
    assert.deepEqual(item?.meta, [{ key: '_thumbnail_id', value: '8' }]);
  });
});

describe('chunk boundaries', () => {
  for (const name of ['wxr-1.2.xml', 'wxr-wpcom.xml', 'wxr-1.0.xml', 'wxr-prefixes.xml']) {
    test(`${name} read in 1-byte and 13-byte chunks gives the same events`, async () => {
      const whole = await events(fixture(name));
      const file = fs.readFileSync(fixture(name));
      assert.deepEqual(await events(chunks(file, 1)), whole);
      assert.deepEqual(await events(chunks(file, 13)), whole);
    });
  }

  test('text chunks as well as bytes', async () => {
    const text = fs.readFileSync(fixture('wxr-wpcom.xml'), 'utf8');
    async function* pieces() {
      for (let i = 0; i < text.length; i += 7) yield text.slice(i, i + 7);
    }
    assert.deepEqual(await events(pieces()), await events(fixture('wxr-wpcom.xml')));
  });
});

describe('errors', () => {
  test('a truncated file: the items before it, then the error', async () => {
    const file = fs.readFileSync(fixture('wxr-1.2.xml'));
    const cut = file.indexOf('<wp:post_type><![CDATA[page]]>');
    const { error, before } = await failure(file.subarray(0, cut));
    assert.equal(error.message, 'line 211: the file ends inside <item> (opened on line 191)');
    assert.equal(error.line, 211);
    assert.equal(items(before).length, 3);
  });

  test('a file cut inside a tag, or inside a CDATA section', async () => {
    const file = fs.readFileSync(fixture('wxr-1.0.xml'));
    const inTag = await failure(file.subarray(0, file.indexOf('<wp:post_name>') + 5));
    assert.equal(inTag.error.message, 'line 47: the file ends inside <item> (opened on line 21)');
    const inCdata = await failure(file.subarray(0, file.indexOf('хорошо')));
    assert.equal(
      inCdata.error.message,
      'line 37: the file ends inside <content:encoded> (opened on line 37)',
    );
  });

  test('a mismatched closing tag', async () => {
    const { error } = await failure(wxr('<title>Новини\n</channel>'));
    assert.equal(error.message, 'line 5: a closing tag where </title> (opened on line 4) was expected');
  });

  test('a closing tag that closes nothing', async () => {
    const { error } = await failure(wxr('<title>Новини</title>\n\n</item>'));
    assert.equal(error.message, 'line 6: a closing tag that matches no open element');
  });

  test('text before <rss>, or after it', async () => {
    const before = await failure(`Warning: Cannot modify header information\n${wxr('')}`);
    assert.match(before.error.message, /^line 1: text before <rss>: "Warning: Cannot/);
    const after = await failure(`${wxr('')}\n<!-- ok -->\nmore`);
    assert.match(after.error.message, /^line 9: text after the root element: "more"$/);
    const second = await failure(`${wxr('')}<rss/>`);
    assert.match(second.error.message, /^line 7: a second root element <rss>$/);
  });

  test('XML that is not a WordPress export', async () => {
    const rss = await failure(
      '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Стрічка</title></channel></rss>',
    );
    assert.match(
      rss.error.message,
      /^line 2: not a WordPress export: <rss> declares no wordpress.org\/export/,
    );
    const atom = await failure('\n\n<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>');
    assert.match(atom.error.message, /^line 3: not a WordPress export: the root is <feed>, not <rss>$/);
  });

  test('an empty file', async () => {
    assert.equal((await failure('')).error.message, 'line 1: the file is empty');
    assert.equal((await failure('\n\n')).error.message, 'line 3: the file is empty');
    assert.equal(
      (await failure(new Uint8Array([0xef, 0xbb, 0xbf]))).error.message,
      'line 1: the file is empty',
    );
    const declaration = await failure('<?xml version="1.0" encoding="UTF-8"?>\n<!-- nothing -->\n');
    assert.equal(declaration.error.message, 'line 3: no <rss> element');
  });

  test('bytes that are not UTF-8, found in any chunking', async () => {
    const good = bytes(wxr('<title>Новини</title>\n<language>uk</language>'));
    const at = good.indexOf(0x75); // the "u" of "uk"
    const bad = Uint8Array.from(good);
    bad[at] = 0xff;
    for (const size of [0, 1, 13]) {
      const { error } = await failure(chunks(bad, size));
      assert.equal(error.message, 'line 5: not UTF-8', `chunks of ${size}`);
    }
    // A multi-byte character cut at the end of the file.
    const whole = bytes(wxr('<title>Новини</title>'));
    const cut = await failure(whole.subarray(0, Buffer.from(whole).indexOf('Новини') + 3));
    assert.equal(cut.error.message, 'line 4: not UTF-8');
  });
});

describe('size', () => {
  test('about 10 MB of items are read one by one, as the bytes come', async () => {
    const count = 6500;
    const encoder = new TextEncoder();
    let produced = 0;
    const give = (text: string) => {
      const chunk = encoder.encode(text);
      produced += chunk.length;
      return chunk;
    };
    const paragraph = 'Громада вирішила відремонтувати дорогу до школи. '.repeat(12);
    async function* generate(): AsyncGenerator<Uint8Array> {
      yield give(wxr('<title>Великий архів</title>').split('</channel>')[0]!);
      let batch = '';
      for (let i = 1; i <= count; i++) {
        batch += `<item><title><![CDATA[Новина номер ${i}]]></title><dc:creator>redaktor</dc:creator>
<content:encoded><![CDATA[<!-- wp:paragraph -->\n<p>${paragraph}</p>\n<!-- /wp:paragraph -->]]></content:encoded>
<wp:post_id>${i}</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="novyny"><![CDATA[Новини]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>${i + 1}</wp:meta_value></wp:postmeta></item>\n`;
        if (batch.length > 1 << 16) {
          yield give(batch);
          batch = '';
        }
      }
      yield give(`${batch}</channel>\n</rss>\n`);
    }
    let n = 0;
    let producedAtFirst = 0;
    let last: WxrItem | null = null;
    for await (const e of readWxr(generate())) {
      if (e.kind !== 'item') continue;
      if (n++ === 0) producedAtFirst = produced;
      last = e.item;
    }
    assert.equal(n, count);
    assert.ok(produced > 10_000_000, `${produced} bytes`);
    assert.ok(producedAtFirst < 200_000, 'the first item comes before the rest is made');
    assert.equal(last?.postId, count);
    assert.equal(last?.content, `<!-- wp:paragraph -->\n<p>${paragraph}</p>\n<!-- /wp:paragraph -->`);
    assert.deepEqual(last?.meta, [{ key: '_thumbnail_id', value: String(count + 1) }]);
  });
});
