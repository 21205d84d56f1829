import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DumpError, type DumpEvent, detectPrefix, readDump } from './mysql-dump.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Text as the bytes of a one-byte charset (the fixtures' cp1251/koi8 dumps are made here, not committed). */
function encode(text: string, label: string): Uint8Array {
  const chars = new TextDecoder(label).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  const byChar = new Map([...chars].map((ch, i) => [ch, i]));
  return Uint8Array.from(text, (ch) => {
    const b = byChar.get(ch);
    if (b === undefined) throw new Error(`${ch} is not in ${label}`);
    return b;
  });
}

/** The bytes in chunks of `size` (0: all at once), as a stream would give them. */
async function* chunks(bytes: Uint8Array, size = 0): AsyncGenerator<Uint8Array> {
  if (size === 0) yield bytes;
  else for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

const bytesOf = (input: string | Uint8Array) => (typeof input === 'string' ? Buffer.from(input) : input);

async function events(
  input: string | Uint8Array | AsyncIterable<Uint8Array>,
  opts?: { charset?: string },
): Promise<DumpEvent[]> {
  const source = typeof input === 'string' || input instanceof Uint8Array ? chunks(bytesOf(input)) : input;
  const out: DumpEvent[] = [];
  for await (const e of readDump(source, opts)) out.push(e);
  return out;
}

/** Only the rows, as `[table, values]`. */
async function rows(input: string | Uint8Array, opts?: { charset?: string }) {
  return (await events(input, opts)).flatMap((e) => (e.kind === 'row' ? [[e.table, e.values] as const] : []));
}

/** The DumpError a dump makes. */
async function failure(input: string | Uint8Array, opts?: { charset?: string }): Promise<DumpError> {
  try {
    await events(input, opts);
  } catch (e) {
    if (e instanceof DumpError) return e;
    throw e;
  }
  throw new Error('the dump was read without an error');
}

describe('formats', () => {
  test("DLE's own backup: header, tables and multi-row inserts", async () => {
    const all = [];
    for await (const e of readDump(path.join(FIXTURES, 'dle.sql'))) all.push(e);
    assert.deepEqual(all[0], { kind: 'header', format: 'dle', version: '13.0' });
    const tables = all.flatMap((e) => (e.kind === 'table' ? [e.table] : []));
    assert.deepEqual(tables[0], {
      name: 'dle_category',
      columns: ['id', 'parentid', 'name', 'alt_name'],
      charset: 'utf8mb4',
    });
    assert.deepEqual(tables[1]?.columns, [
      'id',
      'autor',
      'date',
      'short_story',
      'full_story',
      'title',
      'category',
      'approve',
    ]);
    const posts = all.filter((e) => e.kind === 'row' && e.table === 'dle_post');
    assert.equal(posts.length, 2);
    assert.deepEqual(posts[0], {
      kind: 'row',
      table: 'dle_post',
      columns: tables[1]?.columns,
      values: [
        1,
        'redaktor',
        '2024-03-01 09:15:00',
        '<p>Мостова вулиця відкрита знову.</p>',
        "<p>Ремонт тривав три тижні.\r\nРух відновлено; об'їзд скасовано.</p>",
        'Міст відкрили',
        '1',
        1,
      ],
      line: 37,
    });
    // `;`, `),(` and a comma inside strings are data.
    assert.deepEqual(posts[1]?.kind === 'row' && posts[1].values.slice(5), [
      'Прогноз: (сонце),(вітер);',
      '1,2',
      0,
    ]);
    assert.deepEqual(
      all
        .filter((e) => e.kind === 'row' && e.table === 'dle_category')
        .map((e) => e.kind === 'row' && e.line),
      [17, 18],
    );
  });

  test('a DLE header with an odd version is still a DLE dump', async () => {
    const [header] = await events('#DLE|9.6b|x\n\nDROP TABLE IF EXISTS `dle_post`;\n');
    assert.deepEqual(header, { kind: 'header', format: 'dle', version: '9.6b' });
  });

  test('mysqldump: SET NAMES in /*! */, LOCK TABLES, column lists, INSERT IGNORE, REPLACE, db.table', async () => {
    const all = [];
    for await (const e of readDump(path.join(FIXTURES, 'mysqldump.sql'))) all.push(e);
    assert.deepEqual(all[0], { kind: 'header', format: 'mysqldump', version: '10.13' });
    const post = all.find((e) => e.kind === 'table' && e.table.name === 'news_post');
    const columns = post?.kind === 'table' ? post.table.columns : [];
    assert.deepEqual(columns, ['id', 'title', 'rating', 'views', 'flags', 'tags', 'kind', 'slug']);
    const got = all.flatMap((e) => (e.kind === 'row' ? [[e.table, e.columns, e.values, e.line]] : []));
    assert.deepEqual(got.slice(0, 3), [
      [
        'news_post',
        columns,
        [1, 'Зміна розкладу', 4.5, '12345678901234567890', '\0', 'a,b', 'x,y', 'зміна'],
        44,
      ],
      ['news_post', columns, [2, 'Хмарно\tі "тихо"', -0.25, 0, '\x05', '', 'z', null], 44],
      ['news_post', columns, [3, 'Ярмарок у неділю', null, 7, 5, 'c', 'z', 'ярмарок'], 44],
    ]);
    assert.deepEqual(got.slice(3), [
      ['news_category', ['id', 'name'], [1, 'Спорт'], 59],
      ['news_category', ['id', 'name'], [2, 'Культура'], 59],
      ['news_category', ['id', 'name'], [3, 'Освіта'], 60],
      ['news_category', ['name', 'id'], ["Здоров'я", 4], 61],
    ]);
  });

  test('a MariaDB dump (sandbox comment first) is a mysqldump one', async () => {
    const dump =
      '/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19-11.4.2-MariaDB, for Linux\nSET NAMES utf8;\n';
    assert.deepEqual((await events(dump))[0], {
      kind: 'header',
      format: 'mysqldump',
      version: '10.19-11.4.2-MariaDB',
    });
  });

  test('phpMyAdmin: header comments, SET SQL_MODE, transaction, inserts with column lists, ALTER TABLE', async () => {
    const all = [];
    for await (const e of readDump(path.join(FIXTURES, 'phpmyadmin.sql'))) all.push(e);
    assert.deepEqual(all[0], { kind: 'header', format: 'phpmyadmin', version: '5.2.1' });
    assert.deepEqual(
      all.flatMap((e) => (e.kind === 'row' ? [[e.values, e.line]] : [])),
      [
        [[1, 2, 'Гость', 'Спасибо за новость!'], 41],
        [[2, 2, 'Олеся', 'А где будет ярмарка?\nНапишите адрес.'], 42],
        [[3, 1, 'Петро', 'Нарешті!'], 44],
      ],
    );
  });

  test('a byte order mark is skipped', async () => {
    const [header] = await events('\uFEFF#DLE|17.1\nSET NAMES utf8;\n');
    assert.deepEqual(header, { kind: 'header', format: 'dle', version: '17.1' });
  });

  test('stopping early closes the input', async () => {
    let closed = false;
    const source: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]() {
        const inner = chunks(Buffer.from('INSERT INTO t VALUES (1),(2),(3);'), 5);
        return {
          next: () => inner.next(),
          return: () => {
            closed = true;
            return inner.return(undefined);
          },
        };
      },
    };
    for await (const e of readDump(source)) if (e.kind === 'row') break;
    assert.equal(closed, true);
  });

  test('an unknown header is fine', async () => {
    const all = await events('INSERT INTO t VALUES (1);');
    assert.deepEqual(all, [
      { kind: 'header', format: 'unknown', version: null },
      { kind: 'row', table: 't', columns: [], values: [1], line: 1 },
    ]);
  });
});

