/**
 * The byte level of the MySQL dump reader (`mysql-dump.ts`): a cursor over the bytes read so far
 * that skips blanks and comments and reads words, names and literals. Only the bytes of one
 * literal are ever decoded at a time, so a dump of any size is read in the memory of one row.
 *
 * When a token runs past the bytes read so far, the cursor throws `NEED_MORE`; the reader then
 * reads further and repeats its step (a statement head, a row) from the start. No token state
 * has to survive between chunks, which keeps the scanning loops plain and fast.
 */

/** A dump that cannot be read: the message starts with the line ("line 12: ..."). */
export class DumpError extends Error {
  /** 1-based line of the dump; 0 when the problem is not at a place in the dump. */
  line: number;
  constructor(line: number, detail: string) {
    super(line > 0 ? `line ${line}: ${detail}` : detail);
    this.name = 'DumpError';
    this.line = line;
  }
}

class NeedMore extends Error {}
/** Thrown (one shared instance, no stack to build) when a token continues past the bytes read. */
export const NEED_MORE = new NeedMore('more input needed');

/** Decodes the bytes of literals in one character set. */
export interface Charset {
  /** The MySQL name, for messages. */
  readonly name: string;
  /** Text of `b[s..e)`; `high` says a byte ≥ 0x80 is there. UTF-8 is checked: bad bytes throw. */
  text(b: Buffer, s: number, e: number, high: boolean, line: number): string;
  /** The same without the check, for binary data (`_binary`, hex literals), which need not be text. */
  loose(b: Buffer, s: number, e: number): string;
}

const NOT_UTF8 = 'text is not valid UTF-8; is the dump cp1251? pass --charset';
// ignoreBOM: a literal that starts with U+FEFF keeps it.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const UTF8: Charset = {
  name: 'utf8',
  text(b, s, e, high, line) {
    // ASCII is the same in every charset here, and a one-byte string is the cheapest to make.
    if (!high) return b.toString('latin1', s, e);
    try {
      return STRICT_UTF8.decode(b.subarray(s, e));
    } catch {
      throw new DumpError(line, NOT_UTF8);
    }
  },
  loose: (b, s, e) => b.toString('utf8', s, e),
};

/** Growable scratch buffers (decoding is synchronous, so one pair serves every reader). */
let scratchIn = Buffer.allocUnsafe(1 << 16);
let scratchOut = Buffer.allocUnsafe(1 << 17);
function inScratch(n: number): Buffer {
  if (scratchIn.length < n) scratchIn = Buffer.allocUnsafe(Math.max(n, scratchIn.length * 2));
  return scratchIn;
}

/** cp1252's 0x80–0x9F (the five bytes it leaves undefined stay C1 controls, as in MySQL). */
const CP1252_80_9F = Array.from(
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
    '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178',
  (ch) => ch.charCodeAt(0),
);

/** A one-byte charset through a table made once by `TextDecoder`: no per-literal ICU call. */
function singleByte(name: string, label: string): Charset {
  const all = new TextDecoder(label).decode(Uint8Array.from({ length: 256 }, (_, i) => i));
  const codes = Uint16Array.from(all, (ch) => ch.charCodeAt(0));
  // Node 20's TextDecoder takes windows-1252 for ISO-8859-1 (nodejs/node#56542): € and the
  // quotes of 0x80–0x9F come out as C1 controls. MySQL's latin1 is cp1252, so they are set here.
  if (label === 'windows-1252') codes.set(CP1252_80_9F, 0x80);
  const decode = (b: Buffer, s: number, e: number): string => {
    const n = 2 * (e - s);
    if (scratchOut.length < n) scratchOut = Buffer.allocUnsafe(Math.max(n, scratchOut.length * 2));
    const out = scratchOut;
    for (let i = s, j = 0; i < e; i++, j += 2) {
      const code = codes[b[i]!]!;
      out[j] = code & 255;
      out[j + 1] = code >>> 8;
    }
    return out.toString('utf16le', 0, n);
  };
  return {
    name,
    text: (b, s, e, high) => (high ? decode(b, s, e) : b.toString('latin1', s, e)),
    loose: decode,
  };
}

