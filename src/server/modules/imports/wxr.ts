import fs from 'node:fs';
import { Parser } from 'htmlparser2';

/**
 * A streaming reader of WordPress export files (WXR 1.0, 1.1, 1.2) for the import of a WordPress
 * site, reading a file of several GB chunk by chunk and holding no more than the item being read.
 * Elements are matched by namespace URI, with the prefixes `<rss>` declares. Comments
 * (`wp:comment`) and term meta are skipped. The XML is checked for balance (htmlparser2 is lenient).
 */

/** A file that is not a well-formed WordPress export. */
export class WxrError extends Error {
  /** 1-based line of the file where the problem was found. */
  line: number;
  constructor(line: number, detail: string) {
    super(`line ${line}: ${detail}`);
    this.name = 'WxrError';
    this.line = line;
  }
}

/** A `wp:author` (WXR 1.1+; WXR 1.0 has none). */
export interface WxrAuthor {
  id: number | null;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

/** A `wp:category`; `parent` is the parent's nicename, '' for none. */
export interface WxrCategory {
  id: number | null;
  nicename: string;
  parent: string;
  name: string;
  description: string;
}

/** A `wp:tag`. */
export interface WxrTag {
  id: number | null;
  slug: string;
  name: string;
}

/** A `wp:term` of any other taxonomy (`nav_menu`, Polylang's `language`, `post_translations`…). */
export interface WxrTerm {
  id: number | null;
  taxonomy: string;
  slug: string;
  parent: string;
  name: string;
  description: string;
}

/**
 * An `item`: a post, page, attachment, nav_menu_item or any other post type. Simple fields are
 * trimmed; `content`, `excerpt`, `description` and meta values are kept as written (see `readWxr`).
 * Slugs (`postName`, nicenames) stay as written, percent-encoded for Cyrillic ones.
 */
export interface WxrItem {
  /** 1-based line of the `<item>` tag. */
  line: number;
  title: string;
  link: string;
  pubDate: string;
  creator: string;
  guid: string;
  description: string;
  content: string;
  excerpt: string;
  postId: number | null;
  postDate: string;
  postDateGmt: string;
  postName: string;
  status: string;
  postParent: number;
  menuOrder: number;
  postType: string;
  postPassword: string;
  isSticky: boolean;
  attachmentUrl: string;
  commentStatus: string;
  /** The item's `<category domain nicename>` elements; WXR 1.0's domain `tag` is given as `post_tag`. */
  terms: { domain: string; nicename: string; name: string }[];
  /** Its `wp:postmeta`, in order. */
  meta: { key: string; value: string }[];
}

export type WxrEvent =
  | {
      kind: 'channel';
      title: string;
      link: string;
      language: string;
      /** `wp:wxr_version`, else the version in the namespace URI. */
      wxrVersion: string;
      baseSiteUrl: string;
      baseBlogUrl: string;
    }
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'category'; category: WxrCategory }
  | { kind: 'tag'; tag: WxrTag }
  | { kind: 'term'; term: WxrTerm }
  | { kind: 'item'; item: WxrItem };

/** Bytes read at a time from a file. */
const CHUNK = 1 << 20;
const WP_NS = /^https?:\/\/wordpress\.org\/export\/(1\.\d+)\/$/;
const EXCERPT_NS = /^https?:\/\/wordpress\.org\/export\/1\.\d+\/excerpt\/$/;
const OTHER_NS = new Map([
  ['http://purl.org/rss/1.0/modules/content/', 'content'],
  ['http://purl.org/dc/elements/1.1/', 'dc'],
]);
/** Fields kept as written rather than trimmed. */
const VERBATIM = new Set(['content:encoded', 'excerpt:encoded', 'description', 'wp:meta_value']);
/** Channel children that make events. */
const RECORDS = new Set(['wp:author', 'wp:category', 'wp:tag', 'wp:term', 'item']);

type Fields = Map<string, string>;

