import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { preferredEncoding } from '../lib/encoding.ts';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

export interface RenderedPage {
  status: number;
  html: string;
  /** What the page shows, e.g. `article:12`, `latest:uk`; a purge of any of them drops the page. */
  tags: string[];
  contentType?: string;
  /** Epoch ms after which the page must be rendered again (e.g. "Today" labels at midnight). */
  expiresAt?: number;
  /** Store pages with this status too (a language's 404 page under its own key). */
  cacheable?: boolean;
}

export interface CacheEntry {
  key: string;
  status: number;
  etag: string;
  tags: string[];
  expiresAt: number;
  identity: Buffer;
  br: Buffer;
  gzip: Buffer;
  /** Complete header sets per encoding, built once so a hit only writes bytes. */
  headers: { identity: Record<string, string>; br: Record<string, string>; gzip: Record<string, string> };
  notModifiedHeaders: Record<string, string>;
  /** Headers every encoding shares (kept to rebuild the sets when the bodies are recompressed). */
  common: Record<string, string>;
  /** How hard the bodies were compressed: fast on a miss, best once the page is asked for again. */
  compression: 'fast' | 'best';
  /** Requests served from this entry. */
  hits: number;
}

/**
 * Compression levels: a miss must be cheap (a flood of misses must not take the cores); a
 * page asked for again gets the best, in the background. On a 57 KB story page brotli 5
 * takes about 1.3 ms for 12.4 KB (4: 1.6 ms, 13.8 KB; 9: 66 ms and hardly smaller than 5);
 * 11 takes about 46 ms for 11.3 KB, which keeps a phone's first page within the first
 * round trip of a new connection (about 14 KB). Brotli 11 grows far faster than the input
 * (a 2.8 MB sitemap: 4.7 s, against 146 ms at 9 for the same size), so bodies larger than
 * a page get 9.
 */
const LEVELS = {
  fast: { brotli: 5, gzip: 5 },
  best: { brotli: 11, gzip: 9 },
} as const;
/** Bodies up to this size get the best brotli level; larger ones (sitemaps, feeds) 9. */
const BEST_BROTLI_MAX_BYTES = 128 * 1024;
const BIG_BODY_BROTLI = 9;

export interface PageCacheOptions {
  maxEntries: number;
  /**
   * Pages of their own (continuation pages: `?before=` cursors), kept apart so that however
   * many cursors are asked for, the main pages stay cached. Default 500.
   */
  maxSideEntries?: number;
  /** `Cache-Control` for shared caches (CDNs): seconds fresh and seconds served stale while refetching. */
  sMaxAge?: number;
  staleWhileRevalidate?: number;
  extraHeaders?: Record<string, string>;
  /**
   * While renders fail for a reason that will pass (the database is down), a page whose
   * freshness ran out is still served for this long (ms); default 24 hours.
   */
  staleIfErrorMs?: number;
  /** Which render failures are such a reason (default: none). */
  isTransient?: (err: unknown) => boolean;
}

/** Each header set as a flat list `[name, value, …, 'x-request-id', <slot>]`, made once per set. */
const flatHeaders = new WeakMap<Record<string, string>, string[]>();

/**
 * The headers plus `X-Request-Id`. The id goes into the set's last slot: `writeHead` copies
 * the list at once, so one list per set serves every request (a merged object would cost a
 * header validation each, several times what a cached page costs otherwise).
 */
function withRequestId(
  headers: Record<string, string>,
  requestId: string | undefined,
): Record<string, string> | string[] {
  if (requestId === undefined) return headers;
  let flat = flatHeaders.get(headers);
  if (flat === undefined) {
    flat = [...Object.entries(headers).flat(), 'x-request-id', ''];
    flatHeaders.set(headers, flat);
  }
  flat[flat.length - 1] = requestId;
  return flat;
}

/** After a failed render, the stale page is served this long before a render is tried again. */
const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * Rendered pages in memory with pre-compressed bodies. Keyed by normalised URL, tagged by
 * what they show; a content change purges exactly the pages carrying its tags. Concurrent
 * misses on one key share a single render (single flight). A render that overlaps a purge
 * is served but not stored, so a purge can never be undone by a slow render.
 */