/** MySQL charset names and the WHATWG encodings they are (MySQL's latin1 is really cp1252). */
const ENCODINGS = new Map([
  ['utf8', 'utf-8'],
  ['utf8mb3', 'utf-8'],
  ['utf8mb4', 'utf-8'],
  ['cp1251', 'windows-1251'],
  ['latin1', 'windows-1252'],
  ['ascii', 'windows-1252'],
  ['koi8r', 'koi8-r'],
  ['koi8u', 'koi8-u'],
  ['cp866', 'ibm866'],
  ['cp1250', 'windows-1250'],
  ['cp1256', 'windows-1256'],
  ['cp1257', 'windows-1257'],
  ['latin2', 'iso-8859-2'],
  ['latin5', 'windows-1254'],
  ['latin7', 'iso-8859-13'],
  ['greek', 'iso-8859-7'],
  ['hebrew', 'iso-8859-8'],
]);
const LABELS = new Set(ENCODINGS.values());
const charsets = new Map<string, Charset>();

/** The charset of a MySQL name (`cp1251`) or an encoding label (`windows-1251`); null if unknown. */
export function charsetNamed(name: string): Charset | null {
  const key = name.trim().toLowerCase();
  const label = ENCODINGS.get(key) ?? (LABELS.has(key) ? key : undefined);
  if (label === undefined) return null;
  let cs = charsets.get(key);
  if (!cs) {
    cs = label === 'utf-8' ? { ...UTF8, name: key } : singleByte(key, label);
    charsets.set(key, cs);
  }
  return cs;
}
export const KNOWN_CHARSETS = [...ENCODINGS.keys()].join(', ');
export { UTF8 };

// Bytes by name, for the scanning loops.
const TAB = 9;
const LF = 10;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const QUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const SLASH = 47;
const ZERO = 48;
const NINE = 57;
const BACKSLASH = 92;
const UNDERSCORE = 95;
const BACKTICK = 96;

/** Letters, digits, `_`, `$` and any non-ASCII byte: what a bare word or name is made of. */
export const isWordByte = (ch: number): boolean =>
  (ch >= 97 && ch <= 122) ||
  (ch >= 65 && ch <= 90) ||
  (ch >= ZERO && ch <= NINE) ||
  ch === UNDERSCORE ||
  ch === 36 ||
  ch >= 128;
const isDigit = (ch: number) => ch >= ZERO && ch <= NINE;
const hexValue = (ch: number) =>
  ch >= ZERO && ch <= NINE ? ch - ZERO : (ch | 32) >= 97 && (ch | 32) <= 102 ? (ch | 32) - 87 : -1;

/** `\n` → newline etc.: the byte each MySQL escape stands for (others stand for themselves). */
const ESCAPES = new Uint8Array(256).map((_, i) => i);
ESCAPES[ZERO] = 0;
ESCAPES[98] = 8; // \b
ESCAPES[110] = LF; // \n
ESCAPES[114] = 13; // \r
ESCAPES[116] = TAB; // \t
ESCAPES[90] = 26; // \Z

export type DumpValue = string | number | null;
export type DumpFormat = 'dle' | 'mysqldump' | 'phpmyadmin' | 'unknown';

/** Bytes looked at for the header comments. */
export const HEAD_BYTES = 4096;

