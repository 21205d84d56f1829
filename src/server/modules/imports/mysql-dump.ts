import fs from 'node:fs';
import {
  type Charset,
  Cursor,
  charsetNamed,
  DumpError,
  type DumpFormat,
  type DumpValue,
  HEAD_BYTES,
  isWordByte,
  KNOWN_CHARSETS,
  NEED_MORE,
  sniff,
  UTF8,
} from './mysql-dump-lexer.ts';

/**
 * A streaming reader of MySQL SQL dumps (DLE's own backups, mysqldump, phpMyAdmin) for the
 * import of a DataLife Engine site: it yields the tables' columns and the rows of every INSERT,
 * reading a dump of several GB chunk by chunk and holding no more than a row or a statement.
 *
 * Only CREATE TABLE, INSERT/REPLACE … VALUES, SET NAMES and DELIMITER mean anything here; every
 * other statement is skipped (through its strings and comments, to find its real end). String
 * bytes are decoded in the charset the server would have used: SET NAMES, else the table's
 * DEFAULT CHARSET (DLE's backup writes no SET NAMES, its data is in the table's charset), else
 * the caller's, else UTF-8.
 */

export { DumpError, type DumpFormat, type DumpValue };

/** A table as its CREATE TABLE defines it. */
export interface DumpTable {
  name: string;
  /** Column names in order (not keys or constraints). */
  columns: string[];
  /** The table's DEFAULT CHARSET as written, lower-cased (`cp1251`, `utf8mb4`); null if none. */
  charset: string | null;
}

export type DumpEvent =
  | { kind: 'header'; format: DumpFormat; version: string | null }
  | { kind: 'table'; table: DumpTable }
  | {
      kind: 'row';
      table: string;
      /** From the INSERT's column list, else the table's CREATE TABLE, else []. Shared by the rows of a statement: do not change it. */
      columns: string[];
      values: DumpValue[];
      /** 1-based line of the row's `(`. */
      line: number;
    };

export interface ReadDumpOptions {
  /** The charset of a dump that says nothing of its own (no SET NAMES, no table CHARSET): `cp1251`, `utf8`… */
  charset?: string;
}

/** Bytes read at a time from a file. */
const CHUNK = 1 << 20;

/**
 * Reads a dump (a file path, or its bytes as an async iterable), yielding first the header, then
 * a `table` event for each CREATE TABLE and a `row` event for each row inserted, in file order.
 * Throws `DumpError` (naming the line) for a dump that is truncated, not SQL, not in its charset,
 * or has a row that does not fit its columns.
 */
export async function* readDump(
  input: string | AsyncIterable<Uint8Array>,
  opts: ReadDumpOptions = {},
): AsyncGenerator<DumpEvent> {
  let fallback = UTF8;
  if (opts.charset !== undefined) {
    const cs = charsetNamed(opts.charset);
    if (!cs) throw new DumpError(0, `unknown charset "${opts.charset}"; known: ${KNOWN_CHARSETS}`);
    fallback = cs;
  }
  const source = typeof input === 'string' ? fs.createReadStream(input, { highWaterMark: CHUNK }) : input;
  const it: AsyncIterator<Uint8Array> = source[Symbol.asyncIterator]();
  try {
    const c = new Cursor();
    await fill(c, it, HEAD_BYTES);
    yield { kind: 'header', ...sniff(c) };
    const parser = new Parser(c, fallback);
    for (;;) {
      // A step either completes or, short of bytes, is undone and repeated with more of them.
      const { pos, line, versioned } = c;
      let event: DumpEvent | null | typeof END;
      try {
        event = parser.step();
      } catch (e) {
        if (e !== NEED_MORE) throw e;
        c.pos = pos;
        c.line = line;
        c.versioned = versioned;
        // At least twice what the step had: a huge row costs log(n) retries, not n/chunk.
        await fill(c, it, 2 * (c.buf.length - pos) + 1);
        continue;
      }
      if (event === END) break;
      if (event) yield event;
    }
    if (c.versioned) throw new DumpError(c.line, 'the dump ends inside a /*! comment (no */)');
    if (!parser.statements) throw new DumpError(c.line, 'there is no SQL statement in the dump');
  } finally {
    await it.return?.();
  }
}

/** Keeps the unread bytes and reads chunks until there are `want` of them or the input ends. */
async function fill(c: Cursor, it: AsyncIterator<Uint8Array>, want: number): Promise<void> {
  const parts = [c.buf.subarray(c.pos)];
  let have = parts[0]!.length;
  while (have < want) {
    const r = await it.next();
    if (r.done) {
      c.eof = true;
      break;
    }
    const chunk = r.value;
    if (chunk.length === 0) continue;
    parts.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength),
    );
    have += chunk.length;
  }
  c.buf = parts.length === 1 ? parts[0]! : have === parts[1]?.length ? parts[1]! : Buffer.concat(parts, have);
  c.pos = 0;
}

const END = Symbol('end of dump');