describe('literals', () => {
  test('MySQL escapes and doubled quotes', async () => {
    const dump = String.raw`INSERT INTO t VALUES ('a\'b\"c\\d\ne\rf\tg\0h\Zi\bj\%k\_l\qm', "x""y", 'p''q', "it's", '');`;
    assert.deepEqual(await rows(dump), [
      ['t', ['a\'b"c\\d\ne\rf\tg\0h\x1Ai\bj\\%k\\_lqm', 'x"y', "p'q", "it's", '']],
    ]);
  });

  test('numbers, NULL, hex, bits and introducers', async () => {
    const dump =
      'INSERT INTO t VALUES (0, -17, +3, 12.50, -0.001, 1.5e3, 2E-2, -0, 9007199254740991, 9007199254740993, ' +
      "-12345678901234567, 0.1234567890123456789, NULL, null, TRUE, 0x4D6973, X'6d69', 0xABC, b'1010', 0b11, " +
      "_binary 'bin', _utf8mb4'ї', _binary 0x41);";
    assert.deepEqual(await rows(dump), [
      [
        't',
        [
          0,
          -17,
          3,
          12.5,
          -0.001,
          1500,
          0.02,
          0,
          9007199254740991,
          '9007199254740993',
          '-12345678901234567',
          '0.1234567890123456789',
          null,
          null,
          1,
          'Mis',
          'mi',
          '\n\uFFFD', // 0xABC is 0x0ABC: not UTF-8, decoded loosely as binary data
          10,
          3,
          'bin',
          'ї',
          'A',
        ],
      ],
    ]);
  });

  test('hex literals decode in the charset in force', async () => {
    const dump = Buffer.concat([
      Buffer.from("SET NAMES cp1251;\nINSERT INTO t VALUES (0xCAE8BFE2, X'F2E5F1F2');"),
    ]);
    assert.deepEqual(await rows(dump), [['t', ['Київ', 'тест']]]);
  });

  test('a string with ; ),( and raw newlines inside, and the lines of the rows after it', async () => {
    const dump =
      "INSERT INTO t VALUES ('a;b),(c\n;\n-- not a comment\n'),\n(2),(\n3);\nINSERT INTO t VALUES (4);";
    const all = (await events(dump)).filter((e) => e.kind === 'row');
    assert.deepEqual(
      all.map((e) => e.kind === 'row' && [e.values, e.line]),
      [
        [['a;b),(c\n;\n-- not a comment\n'], 1],
        [[2], 5],
        [[3], 5],
        [[4], 7],
      ],
    );
  });
});