/** Checks the first bytes are a text dump (not compressed) and finds its format from the header comments. */
export function sniff(c: Cursor): { format: DumpFormat; version: string | null } {
  const b = c.buf;
  if (b.length === 0) throw new DumpError(1, 'the dump is empty');
  if (b[0] === 0x1f && b[1] === 0x8b) throw new DumpError(1, 'the file is gzip-compressed: unpack it first');
  if (b.toString('latin1', 0, 4) === 'PK\x03\x04')
    throw new DumpError(1, 'the file is a zip archive: unpack it first');
  if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
    throw new DumpError(1, 'the dump is in UTF-16: convert it to UTF-8 first');
  }
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) c.pos = 3; // a UTF-8 byte order mark
  const lines = b.toString('latin1', c.pos, Math.min(b.length, HEAD_BYTES)).split('\n');
  const first = lines[0]!.trim();
  if (first.startsWith('#DLE|'))
    return { format: 'dle', version: first.slice(5).split('|')[0]!.trim() || null };
  for (const [k, raw] of lines.entries()) {
    const l = raw.trim();
    if (!l || l.startsWith('/*M!')) continue;
    if (!l.startsWith('--') && !l.startsWith('#')) break;
    const dump = /^--\s*(?:MySQL|MariaDB) dump\s+([^\s,]+)/i.exec(l);
    if (dump) return { format: 'mysqldump', version: dump[1]! };
    if (/^--\s*phpMyAdmin SQL Dump/i.test(l)) {
      const version = lines.slice(k + 1, k + 6).map((x) => /^--\s*version\s+(\S+)/i.exec(x.trim())?.[1]);
      return { format: 'phpmyadmin', version: version.find((v) => v !== undefined) ?? null };
    }
  }
  return { format: 'unknown', version: null };
}

/** Up to this many digits a literal converts to a double and back unchanged. */
const SAFE_DIGITS = 15;

export class Cursor {
  /** The bytes read and not yet consumed; `pos` is in it. */
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  line = 1;
  /** No more input: the end of `buf` is the end of the dump. */
  eof = false;
  /** Inside `/*!NNNNN ... *\/`, whose text is SQL, so its `*\/` is only a blank. */
  versioned = false;
  delim: Buffer = Buffer.from(';');
  /** What a truncated statement is, for "the dump ends inside ...". */
  inside = 'a statement';
  insideLine = 1;

  /** The byte at `i`, or -1 at the end of the dump. */
  at(i: number): number {
    if (i < this.buf.length) return this.buf[i]!;
    if (this.eof) return -1;
    throw NEED_MORE;
  }

  fail(line: number, detail: string): never {
    throw new DumpError(line, detail);
  }

  /** At the end of the dump: a statement or literal started at `line` is cut off. */
  private endsInside(what: string, line: number): never {
    if (!this.eof) throw NEED_MORE;
    return this.fail(line, `the dump ends inside ${what}`);
  }

  truncated(): never {
    return this.endsInside(`${this.inside} (no closing ${this.delim})`, this.insideLine);
  }

  /** A short quote of what is at the cursor, for messages. */
  show(): string {
    if (this.pos >= this.buf.length) return 'the end of the dump';
    let e = Math.min(this.buf.length, this.pos + 40);
    const lf = this.buf.indexOf(LF, this.pos);
    if (lf >= 0 && lf < e) e = lf;
    return JSON.stringify(this.buf.toString('utf8', this.pos, e).trimEnd());
  }

  unexpected(what: string): never {
    return this.fail(this.line, `${what}, found ${this.show()}`);
  }

  /** Skips blanks and comments; false at the end of the dump. */
  skipBlanks(): boolean {
    const b = this.buf;
    for (;;) {
      let i = this.pos;
      let ch = -1;
      while (i < b.length) {
        ch = b[i]!;
        if (ch === LF) this.line++;
        else if (ch > SPACE) break;
        i++;
      }
      this.pos = i;
      if (i >= b.length) {
        if (this.eof) return false;
        throw NEED_MORE;
      }
      if (ch === HASH) this.skipLine();
      else if (ch === DASH && this.at(i + 1) === DASH && this.at(i + 2) <= SPACE) this.skipLine();
      else if (ch === SLASH && this.at(i + 1) === STAR) this.skipComment();
      else if (ch === STAR && this.versioned && this.at(i + 1) === SLASH) {
        this.pos = i + 2;
        this.versioned = false;
      } else return true;
    }
  }

  /** `skipBlanks` inside a statement, where the end of the dump is an error. Cheap when there is nothing to skip. */
  blanks(): void {
    const ch = this.buf[this.pos];
    if (ch !== undefined && ch > SPACE && ch !== HASH && ch !== DASH && ch !== SLASH && ch !== STAR) return;
    if (!this.skipBlanks()) this.truncated();
  }