/** Where string properties are read: from `prefix` + the property in snake_case (`wp:post_date`). */
function spec<P extends string>(prefix: string, ...props: P[]): [P, string][] {
  return props.map((p) => [p, prefix + p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]);
}
const CHANNEL = spec('', 'title', 'link', 'language');
const CHANNEL_WP = spec('wp:', 'baseSiteUrl', 'baseBlogUrl');
const AUTHOR = spec('wp:author_', 'login', 'email', 'displayName', 'firstName', 'lastName');
const CATEGORY = [...spec('wp:category_', 'nicename', 'parent', 'description'), ...spec('wp:cat_', 'name')];
const TAG = spec('wp:tag_', 'slug', 'name');
const TERM = spec('wp:term_', 'taxonomy', 'slug', 'parent', 'name', 'description');
const ITEM = spec('', 'title', 'link', 'guid', 'description');
const ITEM_WP = spec('wp:', 'postDate', 'postDateGmt', 'postName', 'status', 'postType', 'postPassword');
const ITEM_WP_MORE = spec('wp:', 'attachmentUrl', 'commentStatus');
const META = spec('wp:meta_', 'key', 'value');

function pick<P extends string>(fields: Fields, props: [P, string][]): Record<P, string> {
  const out = {} as Record<P, string>;
  for (const [prop, key] of props) out[prop] = fields.get(key) ?? '';
  return out;
}

/** A number as WordPress writes it; null for none. */
const num = (s: string | undefined) => (s !== undefined && /^-?\d+$/.test(s) ? Number(s) : null);

/** Lines of the text fed so far: the positions of its newlines not yet passed. */
class Lines {
  private nls: number[] = [];
  private ptr = 0;
  private base = 1;
  private fed = 0;
  push(text: string): void {
    for (let k = text.indexOf('\n'); k !== -1; k = text.indexOf('\n', k + 1)) this.nls.push(this.fed + k);
    this.fed += text.length;
  }
  /** The line of a position (asked for in growing order, mostly). */
  at(index = this.fed): number {
    const nls = this.nls;
    while (this.ptr < nls.length && nls[this.ptr]! < index) this.ptr++;
    while (this.ptr > 0 && nls[this.ptr - 1]! >= index) this.ptr--;
    if (this.ptr > 4096 && this.ptr * 2 > nls.length) {
      nls.splice(0, this.ptr);
      this.base += this.ptr;
      this.ptr = 0;
    }
    return this.base + this.ptr;
  }
}

/** htmlparser2 says nothing of a closing tag that closes no open element: this does. */
class CheckedParser extends Parser {
  readonly lines = new Lines();
  /** Inside a closing tag written out; `closed` counts the elements it closed. */
  explicit = false;
  closed = 0;
  override onclosetag(start: number, endIndex: number): void {
    const [at, closed] = [this.startIndex, this.closed];
    this.explicit = true;
    super.onclosetag(start, endIndex);
    this.explicit = false;
    if (this.closed === closed)
      throw new WxrError(this.lines.at(at), 'a closing tag that matches no open element');
  }
}

/** The text of a field being read; `c0`/`c1` bound its CDATA sections in `buf`. */
type Capture = { key: string; depth: number; buf: string; c0: number; c1: number; attribs: Attribs };
type Attribs = Record<string, string>;

function finish(c: Capture): string {
  if (!VERBATIM.has(c.key)) return c.buf.trim();
  // `<content:encoded>\n  <![CDATA[…]]>\n</content:encoded>`: the CDATA is the value.
  const outside = c.c0 >= 0 && c.buf.slice(0, c.c0).trim() === '' && c.buf.slice(c.c1).trim() === '';
  return outside ? c.buf.slice(c.c0, c.c1) : c.buf;
}

/**
 * Reads a WordPress export (a file path, or its contents as an async iterable of bytes or text),
 * yielding the `channel` event once, before the first author/category/tag/term/item (or at
 * `</channel>`), then an event for each of those as it ends, in file order.
 *
 * Bytes must be UTF-8 (a BOM is skipped). Simple fields are trimmed; `content`, `excerpt`,
 * `description` and meta values are kept as written, except that whitespace outside their CDATA
 * sections is dropped. XML and numeric entities are decoded (HTML-only names like `&nbsp;` are
 * not XML and stay as they are).
 *
 * Throws `WxrError` (naming the line) for an empty file, bytes that are not UTF-8, XML that is not
 * well-formed (text before `<rss`, an unclosed or mismatched tag, a truncated file), or a root
 * that is not an `<rss>` declaring a `http://wordpress.org/export/1.x/` namespace.
 */
