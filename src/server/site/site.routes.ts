import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type Cursor,
  decodeCursor,
  decodeSearchCursor,
  type SearchCursor,
  type Urls,
} from '../../shared/urls.ts';
import { idFrom } from '../domain/ids.ts';
import { preferredEncoding } from '../lib/encoding.ts';
import { SITE_JS_BODIES, SITE_JS_PATH } from './assets.ts';
import { LOGO_PATH, LOGO_SIZE, logoPng } from './brand.ts';
import type { CacheEntry, PageCache, RenderedPage } from './page-cache.ts';
import type { ListKind, SearchFilters, SiteService } from './site.service.tsx';

export interface SiteRoutesOptions {
  site: SiteService;
  cache: PageCache;
  urls: Urls;
  languages: string[];
  /** Headers every page carries (CSP and friends), for pages sent outside the cache. */
  securityHeaders: () => Record<string, string>;
  /** Where an address of the site this one replaced went (imports), or null. */
  legacy?: (url: string) => Promise<string | null>;
}

class NotFoundPage extends Error {}
class BadRequestPage extends Error {}

type Query = Record<string, string | string[] | undefined>;

/** Reads `before` and `partial`; anything else in the query is ignored (and not part of the cache key). */
function pagingOf(query: Query): { after: Cursor | null; partial: boolean } {
  const before = query.before;
  const partial = query.partial;
  if (Array.isArray(before) || Array.isArray(partial)) throw new BadRequestPage();
  let after: Cursor | null = null;
  if (before !== undefined) {
    after = decodeCursor(before);
    if (!after) throw new BadRequestPage();
  }
  if (partial !== undefined && partial !== '1') throw new BadRequestPage();
  return { after, partial: partial === '1' };
}

/** Paging of ranked search results: the cursor carries the relevance too. */
function searchPagingOf(query: Query): { after: SearchCursor | null; partial: boolean } {
  const { before, partial } = query;
  if (Array.isArray(before) || Array.isArray(partial)) throw new BadRequestPage();
  let after: SearchCursor | null = null;
  if (before !== undefined) {
    after = decodeSearchCursor(before);
    if (!after) throw new BadRequestPage();
  }
  if (partial !== undefined && partial !== '1') throw new BadRequestPage();
  return { after, partial: partial === '1' };
}

/** `section` and `author` (slugs), `from` and `to` (dates, `YYYY-MM-DD`, both included). */
function searchFiltersOf(query: Query): SearchFilters {
  const out: SearchFilters = {};
  const language = query.language;
  if (language !== undefined && language !== '') {
    if (typeof language !== 'string' || !/^([a-z]{2,3}|all)$/.test(language)) throw new BadRequestPage();
    out.language = language;
  }
  for (const key of ['section', 'author'] as const) {
    const v = query[key];
    if (v === undefined || v === '') continue;
    if (typeof v !== 'string' || !/^[a-z0-9-]{1,80}$/.test(v)) throw new BadRequestPage();
    out[key] = v;
  }
  for (const key of ['from', 'to'] as const) {
    const v = query[key];
    if (v === undefined || v === '') continue;
    if (
      typeof v !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(v) ||
      Number.isNaN(Date.parse(`${v}T00:00:00Z`))
    ) {
      throw new BadRequestPage();
    }
    out[key] = v;
  }
  return out;
}

/**
 * The public site. Every page goes through the page cache under a normalised key
 * (path plus the query parameters that matter), so any two URLs showing the same page
 * share one cached copy and one render.
 */
