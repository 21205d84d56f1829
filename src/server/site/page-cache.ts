import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

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
}

export interface PageCacheOptions {
  maxEntries: number;
  /** `Cache-Control` for shared caches (CDNs): seconds fresh and seconds served stale while refetching. */
  sMaxAge?: number;
  staleWhileRevalidate?: number;
  extraHeaders?: Record<string, string>;
}

/**
 * Rendered pages in memory with pre-compressed bodies. Keyed by normalised URL, tagged by
 * what they show; a content change purges exactly the pages carrying its tags. Concurrent
 * misses on one key share a single render (single flight). A render that overlaps a purge
 * is served but not stored, so a purge can never be undone by a slow render.
 */
export class PageCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly inflight = new Map<string, Promise<CacheEntry>>();
  private epoch = 0;
  readonly stats = { hits: 0, misses: 0, renders: 0, purged: 0 };
  private readonly cacheControl: string;

  constructor(private readonly opts: PageCacheOptions) {
    this.cacheControl = `public, max-age=0, must-revalidate, s-maxage=${opts.sMaxAge ?? 30}, stale-while-revalidate=${
      opts.staleWhileRevalidate ?? 300
    }`;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A fresh entry or undefined; the hot path of every cached request. */
  peek(key: string): CacheEntry | undefined {
    const e = this.entries.get(key);
    if (e !== undefined && e.expiresAt <= Date.now()) {
      this.remove(key);
      return undefined;
    }
    return e;
  }

  async getOrRender(key: string, render: () => Promise<RenderedPage>): Promise<CacheEntry> {
    const hit = this.peek(key);
    if (hit) {
      this.stats.hits++;
      return hit;
    }
    const pending = this.inflight.get(key);
    if (pending) return pending;
    this.stats.misses++;
    const startEpoch = this.epoch;
    const promise = (async () => {
      this.stats.renders++;
      const page = await render();
      const entry = await this.build(key, page);
      const storable = page.status === 200 || page.cacheable === true;
      if (storable && this.epoch === startEpoch && this.opts.maxEntries > 0) this.store(entry);
      return entry;
    })();
    this.inflight.set(key, promise);
    try {
      return await promise;
    } finally {
      this.inflight.delete(key);
    }
  }

  /** Drops every page carrying any of the tags; the tag `all` drops everything. */
  purge(tags: Iterable<string>): number {
    this.epoch++;
    let n = 0;
    for (const tag of tags) {
      if (tag === 'all') {
        n += this.entries.size;
        this.entries.clear();
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

  /** Writes a cached page: 304 when the ETag matches, else the best encoding the client takes. */
  send(entry: CacheEntry, req: IncomingMessage, res: ServerResponse): void {
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, entry.notModifiedHeaders);
      res.end();
      return;
    }
    const ae = req.headers['accept-encoding'];
    let body = entry.identity;
    let headers = entry.headers.identity;
    if (ae) {
      if (ae.includes('br')) {
        body = entry.br;
        headers = entry.headers.br;
      } else if (ae.includes('gzip')) {
        body = entry.gzip;
        headers = entry.headers.gzip;
      }
    }
    res.writeHead(entry.status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private async build(key: string, page: RenderedPage): Promise<CacheEntry> {
    const identity = Buffer.from(page.html);
    const [br, gz] = await Promise.all([
      brotli(identity, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 9,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        },
      }),
      gzip(identity, { level: 9 }),
    ]);
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
    const withBody = (buf: Buffer, encoding?: string) => ({
      ...common,
      ...(encoding ? { 'content-encoding': encoding } : {}),
      'content-length': String(buf.length),
    });
    return {
      key,
      status: page.status,
      etag,
      tags: page.tags,
      expiresAt: page.expiresAt ?? Number.POSITIVE_INFINITY,
      identity,
      br,
      gzip: gz,
      headers: { identity: withBody(identity), br: withBody(br, 'br'), gzip: withBody(gz, 'gzip') },
      notModifiedHeaders: { etag, 'cache-control': common['cache-control']!, vary: 'Accept-Encoding' },
    };
  }

  private store(entry: CacheEntry): void {
    if (this.entries.size >= this.opts.maxEntries) {
      // Oldest first: Map iteration order is insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.remove(oldest);
    }
    this.entries.set(entry.key, entry);
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
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    for (const tag of entry.tags) this.byTag.get(tag)?.delete(key);
    return true;
  }
}
