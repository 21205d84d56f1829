import { pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Urls } from '../../shared/urls.ts';
import type { PageCache, RenderedPage } from '../site/page-cache.ts';
import type { DistributionService } from './distribution.service.ts';
import { XML_CONTENT_TYPE } from './distribution.service.ts';
import {
  FEED_FILES,
  FEED_FORMATS,
  type FeedFormat,
  type FeedScope,
  feedPath,
  parseSitemapName,
  SITEMAP_INDEX_PATH,
  sitemapPath,
} from './distribution-urls.ts';

export interface DistributionRoutesOptions {
  service: DistributionService;
  cache: PageCache;
  urls: Urls;
  languages: string[];
  publicUrl: string;
  hubUrl: string | null;
}

type Query = Record<string, string | string[] | undefined>;

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Streamed story sitemaps are not kept in memory; CDNs may hold a past month for a day. */
const PAST_MONTH_CACHE = 'public, max-age=3600, s-maxage=86400';
const CURRENT_MONTH_CACHE = 'public, max-age=300, s-maxage=300';

class Missing extends Error {}

/**
 * Feeds, sitemaps and robots.txt. Rendered documents go through the page cache; story
 * sitemaps (up to 50 000 URLs each) are streamed from the database instead.
 */
export async function distributionRoutes(app: FastifyInstance, o: DistributionRoutesOptions): Promise<void> {
  const { service, cache, urls } = o;

  const plain = (reply: FastifyReply, status: 400 | 404) =>
    reply
      .code(status)
      .header('cache-control', 'no-store')
      .type('text/plain; charset=utf-8')
      .send(status === 404 ? 'Not found\n' : 'Bad request\n');

  /** Renders through the cache under `key`; 404 when the service has no such document. */
  async function serve(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    render: () => Promise<RenderedPage | null> | RenderedPage,
    headers: Record<string, string> = {},
  ) {
    let entry: Awaited<ReturnType<PageCache['getOrRender']>>;
    try {
      entry = await cache.getOrRender(key, async () => {
        const page = await render();
        if (!page) throw new Missing();
        return page;
      });
    } catch (err) {
      if (err instanceof Missing) return plain(reply, 404);
      throw err;
    }
    reply.hijack();
    // writeHead (in cache.send) merges these with the entry's own headers.
    for (const [name, value] of Object.entries(headers)) reply.raw.setHeader(name, value);
    cache.send(entry, req.raw, reply.raw);
  }

  function feedRoute(language: string, kind: FeedScope['kind'], format: FeedFormat) {
    const file = FEED_FILES[format];
    const p = urls.prefix(language);
    const path = kind === 'site' ? `${p}/${file}` : `${p}/${kind}/:slug/${file}`;
    app.get<{ Params: { slug?: string }; Querystring: Query }>(path, async (req, reply) => {
      const slug = req.params.slug ?? '';
      if (kind !== 'site' && (!SLUG.test(slug) || slug.length > 120)) return plain(reply, 404);
      const full = req.query.full;
      if (full !== undefined && full !== '1') return plain(reply, 400);
      const scope: FeedScope = kind === 'site' ? { kind } : { kind, slug };
      const self = feedPath(urls, language, scope, format, full === '1');
      // Not keyed by the bare URL: the pre-routing fast path would answer without the Link header.
      const links = [`<${o.publicUrl}${self}>; rel="self"`];
      if (o.hubUrl) links.unshift(`<${o.hubUrl}>; rel="hub"`);
      return serve(req, reply, `feed:${self}`, () => service.feed(language, scope, format, full === '1'), {
        link: links.join(', '),
      });
    });
  }

  for (const language of o.languages) {
    for (const kind of ['site', 'section', 'author'] as const) {
      for (const format of FEED_FORMATS) feedRoute(language, kind, format);
    }
  }

  // Keyed by their bare URLs so repeat fetches take the cache's pre-routing fast path.
  app.get('/robots.txt', (req, reply) => serve(req, reply, '/robots.txt', () => service.robots()));
  app.get(SITEMAP_INDEX_PATH, (req, reply) =>
    serve(req, reply, SITEMAP_INDEX_PATH, () => service.sitemapIndex()),
  );

  app.get<{ Params: { file: string } }>('/sitemaps/:file', async (req, reply) => {
    const name = parseSitemapName(req.params.file);
    if (!name) return plain(reply, 404);
    const key = sitemapPath(name);
    switch (name.kind) {
      case 'news':
        return serve(req, reply, key, () => service.newsSitemap(name.part));
      case 'sections':
        return serve(req, reply, key, () => service.sectionsSitemap());
      case 'authors':
        return serve(req, reply, key, () => service.authorsSitemap());
      case 'pages':
        return serve(req, reply, key, () => service.pagesSitemap());
      case 'articles': {
        const body = await service.storySitemap(name);
        if (!body) return plain(reply, 404);
        const monthEnd = Date.UTC(name.year, name.month, 1);
        reply
          .type(XML_CONTENT_TYPE)
          .header('cache-control', monthEnd < Date.now() ? PAST_MONTH_CACHE : CURRENT_MONTH_CACHE)
          .header('x-content-type-options', 'nosniff')
          .header('vary', 'Accept-Encoding');
        if (req.method === 'HEAD') return reply.send();
        // Readable.from pulls the next batch only when the socket has taken the last one.
        const stream = Readable.from(body, { objectMode: false });
        if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.send(stream);
        reply.header('content-encoding', 'gzip');
        // pipeline destroys the source (ending the database walk) when the client goes away.
        const gzip = pipeline(stream, zlib.createGzip(), (err) => {
          if (err) req.log.debug({ err }, 'sitemap stream ended early');
        });
        return reply.send(gzip);
      }
    }
  });
}