  skipLine(): void {
    const lf = this.buf.indexOf(LF, this.pos);
    if (lf >= 0) {
      this.pos = lf + 1;
      this.line++;
    } else if (this.eof) this.pos = this.buf.length;
    else throw NEED_MORE;
  }

  /** At `/*`: a comment, or the start of a versioned one whose text is read as SQL. */
  private skipComment(): void {
    const b = this.buf;
    const start = this.pos;
    const next = this.at(start + 2);
    if (next === BANG) {
      let i = start + 3;
      while (isDigit(this.at(i))) i++;
      this.pos = i;
      this.versioned = true;
      return;
    }
    // `/*M!...*/` (MariaDB) is skipped whole: its sandbox line is a client command, not SQL.
    const line = this.line;
    let i = start + 2;
    for (;;) {
      const star = b.indexOf(STAR, i);
      const end = star < 0 ? b.length : star;
      for (let k = i; k < end; k++) if (b[k] === LF) this.line++;
      if (star < 0 || star + 1 >= b.length) this.endsInside('a /* comment */', line);
      if (b[star + 1] === SLASH) {
        this.pos = star + 2;
        return;
      }
      i = star + 1;
    }
  }

  /** Consumes the statement delimiter if it is at the cursor. */
  atDelimiter(): boolean {
    const d = this.delim;
    if (d.length === 1) {
      if (this.buf[this.pos] !== d[0]) return false;
    } else {
      for (let k = 0; k < d.length; k++) if (this.at(this.pos + k) !== d[k]) return false;
    }
    this.pos += d.length;
    return true;
  }

  /** A bare word, upper-cased ('' if none is here). */
  readWord(): string {
    const b = this.buf;
    const s = this.pos;
    let i = s;
    while (isWordByte(this.at(i))) i++;
    this.pos = i;
    return b.toString('latin1', s, i).toUpperCase();
  }

  /** A name (bare, in backticks or double quotes); of `db`.`table` the last part. */
  readName(cs: Charset): string {
    for (;;) {
      const b = this.buf;
      const q = b[this.pos]!;
      let name: string;
      if (q === BACKTICK || q === DQUOTE) {
        const line = this.line;
        const s = this.pos + 1;
        this.skipQuoted();
        name = cs
          .text(b, s, this.pos - 1, true, line)
          .replaceAll(q === BACKTICK ? '``' : '""', q === BACKTICK ? '`' : '"');
      } else {
        const s = this.pos;
        let i = s;
        while (isWordByte(this.at(i))) i++;
        if (i === s) this.unexpected('expected a name');
        this.pos = i;
        name = cs.text(b, s, i, true, this.line);
      }
      if (this.at(this.pos) !== DOT) return name;
      this.pos++;
    }
  }

  /** A charset name: a bare word or a quoted one, lower-cased. */
  readCharsetName(): string {
    const q = this.buf[this.pos];
    if (q !== QUOTE && q !== DQUOTE && q !== BACKTICK) return this.readWord().toLowerCase();
    const s = this.pos + 1;
    this.skipQuoted();
    return this.buf.toString('latin1', s, this.pos - 1).toLowerCase();
  }

  /** Skips a quoted string or name at the cursor without decoding it. */
  skipQuoted(): void {
    const b = this.buf;
    const q = b[this.pos]!;
    const line = this.line;
    const escapes = q !== BACKTICK;
    let i = this.pos + 1;
    for (;;) {
      if (i >= b.length) this.endsInside('a quoted string that starts on this line', line);
      const ch = b[i]!;
      if (ch === q) {
        if (i + 1 >= b.length && !this.eof) throw NEED_MORE;
        if (b[i + 1] !== q) break;
        i++;
      } else if (ch === LF) this.line++;
      else if (ch === BACKSLASH && escapes && b[++i] === LF) this.line++;
      i++;
    }
    this.pos = i + 1;
  }

  /** Skips to just after the statement's delimiter, through strings and comments. */
  skipStatement(): void {
    for (;;) {
      if (!this.skipBlanks()) this.truncated();
      if (this.atDelimiter()) return;
      const ch = this.buf[this.pos];
      if (ch === QUOTE || ch === DQUOTE || ch === BACKTICK) this.skipQuoted();
      else this.pos++;
    }
  }