describe('comments and skipped statements', () => {
  test('comments of every kind, and statements that are skipped through their strings', async () => {
    const dump = [
      '# a hash comment; INSERT INTO t VALUES (9);',
      '-- a dash comment; INSERT INTO t VALUES (9);',
      '/* a block',
      '   comment; INSERT INTO t VALUES (9); */',
      'SET @x = \'a;b\', @y = "c\\";d"; -- ; after',
      'LOCK TABLES `t;` WRITE;',
      '/*!40000 ALTER TABLE `t` DISABLE KEYS */;',
      'INSERT /* inline */ INTO t -- why not',
      'VALUES (1 /* one */, # hash',
      "'x'),(2,'y');",
      'UNLOCK TABLES;',
      'DELIMITER ;;',
      "/*!50003 CREATE*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = ';'; SET @z=1; END */;;",
      'DELIMITER ;',
      'COMMIT;',
    ].join('\n');
    assert.deepEqual(await rows(dump), [
      ['t', [1, 'x']],
      ['t', [2, 'y']],
    ]);
  });

  test('INSERT … ON DUPLICATE KEY UPDATE ends after its rows', async () => {
    const dump =
      "INSERT INTO t (a) VALUES (1),(2) ON DUPLICATE KEY UPDATE a = ';';\nINSERT INTO t VALUES (3);";
    assert.deepEqual(await rows(dump), [
      ['t', [1]],
      ['t', [2]],
      ['t', [3]],
    ]);
  });
});