export class PageCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly side = new Map<string, CacheEntry>();
  /** Pages whose freshness ran out, kept to be served while renders fail; with when to try again. */
  private readonly stale = new Map<string, { entry: CacheEntry; retryAt: number }>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly inflight = new Map<string, Promise<CacheEntry>>();
  private epoch = 0;
  readonly stats = { hits: 0, misses: 0, renders: 0, purged: 0, recompressed: 0, staleServed: 0 };
  /** Recompressions waiting (one at a time, in the background). */
  private improving: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly cacheControl: string;

  constructor(private readonly opts: PageCacheOptions) {
    this.cacheControl = `public, max-age=0, must-revalidate, s-maxage=${opts.sMaxAge ?? 30}, stale-while-revalidate=${
      opts.staleWhileRevalidate ?? 300
    }, stale-if-error=${Math.round((opts.staleIfErrorMs ?? 24 * 3_600_000) / 1000)}`;
  }

  private get staleIfErrorMs(): number {
    return this.opts.staleIfErrorMs ?? 24 * 3_600_000;
  }

  get size(): number {
    return this.entries.size + this.side.size;
  }

  /** Pages kept apart (continuation pages). */
  get sideSize(): number {
    return this.side.size;
  }

  /**
   * A fresh entry or undefined; the hot path of every cached request. A main page asked
   * for a second time is recompressed at the best level in the background.
   */
  peek(key: string): CacheEntry | undefined {
    const e = this.entries.get(key) ?? this.side.get(key);
    if (e === undefined) return undefined;
    if (e.expiresAt <= Date.now()) {
      this.remove(key);
      // Kept aside: served if the next render fails for a passing reason.
      if (this.stale.size >= this.opts.maxEntries) {
        const oldest = this.stale.keys().next().value;
        if (oldest !== undefined) this.stale.delete(oldest);
      }
      if (this.opts.maxEntries > 0) this.stale.set(key, { entry: e, retryAt: 0 });
      return undefined;
    }
    // Main pages only: continuation pages are rarely asked for twice, and a flood of them
    // must not turn into background work.
    if (++e.hits === 1 && e.compression === 'fast' && this.entries.get(key) === e) this.improve(e);
    return e;
  }

  /** The entry stored under `key` as it is: no freshness check, no hit counted (metrics learn its route). */
  entry(key: string): CacheEntry | undefined {
    return this.entries.get(key) ?? this.side.get(key);
  }

  /** Resolves when no recompression is waiting (tests and benchmarks wait for it). */
  idle(): Promise<void> {
    return this.improving;
  }

  /**
   * The cached page, or a render of it (one render for all concurrent misses). `side`:
   * a page that must not push the main pages out (continuation pages, any number of
   * cursors), kept in a small cache of its own.
   */
  async getOrRender(
    key: string,
    render: () => Promise<RenderedPage>,
    opts: { side?: boolean } = {},
  ): Promise<CacheEntry> {
    const hit = this.peek(key);
    if (hit) {
      this.stats.hits++;
      return hit;
    }
    const pending = this.inflight.get(key);
    if (pending) return pending;
    // The last render failed moments ago: the stale page, without asking again yet.
    const stale = this.usableStale(key);
    if (stale && stale.retryAt > Date.now()) {
      this.stats.staleServed++;
      return stale.entry;
    }
    this.stats.misses++;
    const startEpoch = this.epoch;
    const promise = (async () => {
      this.stats.renders++;
      let page: RenderedPage;
      try {
        page = await render();
      } catch (err) {
        if (stale && this.opts.isTransient?.(err)) {
          stale.retryAt = Date.now() + RETRY_AFTER_FAILURE_MS;
          this.stats.staleServed++;
          return stale.entry;
        }
        throw err;
      }
      this.stale.delete(key);
      const entry = await this.build(key, page);
      const storable = page.status === 200 || page.cacheable === true;
      if (storable && this.epoch === startEpoch && this.opts.maxEntries > 0)
        this.store(entry, opts.side === true);
      return entry;
    })();
    this.inflight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inflight.delete(key);
    }
  }

  /**
   * The last good page for `key` when `err` is a passing failure (the database is down) met
   * before a render could start, e.g. while finding where a story lives; else undefined.
   */
  staleOnError(key: string, err: unknown): CacheEntry | undefined {
    if (!this.opts.isTransient?.(err)) return undefined;
    // Still fresh (nothing asked for it since), or expired just now: either is the last good page.
    const fresh = this.peek(key);
    if (fresh) return fresh;
    const s = this.usableStale(key);
    if (!s) return undefined;
    this.stats.staleServed++;
    return s.entry;
  }

  /** A page kept aside after its freshness ran out, while within the grace of stale-if-error. */
  private usableStale(key: string) {
    const s = this.stale.get(key);
    if (!s) return undefined;
    if (s.entry.expiresAt + this.staleIfErrorMs <= Date.now()) {
      this.stale.delete(key);
      return undefined;
    }
    return s;
  }

  /** Drops every page carrying any of the tags; the tag `all` drops everything. */
  purge(tags: Iterable<string>): number {
    this.epoch++;
    let n = 0;
    const list = [...tags];
    // Stale pages showing what changed go too: a retracted story must not come back in an outage.
    if (this.stale.size && !list.includes('all')) {
      const changed = new Set(list);
      for (const [key, s] of this.stale) if (s.entry.tags.some((t) => changed.has(t))) this.stale.delete(key);
    }
    for (const tag of list) {
      if (tag === 'all') {
        n += this.entries.size + this.side.size;
        this.entries.clear();
        this.side.clear();
        this.stale.clear();
        this.byTag.clear();
        break;
      }
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      for (const key of keys) if (this.remove(key)) n++;
      this.byTag.delete(tag);
    }
    this.stats.purged += n;
    return n;
  }

  clear(): void {
    this.purge(['all']);
  }

  /** Replaces the headers added to every page (e.g. a new CSP) and drops pages built with the old ones. */
  setExtraHeaders(headers: Record<string, string>): void {
    this.opts.extraHeaders = headers;
    this.clear();
  }

  /**
   * Writes a cached page: 304 when the ETag matches, else the best encoding the client takes.
   * `requestId`: sent as `X-Request-Id` too (without making the header set per request).
   */
  send(entry: CacheEntry, req: IncomingMessage, res: ServerResponse, requestId?: string): void {
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, withRequestId(entry.notModifiedHeaders, requestId));
      res.end();
      return;
    }
    const encoding = preferredEncoding(req.headers['accept-encoding']);
    res.writeHead(entry.status, withRequestId(entry.headers[encoding], requestId));
    res.end(req.method === 'HEAD' ? undefined : entry[encoding]);
  }

  private async compress(identity: Buffer, level: 'fast' | 'best'): Promise<[Buffer, Buffer]> {
    return Promise.all([
      brotli(identity, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]:
            level === 'best' && identity.length > BEST_BROTLI_MAX_BYTES
              ? BIG_BODY_BROTLI
              : LEVELS[level].brotli,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        },
      }),
      gzip(identity, { level: LEVELS[level].gzip }),
    ]);
  }

  private static headerSets(common: Record<string, string>, identity: Buffer, br: Buffer, gz: Buffer) {
    const withBody = (buf: Buffer, encoding?: string) => ({
      ...common,
      ...(encoding ? { 'content-encoding': encoding } : {}),
      'content-length': String(buf.length),
    });
    return { identity: withBody(identity), br: withBody(br, 'br'), gzip: withBody(gz, 'gzip') };
  }

  /** Recompresses a page at the best level, in the background, one at a time. */
  private improve(entry: CacheEntry): void {
    // A flood of distinct pages each asked for twice must not queue without end.
    if (this.queued >= 100) return;
    this.queued++;
    this.improving = this.improving
      .then(async () => {
        this.queued--;
        // Purged or replaced meanwhile: nothing to improve.
        if (this.entries.get(entry.key) !== entry && this.side.get(entry.key) !== entry) return;
        const [br, gz] = await this.compress(entry.identity, 'best');
        entry.br = br;
        entry.gzip = gz;
        entry.headers = PageCache.headerSets(entry.common, entry.identity, br, gz);
        entry.compression = 'best';
        this.stats.recompressed++;
      })
      .catch(() => {});
  }

  private async build(key: string, page: RenderedPage): Promise<CacheEntry> {
    const identity = Buffer.from(page.html);
    const [br, gz] = await this.compress(identity, 'fast');
    const etag = `W/"${createHash('sha1').update(identity).digest('base64url').slice(0, 22)}"`;
    const cacheable = page.status === 200;
    const common: Record<string, string> = {
      'content-type': page.contentType ?? 'text/html; charset=utf-8',
      'cache-control': cacheable ? this.cacheControl : 'no-store',
      vary: 'Accept-Encoding',
      etag,
      'surrogate-key': page.tags.join(' '),
      ...this.opts.extraHeaders,
    };
    return {
      key,
      status: page.status,
      etag,
      tags: page.tags,
      expiresAt: page.expiresAt ?? Number.POSITIVE_INFINITY,
      identity,
      br,
      gzip: gz,
      headers: PageCache.headerSets(common, identity, br, gz),
      notModifiedHeaders: { etag, 'cache-control': common['cache-control']!, vary: 'Accept-Encoding' },
      common,
      compression: 'fast',
      hits: 0,
    };
  }

  private store(entry: CacheEntry, side: boolean): void {
    const map = side ? this.side : this.entries;
    const max = side ? (this.opts.maxSideEntries ?? 500) : this.opts.maxEntries;
    if (map.size >= max) {
      // Oldest first: Map iteration order is insertion order.
      const oldest = map.keys().next().value;
      if (oldest !== undefined) this.remove(oldest);
    }
    map.set(entry.key, entry);
    for (const tag of entry.tags) {
      let set = this.byTag.get(tag);
      if (!set) {
        set = new Set();
        this.byTag.set(tag, set);
      }
      set.add(entry.key);
    }
  }

  private remove(key: string): boolean {
    const entry = this.entries.get(key) ?? this.side.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.side.delete(key);
    for (const tag of entry.tags) this.byTag.get(tag)?.delete(key);
    return true;
  }
}