export async function* readWxr(input: string | AsyncIterable<Uint8Array | string>): AsyncGenerator<WxrEvent> {
  const source: AsyncIterable<Uint8Array | string> =
    typeof input === 'string' ? fs.createReadStream(input, { highWaterMark: CHUNK }) : input;
  const queue: WxrEvent[] = [];
  /** Prefixes as written → the usual prefix of their namespace; '#prefix' for another namespace. */
  const prefixes = new Map<string, string>();
  let nsVersion = '';
  /** Open elements; `fields` holds the values of the leaves of a channel, record or wp:postmeta. */
  const stack: { key: string; name: string; line: number; fields: Fields | null }[] = [];
  let [rootSeen, channelSent, ending, sawText] = [false, false, false, false];
  const channel: Fields = new Map();
  let terms: WxrItem['terms'] = [];
  let meta: WxrItem['meta'] = [];
  let cap: Capture | null = null;

  const parser: CheckedParser = new CheckedParser(
    {
      onopentag(name, attribs) {
        const line = lines.at(parser.startIndex);
        const parent = stack[stack.length - 1];
        if (!parent) {
          if (rootSeen) throw new WxrError(line, `a second root element <${name}>`);
          rootSeen = true;
          bindPrefixes(name, attribs, line);
        }
        const key = resolve(name);
        const open = { key, name, line, fields: null as Fields | null };
        stack.push(open);
        if (cap || !parent) return;
        if (stack.length === 2) open.fields = key === 'channel' ? channel : null;
        else if (!parent.fields) return;
        else if (
          parent.key === 'channel' ? RECORDS.has(key) : parent.key === 'item' && key === 'wp:postmeta'
        ) {
          if (parent.key === 'channel') emitChannel();
          open.fields = new Map();
        } else if (key !== 'wp:comment' && key !== 'wp:termmeta') {
          cap = { key, depth: stack.length, buf: '', c0: -1, c1: -1, attribs };
        }
      },
      onclosetag(name, isImplied) {
        const top = stack[stack.length - 1];
        if (!top) return;
        if (ending) {
          const opened = top.name === name ? ` (opened on line ${top.line})` : '';
          throw new WxrError(lines.at(), `the file ends inside <${name}>${opened}`);
        }
        if (parser.explicit) {
          if (isImplied) {
            const detail = `a closing tag where </${name}> (opened on line ${top.line}) was expected`;
            throw new WxrError(lines.at(parser.startIndex), detail);
          }
          parser.closed++;
        }
        stack.pop();
        const parent = stack[stack.length - 1];
        if (cap && stack.length + 1 === cap.depth) {
          const [c, value] = [cap, finish(cap)];
          cap = null;
          if (c.key !== 'category' || parent?.key !== 'item') parent?.fields?.set(c.key, value);
          // WXR 1.0 writes each term twice, once without a nicename (for RSS readers): that one is skipped.
          else if (c.attribs.nicename !== undefined) {
            const domain = c.attribs.domain === 'tag' ? 'post_tag' : (c.attribs.domain ?? '');
            terms.push({ domain, nicename: c.attribs.nicename, name: value });
          }
        } else if (top.fields === channel) emitChannel();
        else if (top.fields && top.key === 'wp:postmeta') {
          meta.push(pick(top.fields, META));
        } else if (top.fields) queue.push(toEvent(top.key, top.fields, top.line));
      },
      ontext(text) {
        if (cap) cap.buf += text;
        else if (stack.length === 0 && text.trim() !== '') {
          const at = parser.startIndex + text.length - text.trimStart().length;
          const where = rootSeen ? 'after the root element' : 'before <rss>';
          throw new WxrError(lines.at(at), `text ${where}: "${text.trim().slice(0, 40)}"`);
        }
      },
      oncdatastart() {
        if (cap && cap.c0 < 0) cap.c0 = cap.buf.length;
      },
      oncdataend() {
        if (cap) cap.c1 = cap.buf.length;
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true },
  );
  const lines = parser.lines;

  function bindPrefixes(name: string, attribs: Attribs, line: number): void {
    if (name !== 'rss') throw new WxrError(line, `not a WordPress export: the root is <${name}>, not <rss>`);
    for (const [attr, uri] of Object.entries(attribs)) {
      if (!attr.startsWith('xmlns:')) continue;
      const wp = WP_NS.exec(uri);
      if (wp) nsVersion = wp[1]!;
      const ns = wp ? 'wp' : EXCERPT_NS.test(uri) ? 'excerpt' : OTHER_NS.get(uri);
      prefixes.set(attr.slice(6), ns ?? `#${attr.slice(6)}`);
    }
    if (!nsVersion)
      throw new WxrError(line, 'not a WordPress export: <rss> declares no wordpress.org/export namespace');
    for (const p of ['wp', 'content', 'excerpt', 'dc']) if (!prefixes.has(p)) prefixes.set(p, p);
  }

  /** An element's name with its namespace's usual prefix (`wp:post_id`); '#' before a foreign one. */
  function resolve(name: string): string {
    const colon = name.indexOf(':');
    if (colon < 0) return name;
    const prefix = name.slice(0, colon);
    return `${prefixes.get(prefix) ?? `#${prefix}`}${name.slice(colon)}`;
  }

  function emitChannel(): void {
    if (channelSent) return;
    channelSent = true;
    const wxrVersion = channel.get('wp:wxr_version') || nsVersion;
    queue.push({ kind: 'channel', ...pick(channel, CHANNEL), wxrVersion, ...pick(channel, CHANNEL_WP) });
  }

  function toEvent(key: string, f: Fields, line: number): WxrEvent {
    const get = (key: string) => f.get(key) ?? '';
    switch (key) {
      case 'wp:author':
        return { kind: 'author', author: { id: num(f.get('wp:author_id')), ...pick(f, AUTHOR) } };
      case 'wp:category':
        return { kind: 'category', category: { id: num(f.get('wp:term_id')), ...pick(f, CATEGORY) } };
      case 'wp:tag':
        return { kind: 'tag', tag: { id: num(f.get('wp:term_id')), ...pick(f, TAG) } };
      case 'wp:term':
        return { kind: 'term', term: { id: num(f.get('wp:term_id')), ...pick(f, TERM) } };
    }
    const item: WxrItem = {
      line,
      ...pick(f, ITEM),
      pubDate: get('pubDate'),
      creator: get('dc:creator'),
      content: get('content:encoded'),
      excerpt: get('excerpt:encoded'),
      ...pick(f, ITEM_WP),
      ...pick(f, ITEM_WP_MORE),
      postId: num(f.get('wp:post_id')),
      postParent: num(f.get('wp:post_parent')) ?? 0,
      menuOrder: num(f.get('wp:menu_order')) ?? 0,
      isSticky: get('wp:is_sticky') === '1',
      terms,
      meta,
    };
    [terms, meta] = [[], []];
    return { kind: 'item', item };
  }

  const decoder = new TextDecoder('utf-8', { fatal: true });
  let failure: unknown = null;
  /** Feeds text to the parser; an error waits until the events before it are yielded. */
  const feed = (text: string, last: boolean) => {
    try {
      lines.push(text);
      sawText ||= !rootSeen && text.trim() !== '';
      parser.write(text);
      if (last) {
        ending = true;
        parser.end();
        if (!rootSeen) throw new WxrError(lines.at(), sawText ? 'no <rss> element' : 'the file is empty');
      }
    } catch (e) {
      failure = e;
    }
  };
  const decode = (bytes?: Uint8Array): string => {
    try {
      return decoder.decode(bytes, { stream: bytes !== undefined });
    } catch {
      // The line: that of the first replacement character when the bytes are decoded leniently.
      const lenient = bytes ? new TextDecoder().decode(bytes) : '';
      const before = lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
      throw new WxrError(lines.at() + (before.match(/\n/g)?.length ?? 0), 'not UTF-8');
    }
  };

  for await (const chunk of source) {
    feed(typeof chunk === 'string' ? chunk : decode(chunk), false);
    yield* queue.splice(0);
    if (failure) throw failure;
  }
  feed(decode(), true);
  yield* queue.splice(0);
  if (failure) throw failure;
}