describe('charsets', () => {
  const cp1251 = (text: string) => encode(text, 'windows-1251');

  test('SET NAMES cp1251 (in a versioned comment) decodes what follows', async () => {
    const dump = cp1251("/*!40101 SET NAMES cp1251 */;\nINSERT INTO `t` VALUES ('Привіт, світе','Ёж');");
    assert.deepEqual(await rows(dump), [['t', ['Привіт, світе', 'Ёж']]]);
  });

  test("the table's CHARSET when there is no SET NAMES (DLE's backups)", async () => {
    const dump = cp1251(
      "#DLE|10.3\n\nCREATE TABLE `dle_post` (\n  `title` varchar(200) NOT NULL DEFAULT 'Без назви'\n) ENGINE=MyISAM DEFAULT CHARSET=cp1251;\n" +
        "INSERT INTO `dle_post` VALUES ('Новости района');\n",
    );
    assert.deepEqual(await rows(dump), [['dle_post', ['Новости района']]]);
  });

  test('SET NAMES wins over the table charset; SET NAMES binary gives it back', async () => {
    const head = 'CREATE TABLE t (a text) DEFAULT CHARSET=cp1251;\n';
    const utf = Buffer.from(`${head}SET NAMES utf8mb4;\nINSERT INTO t VALUES ('Львів');\n`);
    assert.deepEqual(await rows(utf), [['t', ['Львів']]]);
    const binary = Buffer.concat([
      Buffer.from(`${head}SET NAMES binary;\n`),
      cp1251("INSERT INTO t VALUES ('Львів');"),
    ]);
    assert.deepEqual(await rows(binary), [['t', ['Львів']]]);
  });

  test('opts.charset for a dump that names none; latin1 and koi8r', async () => {
    assert.deepEqual(await rows(cp1251("INSERT INTO t VALUES ('Житомир');"), { charset: 'cp1251' }), [
      ['t', ['Житомир']],
    ]);
    const koi = encode("SET NAMES koi8r;\nINSERT INTO t VALUES ('Гроза');", 'koi8-r');
    assert.deepEqual(await rows(koi), [['t', ['Гроза']]]);
    // MySQL's latin1 is cp1252: 0x80 is € (Node 20's own windows-1252 decoder gets that wrong).
    const latin = Buffer.concat([
      Buffer.from("SET NAMES latin1;\nINSERT INTO t VALUES ('"),
      Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0x20, 0x93, 0x71, 0x94),
      Buffer.from("');"),
    ]);
    assert.deepEqual(await rows(latin), [['t', ['café € \u201cq\u201d']]]);
  });

  test('invalid UTF-8 names its line and suggests --charset', async () => {
    const dump = Buffer.concat([Buffer.from('INSERT INTO t VALUES\n(1),\n('), cp1251("'Київ'),(3);")]);
    const e = await failure(dump);
    assert.equal(e.line, 3);
    assert.match(e.message, /^line 3: .*not valid UTF-8; is the dump cp1251\? pass --charset/);
  });

  test('an unknown charset is an error naming the line', async () => {
    assert.match(
      (await failure('SET NAMES utf8;\n/*!40101 SET NAMES klingon */;')).message,
      /^line 2: unknown charset "klingon"/,
    );
    const table = 'CREATE TABLE t (a int) DEFAULT CHARSET=ebcdic;\n\nINSERT INTO t VALUES (1);';
    assert.match((await failure(table)).message, /^line 3: unknown charset "ebcdic" of table `t`/);
    assert.match(
      (await failure('INSERT INTO t VALUES (1);', { charset: 'nope' })).message,
      /unknown charset "nope"/,
    );
  });
});

describe('columns', () => {
  test('from the column list, else from CREATE TABLE, else []', async () => {
    const dump =
      'CREATE TABLE `a` (`x` int, `y` varchar(9), KEY `k` (`x`)) ENGINE=InnoDB;\n' +
      'INSERT INTO a VALUES (1,2);\nINSERT INTO a (`y`,`x`) VALUES (3,4);\nINSERT INTO b VALUES (5,6,7);';
    const got = (await events(dump)).flatMap((e) => (e.kind === 'row' ? [[e.table, e.columns]] : []));
    assert.deepEqual(got, [
      ['a', ['x', 'y']],
      ['a', ['y', 'x']],
      ['b', []],
    ]);
  });

  test('a row with more or fewer values than columns is an error naming its line', async () => {
    const e = await failure('CREATE TABLE a (x int, y int);\nINSERT INTO a VALUES (1,2),\n(3);');
    assert.equal(e.line, 3);
    assert.match(e.message, /^line 3: a row of `a` has 1 values for 2 columns/);
    assert.match(
      (await failure('INSERT INTO a (x) VALUES (1,2);')).message,
      /^line 1: .*2 values for 1 columns/,
    );
  });
});

describe('broken dumps', () => {
  test('truncated inside a string, a comment, a statement', async () => {
    assert.match(
      (await failure("INSERT INTO t VALUES (1),\n(2, 'abc")).message,
      /^line 2: the dump ends inside a string/,
    );
    assert.match(
      (await failure('SET x=1;\n/* never closed')).message,
      /^line 2: the dump ends inside a \/\* comment/,
    );
    assert.match(
      (await failure('INSERT INTO t VALUES (1),\n(2)')).message,
      /^line 1: the dump ends inside the INSERT into `t` .*no closing ;/,
    );
    assert.match(
      (await failure('SET x=1;\nUNLOCK TABLES')).message,
      /^line 2: the dump ends inside a UNLOCK statement/,
    );
    assert.match((await failure('/*!40101 SET x=1;')).message, /the dump ends inside a \/\*! comment/);
    assert.match(
      (await failure('CREATE TABLE t (\n  a int')).message,
      /^line 1: the dump ends inside a CREATE/,
    );
  });

  test('garbage, an empty file, a compressed file', async () => {
    assert.match(
      (await failure('SET x=1;\n<html><body>Not found')).message,
      /^line 2: this is not SQL.*"<html><body>Not found"/,
    );
    assert.match((await failure('Привіт, це не SQL;')).message, /^line 1: this is not SQL/);
    assert.match(
      (await failure('INSERT INTO t VALUES (1, abc);')).message,
      /^line 1: expected a value, found "abc\);"/,
    );
    assert.match((await failure('INSERT INTO t SELECT * FROM u;')).message, /^line 1: expected VALUES/);
    assert.match((await failure('')).message, /empty/);
    assert.match((await failure('\n-- only a comment\n')).message, /no SQL statement/);
    assert.match((await failure(Uint8Array.of(0x1f, 0x8b, 8, 0))).message, /gzip/);
  });
});