/** The statements a dump may hold; any other word at a statement start is not SQL. */
const STATEMENTS = new Set(
  (
    'ALTER ANALYZE BEGIN CALL CHANGE CHECK CHECKSUM COMMIT CREATE DEALLOCATE DELETE DELIMITER DESCRIBE DO DROP ' +
    'INSERT REPLACE SET ' +
    'EXECUTE EXPLAIN FLUSH GRANT HANDLER INSTALL KILL LOAD LOCK OPTIMIZE PREPARE PURGE RELEASE RENAME ' +
    'REPAIR RESET REVOKE ROLLBACK SAVEPOINT SELECT SHOW START TRUNCATE UNINSTALL UNLOCK UPDATE USE WITH XA'
  ).split(' '),
);
/** What starts a key or constraint, not a column, in CREATE TABLE. */
const NOT_COLUMNS = 'PRIMARY KEY INDEX UNIQUE FULLTEXT SPATIAL CONSTRAINT FOREIGN CHECK PERIOD LIKE'.split(
  ' ',
);
const INSERT_MODIFIERS = ['LOW_PRIORITY', 'DELAYED', 'HIGH_PRIORITY', 'IGNORE', 'INTO'];

interface Insert {
  table: string;
  columns: string[];
  /** Whether the columns are known, so that a row must have as many values. */
  checked: boolean;
  cs: Charset;
}

/** The statement level: one step reads a statement head, a row, or what follows a row. */
class Parser {
  readonly tables = new Map<string, DumpTable>();
  /** Statements seen (to refuse a dump with none). */
  statements = 0;
  /** From SET NAMES; null when none (or `binary`), so that the table's charset counts. */
  private names: Charset | null = null;
  private insert: Insert | null = null;
  private afterRow = false;

  constructor(
    private readonly c: Cursor,
    private readonly fallback: Charset,
  ) {}

  step(): DumpEvent | null | typeof END {
    if (!this.insert) return this.statement();
    const c = this.c;
    c.blanks();
    const ch = c.buf[c.pos];
    if (!this.afterRow) {
      if (ch !== 40) c.unexpected('expected "(" with the values of a row');
      return this.row(this.insert);
    }
    if (ch === 44) c.pos++;
    else if (c.atDelimiter()) this.insert = null;
    else if (isWordByte(ch!) && ['ON', 'AS'].includes(c.readWord())) {
      c.skipStatement(); // ON DUPLICATE KEY UPDATE …: nothing more to read
      this.insert = null;
    } else c.unexpected(`expected "," or "${c.delim}" after a row`);
    this.afterRow = false;
    return null;
  }

  private row(ins: Insert): DumpEvent {
    const line = this.c.line;
    const values = this.c.readRow(ins.cs);
    if (ins.checked && values.length !== ins.columns.length) {
      throw new DumpError(
        line,
        `a row of \`${ins.table}\` has ${values.length} values for ${ins.columns.length} columns`,
      );
    }
    this.afterRow = true;
    return { kind: 'row', table: ins.table, columns: ins.columns, values, line };
  }

  private statement(): DumpEvent | null | typeof END {
    const c = this.c;
    if (!c.skipBlanks()) return END;
    const line = c.line;
    c.inside = 'a statement';
    c.insideLine = line;
    if (c.atDelimiter()) return null;
    const word = isWordByte(c.buf[c.pos]!) ? c.readWord() : '';
    if (!STATEMENTS.has(word)) {
      c.pos -= word.length;
      c.unexpected('this is not SQL: expected a statement');
    }
    this.statements++;
    c.inside = `a ${word} statement`;
    if (word === 'INSERT' || word === 'REPLACE') this.insertHead(word);
    else if (word === 'CREATE') return this.create();
    else if (word === 'SET') this.set(line);
    else if (word === 'DELIMITER') this.delimiter(line);
    else c.skipStatement();
    return null;
  }

  /** A bare word ahead, consumed if it is one of `words`. */
  private keyword(...words: string[]): string | null {
    const c = this.c;
    c.blanks();
    const pos = c.pos;
    const word = c.readWord();
    if (words.includes(word)) return word;
    c.pos = pos;
    return null;
  }

  private insertHead(word: string): void {
    const c = this.c;
    while (this.keyword(...INSERT_MODIFIERS));
    const table = c.readName(this.names ?? this.fallback);
    const cs = this.charsetOf(table);
    if (this.keyword('PARTITION')) {
      c.blanks();
      c.skipItem();
    }
    c.blanks();
    let columns: string[] | null = null;
    if (c.buf[c.pos] === 40) {
      c.pos++;
      columns = [];
      c.blanks();
      if (c.buf[c.pos] === 41) c.pos++;
      else {
        for (;;) {
          columns.push(c.readName(cs));
          c.blanks();
          const ch = c.buf[c.pos++];
          if (ch === 41) break;
          if (ch !== 44) c.unexpected('expected "," or ")" in the column list');
          c.blanks();
        }
      }
    }
    if (!this.keyword('VALUES', 'VALUE')) c.unexpected(`expected VALUES (only ${word} … VALUES is read)`);
    const known = this.tables.get(table)?.columns;
    this.insert = { table, columns: columns ?? known ?? [], checked: (columns ?? known) !== undefined, cs };
    this.afterRow = false;
    c.inside = `the ${word} into \`${table}\``;
  }