  /** Skips a column definition or table option: up to the `,` or `)` that ends it, not consumed. */
  skipItem(): void {
    let depth = 0;
    for (;;) {
      this.blanks();
      const ch = this.buf[this.pos];
      if (ch === QUOTE || ch === DQUOTE || ch === BACKTICK) {
        this.skipQuoted();
        continue;
      }
      if (ch === LPAREN) depth++;
      else if (ch === RPAREN || ch === COMMA) {
        if (depth === 0) return;
        if (ch === RPAREN) depth--;
      }
      this.pos++;
    }
  }

  /** The values of one row, at its `(`. */
  readRow(cs: Charset): DumpValue[] {
    const values: DumpValue[] = [];
    this.pos++;
    this.blanks();
    if (this.buf[this.pos] === RPAREN) {
      this.pos++;
      return values;
    }
    for (;;) {
      values.push(this.readValue(cs));
      this.blanks();
      const ch = this.buf[this.pos];
      this.pos++;
      if (ch === RPAREN) return values;
      if (ch !== COMMA) {
        this.pos--;
        this.unexpected('expected "," or ")" after a value');
      }
      this.blanks();
    }
  }

  readValue(cs: Charset): DumpValue {
    const b = this.buf;
    const ch = b[this.pos]!;
    if (ch === QUOTE || ch === DQUOTE) return this.readString(cs, false);
    if (isDigit(ch) || ch === DASH || ch === PLUS || ch === DOT) {
      if (ch === ZERO) {
        const next = this.at(this.pos + 1);
        if (next === 120) return this.readHex(cs, this.pos + 2, false); // 0x...
        if (next === 98) return this.readBits(this.pos + 2, false); // 0b...
      }
      return this.readNumber();
    }
    const lower = ch | 32;
    if ((lower === 120 || lower === 98) && this.at(this.pos + 1) === QUOTE) {
      return lower === 120 ? this.readHex(cs, this.pos + 2, true) : this.readBits(this.pos + 2, true);
    }
    if (ch === UNDERSCORE) return this.readIntroduced(cs);
    const word = this.readWord();
    if (word === 'NULL') return null;
    if (word === 'TRUE' || word === 'FALSE') return word === 'TRUE' ? 1 : 0;
    this.pos -= word.length;
    return this.unexpected('expected a value');
  }

  /** `_binary '...'`, `_utf8mb4 '...'`: a literal in the named charset (binary: the current one). */
  private readIntroduced(cs: Charset): DumpValue {
    const line = this.line;
    const name = this.readWord().slice(1).toLowerCase();
    const binary = name === 'binary';
    const own = binary ? cs : charsetNamed(name);
    if (!own) this.fail(line, `unknown charset "${name}" of a literal; known: ${KNOWN_CHARSETS}`);
    this.blanks();
    const ch = this.buf[this.pos]!;
    if (ch === QUOTE || ch === DQUOTE) return this.readString(own, binary);
    const value = this.readValue(own);
    if (typeof value !== 'string') this.fail(line, `_${name} is not followed by a string`);
    return value;
  }

  /** A quoted string: unescaped, then decoded. */
  readString(cs: Charset, loose: boolean): string {
    const b = this.buf;
    const q = b[this.pos]!;
    const line = this.line;
    const s = this.pos + 1;
    let i = s;
    let high = 0;
    let plain = true;
    for (;;) {
      if (i >= b.length) this.endsInside('a string that starts on this line', line);
      const ch = b[i]!;
      if (ch === q) {
        if (i + 1 >= b.length && !this.eof) throw NEED_MORE;
        if (b[i + 1] !== q) break;
        plain = false;
        i++;
      } else if (ch === BACKSLASH) {
        plain = false;
        const next = b[++i];
        if (next === LF) this.line++;
        else if (next !== undefined) high |= next;
      } else if (ch === LF) this.line++;
      else high |= ch;
      i++;
    }
    this.pos = i + 1;
    if (plain) return loose ? cs.loose(b, s, i) : cs.text(b, s, i, high >= 128, line);
    const n = this.unescape(s, i, q);
    return loose ? cs.loose(scratchIn, 0, n) : cs.text(scratchIn, 0, n, high >= 128, line);
  }