export async function siteRoutes(app: FastifyInstance, o: SiteRoutesOptions): Promise<void> {
  const { site, cache, urls, securityHeaders } = o;

  async function serve(
    req: FastifyRequest,
    reply: FastifyReply,
    language: string,
    key: string,
    render: () => Promise<RenderedPage | null>,
    /** For a page that is not there: where it went, if it moved. */
    moved?: () => Promise<string | null>,
    /** A continuation page (a cursor): cached apart, so that no number of cursors pushes the main pages out. */
    side = false,
  ) {
    let entry: CacheEntry;
    try {
      entry = await cache.getOrRender(
        key,
        async () => {
          const page = await render();
          if (!page) throw new NotFoundPage();
          return page;
        },
        { side },
      );
    } catch (err) {
      if (!(err instanceof NotFoundPage)) throw err;
      const to = await moved?.();
      return to ? reply.redirect(to, 301) : notFound(req, reply, language);
    }
    reply.hijack();
    cache.send(entry, req.raw, reply.raw);
  }

  /** Error pages are cached per language under keys no URL can have (URLs start with `/`). */
  async function errorPage(req: FastifyRequest, reply: FastifyReply, language: string, status: 400 | 404) {
    const entry = await cache.getOrRender(`!${status}:${language}`, () => site.error(language, status));
    reply.hijack();
    cache.send(entry, req.raw, reply.raw);
  }
  const badRequest = (req: FastifyRequest, reply: FastifyReply, language: string) =>
    errorPage(req, reply, language, 400);
  const notFound = (req: FastifyRequest, reply: FastifyReply, language: string) =>
    errorPage(req, reply, language, 404);

  for (const language of o.languages) {
    const p = urls.prefix(language);
    if (p) app.get(p, (_req, reply) => reply.redirect(`${p}/`, 301));

    app.get<{ Querystring: Query }>(`${p}/`, async (req, reply) => {
      // The old site's addresses of a story by its number (`/?p=123`, `/?newsid=123`).
      if (o.legacy && (req.query.p !== undefined || req.query.newsid !== undefined)) {
        const moved = await o.legacy(req.url);
        if (moved) return reply.redirect(moved, 301);
        // Not one of ours (or not published): the home page, as for any other query.
      }
      return serve(req, reply, language, urls.home(language), () => site.home(language));
    });

    app.get<{ Params: { ref: string } }>(`${p}/news/:ref`, async (req, reply) => {
      const m = /^(\d{1,10})(?:-([a-z0-9-]{0,200}))?$/.exec(req.params.ref);
      const id = idFrom(m?.[1]);
      if (id === null) return notFound(req, reply, language);
      // One cache key per story whatever slug or query came with it; a wrong slug or language redirects.
      let where: Awaited<ReturnType<typeof site.articleLocation>>;
      try {
        where = await site.articleLocation(id);
      } catch (err) {
        // The database is down: the last good page of a story asked for by its own address.
        const stale = cache.staleOnError(req.url.split('?')[0] ?? '', err);
        if (!stale) throw err;
        reply.hijack();
        cache.send(stale, req.raw, reply.raw);
        return;
      }
      if (!where) return notFound(req, reply, language);
      if (where.url !== req.url.split('?')[0]) return reply.redirect(where.url, 301);
      // After a vote without JavaScript: the same page with fresh results, never cached.
      const voted = (req.query as Query).voted;
      const votedId = typeof voted === 'string' ? idFrom(voted) : null;
      if (votedId !== null) {
        const page = await site.article(language, id, votedId);
        if (!page) return notFound(req, reply, language);
        return reply
          .code(200)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'private, no-store')
          .headers(securityHeaders())
          .send(page.html);
      }
      return serve(req, reply, language, where.url, () => site.article(language, id));
    });

    const lists: [ListKind, string][] = [
      ['section', 'section'],
      ['tag', 'tag'],
      ['author', 'author'],
    ];
    for (const [kind, segment] of lists) {
      app.get<{ Params: { slug: string }; Querystring: Query }>(
        `${p}/${segment}/:slug`,
        async (req, reply) => {
          const slug = req.params.slug;
          if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) || slug.length > 120) {
            return notFound(req, reply, language);
          }
          let paging: ReturnType<typeof pagingOf>;
          try {
            paging = pagingOf(req.query);
          } catch {
            return badRequest(req, reply, language);
          }
          const key = `${p}/${segment}/${slug}${cacheSuffix(paging)}`;
          return serve(
            req,
            reply,
            language,
            key,
            () => site.list(kind, language, slug, paging.after, paging.partial),
            () => site.moved(kind, language, slug),
            paging.after !== null,
          );
        },
      );
    }

    app.get<{ Querystring: Query }>(`${p}/latest`, async (req, reply) => {
      let paging: ReturnType<typeof pagingOf>;
      try {
        paging = pagingOf(req.query);
      } catch {
        return badRequest(req, reply, language);
      }
      const key = `${p}/latest${cacheSuffix(paging)}`;
      return serve(
        req,
        reply,
        language,
        key,
        () => site.list('latest', language, '', paging.after, paging.partial),
        undefined,
        paging.after !== null,
      );
    });

    app.get<{ Querystring: Query }>(`${p}/search`, async (req, reply) => {
      const q = req.query.q;
      let paging: ReturnType<typeof searchPagingOf>;
      let filters: SearchFilters;
      try {
        // A query of any length is answered (its first words count); only a repeated `q` is refused.
        if (Array.isArray(q)) throw new BadRequestPage();
        paging = searchPagingOf(req.query);
        filters = searchFiltersOf(req.query);
      } catch {
        return badRequest(req, reply, language);
      }
      const html = await site.search(
        language,
        (q ?? '').slice(0, 200).trim(),
        paging.after,
        paging.partial,
        filters,
      );
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'public, max-age=0, s-maxage=60')
        .headers(securityHeaders())
        .send(html);
    });

    app.get<{ Querystring: Query }>(`${p}/corrections`, async (req, reply) => {
      const raw = req.query.before;
      if (raw !== undefined && (typeof raw !== 'string' || !/^[1-9]\d{0,9}$/.test(raw))) {
        return badRequest(req, reply, language);
      }
      const before = raw === undefined ? null : Number(raw);
      const key = `${p}/corrections${before === null ? '' : `?before=${before}`}`;
      return serve(
        req,
        reply,
        language,
        key,
        () => site.correctionsPage(language, before),
        undefined,
        before !== null,
      );
    });

    app.get<{ Params: { slug: string } }>(`${p}/page/:slug`, async (req, reply) => {
      const slug = req.params.slug;
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) return notFound(req, reply, language);
      return serve(req, reply, language, urls.page(language, slug), () => site.staticPage(language, slug));
    });
  }

  /** The site's script: its name changes with its content, so it is cached for a year. */
  app.get(SITE_JS_PATH, (req, reply) => {
    const encoding = preferredEncoding(req.headers['accept-encoding']);
    reply
      .headers(securityHeaders())
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('vary', 'Accept-Encoding');
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.send(SITE_JS_BODIES[encoding]);
  });

  for (const [url, size] of [
    ['/favicon.png', 64],
    ['/favicon.ico', 64],
    [LOGO_PATH, LOGO_SIZE],
  ] as const) {
    app.get(url, async (_req, reply) =>
      reply
        .type('image/png')
        .header('cache-control', 'public, max-age=86400')
        .send(await logoPng(size)),
    );
  }

  /** Unknown paths get the 404 page in the language their prefix names. */
  app.setNotFoundHandler(async (req, reply) => {
    const first = req.url.split('/')[1]?.split('?')[0] ?? '';
    const language = o.languages.includes(first) ? first : o.languages[0]!;
    if (req.url.startsWith('/api/')) {
      return reply.code(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: 'No such API route' } });
    }
    const moved = (req.method === 'GET' || req.method === 'HEAD') && (await o.legacy?.(req.url));
    if (moved) return reply.redirect(moved, 301);
    return notFound(req, reply, language);
  });

  function cacheSuffix(paging: { after: Cursor | null; partial: boolean }): string {
    const parts: string[] = [];
    if (paging.after) parts.push(`before=${paging.after.publishedAt}.${paging.after.id}`);
    if (paging.partial) parts.push('partial=1');
    return parts.length ? `?${parts.join('&')}` : '';
  }
}