  /** The charset a table's strings are in: SET NAMES, else its CHARSET, else the default. */
  private charsetOf(table: string): Charset {
    if (this.names) return this.names;
    const name = this.tables.get(table)?.charset;
    if (!name || name === 'binary') return this.fallback;
    const cs = charsetNamed(name);
    if (!cs)
      this.c.fail(
        this.c.insideLine,
        `unknown charset "${name}" of table \`${table}\`; known: ${KNOWN_CHARSETS}`,
      );
    return cs;
  }

  private create(): DumpEvent | null {
    const c = this.c;
    for (;;) {
      const word = this.keyword('OR', 'REPLACE', 'TEMPORARY', 'TABLE');
      if (word === 'TABLE') break;
      if (!word) {
        c.skipStatement(); // a database, view, trigger…
        return null;
      }
    }
    if (this.keyword('IF')) {
      this.keyword('NOT');
      this.keyword('EXISTS');
    }
    c.blanks();
    const name = c.readName(this.names ?? this.fallback);
    c.blanks();
    if (c.buf[c.pos] !== 40) {
      c.skipStatement(); // CREATE TABLE … LIKE / AS SELECT: no columns to read
      return null;
    }
    c.pos++;
    const columns: string[] = [];
    for (;;) {
      c.blanks();
      if (c.buf[c.pos] === 41) break;
      if (!this.keyword(...NOT_COLUMNS)) columns.push(c.readName(this.names ?? this.fallback));
      c.skipItem();
      if (c.buf[c.pos] === 44) c.pos++;
    }
    c.pos++;
    let charset: string | null = null;
    for (;;) {
      c.blanks();
      if (c.atDelimiter()) break;
      const ch = c.buf[c.pos]!;
      if (isWordByte(ch)) {
        const word = c.readWord();
        if (word === 'CHARSET' || (word === 'CHARACTER' && this.keyword('SET'))) {
          c.blanks();
          if (c.buf[c.pos] === 61) c.pos++;
          c.blanks();
          charset ??= c.readCharsetName();
        }
      } else if (ch === 39 || ch === 34 || ch === 96) c.skipQuoted();
      else if (ch === 40) {
        c.pos++;
        c.skipItem();
      } else c.pos++;
    }
    const table: DumpTable = { name, columns, charset };
    this.tables.set(name, table);
    return { kind: 'table', table };
  }

  /** SET NAMES / SET CHARACTER SET change the charset of what follows; other SETs do nothing here. */
  private set(line: number): void {
    const c = this.c;
    const word = this.keyword('NAMES', 'CHARSET', 'CHARACTER');
    if (word && (word !== 'CHARACTER' || this.keyword('SET'))) {
      c.blanks();
      const name = c.readCharsetName();
      // binary: bytes go in as they are, so they are in the table's charset.
      if (name === 'binary' || name === 'default') this.names = null;
      else {
        const cs = charsetNamed(name);
        if (!cs) c.fail(line, `unknown charset "${name}" in SET NAMES; known: ${KNOWN_CHARSETS}`);
        this.names = cs;
      }
    }
    c.skipStatement();
  }

  /** The mysql client's DELIMITER command: the rest of the word is the new delimiter. */
  private delimiter(line: number): void {
    const c = this.c;
    while (c.at(c.pos) === 32 || c.at(c.pos) === 9) c.pos++;
    const s = c.pos;
    while (c.at(c.pos) > 32) c.pos++;
    if (c.pos === s) c.fail(line, 'DELIMITER without a delimiter');
    const delim = Buffer.from(c.buf.subarray(s, c.pos));
    c.skipLine();
    c.delim = delim;
  }
}

/** DLE's tables, to choose between prefixes when several look like DLE's. */
const DLE_TABLES = ['post', 'category', 'post_extras', 'users', 'comments', 'static', 'usergroups', 'tags'];

/**
 * The prefix of a DLE site's tables (`dle_`, or e.g. `news_` for `news_post` and `news_category`),
 * or null when no `X_post` has its `X_category`. Several candidates: the one with most DLE
 * tables, `dle_` on a tie.
 */
export function detectPrefix(tableNames: Iterable<string>): string | null {
  // Lower-cased (MySQL on Windows lower-cases names) to the name as written.
  const names = new Map<string, string>();
  for (const n of tableNames) if (!names.has(n.toLowerCase())) names.set(n.toLowerCase(), n);
  let best: string | null = null;
  let bestScore = 0;
  for (const [lower, n] of names) {
    if (!lower.endsWith('_post') || lower.length <= 5) continue;
    const prefix = lower.slice(0, -4);
    if (!names.has(`${prefix}category`)) continue;
    const score = DLE_TABLES.filter((t) => names.has(prefix + t)).length;
    if (score > bestScore || (score === bestScore && prefix === 'dle_')) {
      best = n.slice(0, -4);
      bestScore = score;
    }
  }
  return best;
}