describe('chunks', () => {
  const dump = [
    '#DLE|15.1',
    'CREATE TABLE `dle_post` (`id` int, `title` text, `n` double) DEFAULT CHARSET=utf8mb4;',
    "/*!40101 SET NAMES utf8mb4 */; -- ok\nINSERT INTO `dle_post` VALUES (1,'Ще не вмерла\\'; ),(','x'),(2,'ї''є',-1.5e-3),",
    '(3,0x41,NULL);',
    'DELIMITER ;;\nSET @a = 1;;\nDELIMITER ;\n# end',
  ].join('\n');
  const bytes = Buffer.from(dump);

  test('a dump split at every byte offset reads the same', async () => {
    const whole = await events(bytes);
    assert.equal(whole.filter((e) => e.kind === 'row').length, 3);
    for (let k = 1; k < bytes.length; k++) {
      async function* two() {
        yield bytes.subarray(0, k);
        yield bytes.subarray(k);
      }
      assert.deepEqual(await events(two()), whole, `split at ${k}`);
    }
  });

  test('1-byte and 7-byte chunks, and errors found at the same line', async () => {
    const whole = await events(bytes);
    assert.deepEqual(await events(chunks(bytes, 1)), whole);
    assert.deepEqual(await events(chunks(bytes, 7)), whole);
    const broken = Buffer.from("SET NAMES utf8;\nINSERT INTO t VALUES (1),\n('a\n");
    for (const size of [1, 7]) {
      await assert.rejects(events(chunks(broken, size)), /^DumpError: line 3: the dump ends inside a string/);
    }
  });

  test('~20 MB of inserts are read whole', async () => {
    const rowText = (i: number) =>
      `(${i},'Новина номер ${i}: рада, міст; дорога \\'ремонт\\'','${'текст '.repeat(40)}',${i % 7}.5)`;
    const perInsert = 500;
    const inserts = 150;
    const statement = (n: number) => {
      const parts = [];
      for (let i = 0; i < perInsert; i++) parts.push(rowText(n * perInsert + i));
      return Buffer.from(`INSERT INTO \`dle_post\` VALUES ${parts.join(',\n')};\n`);
    };
    async function* big() {
      yield Buffer.from('CREATE TABLE `dle_post` (`id` int, `title` text, `body` text, `x` double);\n');
      for (let n = 0; n < inserts; n++) yield statement(n);
    }
    let count = 0;
    let last: DumpEvent | null = null;
    for await (const e of readDump(big())) {
      if (e.kind === 'row') {
        count++;
        last = e;
      }
    }
    assert.equal(count, perInsert * inserts);
    assert.deepEqual(last?.kind === 'row' && last.values.slice(0, 2), [
      count - 1,
      `Новина номер ${count - 1}: рада, міст; дорога 'ремонт'`,
    ]);
  });
});

describe('detectPrefix', () => {
  test('dle_, another prefix, none', () => {
    assert.equal(detectPrefix(['dle_admin_logs', 'dle_category', 'dle_post', 'dle_users']), 'dle_');
    assert.equal(detectPrefix(new Set(['news_post', 'news_category', 'wp_posts'])), 'news_');
    assert.equal(detectPrefix(['Site_Post', 'site_category']), 'Site_');
    assert.equal(detectPrefix(['post', 'category', 'x_post', 'users']), null);
    assert.equal(detectPrefix([]), null);
    // Two sites in one database: the one with more DLE tables, dle_ on a tie.
    assert.equal(detectPrefix(['a_post', 'a_category', 'b_post', 'b_category', 'b_users']), 'b_');
    assert.equal(detectPrefix(['z_post', 'z_category', 'dle_post', 'dle_category']), 'dle_');
  });
});