  /** Copies `buf[s..e)` unescaped into the scratch buffer; returns the length. */
  private unescape(s: number, e: number, q: number): number {
    const b = this.buf;
    const out = inScratch(e - s);
    let n = 0;
    for (let i = s; i < e; i++) {
      let ch = b[i]!;
      if (ch === BACKSLASH) {
        ch = b[++i]!;
        // \% and \_ keep their backslash: they are LIKE-pattern escapes, not string ones.
        if (ch === 37 || ch === UNDERSCORE) out[n++] = BACKSLASH;
        else ch = ESCAPES[ch]!;
      } else if (ch === q) i++; // the first of a doubled quote
      out[n++] = ch;
    }
    return n;
  }

  /** Hex digits from `s` (to the closing quote of `X'..'` if `quoted`) as bytes in `cs`. */
  private readHex(cs: Charset, s: number, quoted: boolean): string {
    let i = s;
    while (hexValue(this.at(i)) >= 0) i++;
    const digits = i - s;
    if (quoted ? this.at(i) !== QUOTE || digits % 2 === 1 : digits === 0) {
      this.pos = i;
      this.unexpected('expected hexadecimal digits');
    }
    this.pos = quoted ? i + 1 : i;
    // 0xABC means 0x0ABC: an odd digit count gets a leading zero.
    const out = inScratch(digits);
    const b = this.buf;
    let n = 0;
    let k = s;
    if (digits % 2 === 1) out[n++] = hexValue(b[k++]!);
    for (; k < i; k += 2) out[n++] = hexValue(b[k]!) * 16 + hexValue(b[k + 1]!);
    return cs.loose(out, 0, n);
  }

  /** `b'0101'` or `0b0101`: the number those bits make. */
  private readBits(s: number, quoted: boolean): DumpValue {
    let i = s;
    while (this.at(i) === ZERO || this.at(i) === ZERO + 1) i++;
    if (quoted ? this.at(i) !== QUOTE : i === s) {
      this.pos = i;
      this.unexpected('expected binary digits');
    }
    const bits = this.buf.toString('latin1', s, i) || '0';
    this.pos = quoted ? i + 1 : i;
    const n = BigInt(`0b${bits}`);
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
  }

  /** An integer or decimal literal: a number when a double holds it exactly, else its text. */
  private readNumber(): DumpValue {
    const b = this.buf;
    const s = this.pos;
    let i = s;
    let ch = b[i]!;
    const negative = ch === DASH;
    if (negative || ch === PLUS) ch = this.at(++i);
    let value = 0;
    let digits = 0; // significant ones, for the exactness test
    let integer = true;
    while (isDigit(ch)) {
      if (digits > 0 || ch !== ZERO) digits++;
      value = value * 10 + (ch - ZERO);
      ch = this.at(++i);
    }
    let any = i > s + (negative || b[s] === PLUS ? 1 : 0);
    if (ch === DOT) {
      integer = false;
      ch = this.at(++i);
      while (isDigit(ch)) {
        if (digits > 0 || ch !== ZERO) digits++;
        any = true;
        ch = this.at(++i);
      }
    }
    if (any && (ch === 101 || ch === 69)) {
      integer = false;
      ch = this.at(++i);
      if (ch === PLUS || ch === DASH) ch = this.at(++i);
      if (!isDigit(ch)) any = false;
      while (isDigit(ch)) ch = this.at(++i);
    }
    if (!any) this.unexpected('expected a value');
    this.pos = i;
    if (integer && digits <= SAFE_DIGITS) return negative && value !== 0 ? -value : value;
    const text = b.toString('latin1', s, i);
    const n = Number(text);
    const exact = integer ? Number.isSafeInteger(n) : digits <= SAFE_DIGITS && Number.isFinite(n);
    return exact ? n + 0 : text; // + 0 turns -0 into 0
  }
}
