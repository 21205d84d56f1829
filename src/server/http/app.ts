import { createHash } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type HookHandlerDoneFunction,
  LogController,
} from 'fastify';
import { ZodError } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { requestId } from '../lib/request-id.ts';
import type { AreaRoutes } from '../lib/routes.ts';
import type { CacheEntry, PageCache } from '../site/page-cache.ts';
import { type Authenticate, adminAuth } from './admin-auth.ts';
import {
  type HttpMetrics,
  METRICS_CONTENT_TYPE,
  type RouteMetrics,
  tokenMatches,
  UNMATCHED,
} from './metrics.ts';

/** A registered route and the permission it declares. */
export interface RouteInfo {
  method: string;
  url: string;
  config: { public?: boolean; action?: string; stream?: boolean };
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
  interface FastifyRequest {
    /** Answered by a pre-routing handler (under inject(), which bypasses the HTTP server): its metrics. */
    preRouted: RouteMetrics | null;
  }
}

/** A handler that answers before routing (the view beacon); `handle` returns true when it answered. */
export interface PreRoute {
  /** The route pattern it answers, as metrics name it (e.g. `/v/:id`). */
  route: string;
  /** `requestId` goes into the answer's `X-Request-Id` (the handler writes its own headers). */
  handle: (req: http.IncomingMessage, res: http.ServerResponse, requestId: string) => boolean;
}

export interface AppDeps {
  /** Each area's routes: Admin API ones are mounted under `/api/admin` behind authentication. */
  areas: AreaRoutes[];
  /** Who a bearer key or session cookie stands for. */
  authenticate: Authenticate;
  /** The site's own origin (`PUBLIC_URL`): cookie-authenticated changes must come from it. */
  siteOrigin: string;
  cache: PageCache;
  /** Registers the public site, last (its not-found handler answers every unknown path). */
  site: (app: FastifyInstance) => Promise<void>;
  ready: () => Promise<boolean>;
  /** HTML for a URL the router cannot even parse (bad percent-encoding and the like). */
  badUrlPage: (url: string) => Promise<string>;
  trustProxy: number;
  /** The process's logger (made by compose.ts, shared with everything else that logs). */
  logger: FastifyBaseLogger;
  /** Handlers that answer before routing (the view beacon). */
  preRoute?: PreRoute[];
  /** Requests counted by route, method and status (cached pages and pre-routing handlers included). */
  metrics?: HttpMetrics;
  /** `/metrics` on this port, behind `Authorization: Bearer <token>`; absent: not served here (404). */
  metricsEndpoint?: { token: string; render: () => string | Promise<string> };
  /** The headers of an HTML page (its CSP names the inline script and consented origins). */
  pageHeaders: () => Record<string, string>;
  /** `PUBLIC_URL` is https: every response tells browsers to come back over https only. */
  https: boolean;
  /** Longest time a request may take to arrive, headers and body (a slow upload included). */
  requestTimeoutMs?: number;
  /** The database could not be asked (down, frozen, full): a 503 that will pass, not a bug. */
  isUnavailable: (err: unknown) => boolean;
  /** The HTML page of a failure on our side, in the language the URL names, made without the database. */
  failurePage: (url: string, status: 500 | 503) => Promise<string>;
}

/** HSTS for a site served over https: a year, subdomains included. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/** Headers of every response that is not an HTML page (JSON, images, feeds sent outside the cache). */
export function apiHeaders(https: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    ...(https ? { 'strict-transport-security': HSTS } : {}),
  };
}

/**
 * Headers of every page. The CSP allows our one inline script (the loader of the site's
 * script) by its hash, our own origin's scripts, and the origins
 * of the third-party scripts an operator registered (which run only after consent).
 */
export function securityHeaders(
  inlineScript: string,
  thirdPartyOrigins: string[] = [],
  https = false,
): Record<string, string> {
  const scriptHash = createHash('sha256').update(inlineScript).digest('base64');
  const extra = thirdPartyOrigins.map((o) => ` ${o}`).join('');
  return {
    ...(https ? { 'strict-transport-security': HSTS } : {}),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'SAMEORIGIN',
    'content-security-policy': [
      "default-src 'self'",
      `img-src 'self' data:${extra}`,
      "style-src 'self' 'unsafe-inline'",
      `script-src 'self' 'sha256-${scriptHash}'${extra}`,
      `connect-src 'self'${extra}`,
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'self'",
    ].join('; '),
  };
}

/** Counts a pre-routing answer: now when it was written at once, else once it is. */
function observeWhenFinished(
  m: RouteMetrics,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  start: number,
): void {
  const observe = () => m.observe(req.method ?? 'POST', res.statusCode, (performance.now() - start) / 1000);
  if (res.writableEnded) observe();
  else res.once('finish', observe);
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  for (const v of Object.values(value)) if (containsNul(v, depth + 1)) return true;
  return false;
}

/**
 * The Fastify application without `listen`, so tests drive it through `inject()`.
 * Cached pages are answered before Fastify routing even starts (see serverFactory):
 * a cache hit costs a Map lookup and one write.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const metrics = deps.metrics;
  const preRoute = (deps.preRoute ?? []).map((p) => ({ ...p, metrics: metrics?.route(p.route) }));
  /**
   * The route of each cached page, learnt when Fastify serves it (a page answered before
   * routing has no route of its own): a cached hit is counted under its route with one lookup.
   */
  const routeOf = new WeakMap<CacheEntry, RouteMetrics>();
  const learnRoute = (url: string, m: RouteMetrics) => {
    const entry = deps.cache.entry(url);
    if (entry !== undefined && !routeOf.has(entry)) routeOf.set(entry, m);
  };
  const app = Fastify({
    loggerInstance: deps.logger,
    // Per-request access logs cost more than a cached page; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // The caller's X-Request-Id when it is sane, else a new one; in every log line of the request.
    requestIdHeader: false,
    genReqId: (req) => requestId(req.headers['x-request-id']),
    // Only for what Fastify derives itself (the address is ours: `lib/client-address.ts`).
    trustProxy: deps.trustProxy > 0,
    bodyLimit: 2 * 1024 * 1024,
    routerOptions: { maxParamLength: 300 },
    return503OnClosing: true,
    frameworkErrors: (err, req, rawReply) => {
      // The option's reply type is generic over route schemas none of which apply here.
      const reply = rawReply as unknown as FastifyReply;
      // Before routing, so no hook runs: the headers are set here.
      reply.header('x-request-id', req.id);
      if (req.url.startsWith('/api/')) {
        reply
          .code(400)
          .headers(apiHeaders(deps.https))
          .send({ error: { code: 'BAD_URL', message: err.message } });
        return;
      }
      deps.badUrlPage(req.url).then(
        (html) => reply.code(400).headers(deps.pageHeaders()).type('text/html; charset=utf-8').send(html),
        () =>
          reply
            .code(400)
            .headers(apiHeaders(deps.https))
            .type('text/plain; charset=utf-8')
            .send('Bad request'),
      );
    },
    serverFactory: (handler) => {
      const requestTimeout = deps.requestTimeoutMs ?? 60_000;
      // A request must arrive whole in time (a slow upload cannot hold a connection for
      // minutes); headers in 10 s at most. Checked every few seconds (Node's default is 30).
      const limits = {
        requestTimeout,
        headersTimeout: Math.min(10_000, requestTimeout),
        connectionsCheckingInterval: Math.min(5_000, requestTimeout),
      };
      const server = http.createServer(limits, (req, res) => {
        if ((req.method === 'GET' || req.method === 'HEAD') && req.url) {
          const hit = deps.cache.peek(req.url);
          if (hit) {
            // Counted under the page's route; a page whose route is not known yet goes through
            // Fastify once, which learns it.
            const route = metrics === undefined ? null : routeOf.get(hit);
            if (route !== undefined) {
              const start = route === null ? 0 : performance.now();
              deps.cache.stats.hits++;
              deps.cache.send(hit, req, res, requestId(req.headers['x-request-id']));
              route?.observe(req.method, res.statusCode, (performance.now() - start) / 1000);
              return;
            }
          }
        } else if (preRoute.length) {
          const start = performance.now();
          // Fastify makes its own (the same when the caller sent a sane one) if no handler answers.
          const id = requestId(req.headers['x-request-id']);
          for (const p of preRoute) {
            if (p.handle(req, res, id)) {
              if (p.metrics) observeWhenFinished(p.metrics, req, res, start);
              return;
            }
          }
        }
        handler(req, res);
      });
      return server;
    },
  });

  // The request id in the response too (raw: cached pages are written past Fastify's reply).
  app.addHook('onRequest', (req, reply, done) => {
    reply.raw.setHeader('x-request-id', req.id);
    done();
  });

  if (metrics) {
    // Each route counts its own requests (its counters bound once, here); unmatched ones below.
    const ours = new WeakSet<object>();
    app.addHook('onRoute', (r) => {
      if ([r.onResponse ?? []].flat().some((h) => ours.has(h))) return;
      const m = metrics.route(r.url);
      const hook = (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
        m.observe(req.method, reply.statusCode, reply.elapsedTime / 1000);
        if (req.method === 'GET' || req.method === 'HEAD') learnRoute(req.url, m);
        done();
      };
      ours.add(hook);
      r.onResponse = [hook, ...[r.onResponse ?? []].flat()];
    });
    const unmatched = metrics.route(UNMATCHED);
    app.decorateRequest('preRouted', null);
    app.addHook('onResponse', (req, reply, done) => {
      if (req.is404) {
        (req.preRouted ?? unmatched).observe(req.method, reply.statusCode, reply.elapsedTime / 1000);
      }
      done();
    });
  }

  app.setErrorHandler((err: FastifyError | DomainError | ZodError | Error, req, reply) => {
    if (err instanceof ZodError) {
      return reply.code(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
          details: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      });
    }
    if (err instanceof DomainError) {
      if (err.status >= 500) req.log.error({ err }, err.message);
      const retryAfter = (err.details as { retryAfter?: unknown } | undefined)?.retryAfter;
      if (err.status === 429 && typeof retryAfter === 'number')
        reply.header('retry-after', String(retryAfter));
      return reply.code(err.status).send({
        error: {
          code: err.code,
          message: err.message,
          ...(err.details !== undefined ? { details: err.details } : {}),
        },
      });
    }
    const status = 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code =
        'code' in err && typeof err.code === 'string' ? err.code.replace(/^FST_ERR_/, '') : 'BAD_REQUEST';
      return reply.code(status).send({ error: { code, message: err.message } });
    }
    // Our side failed: the database (503, it will pass; Retry-After) or a bug (500). Pages
    // get a page in their language, never JSON; the API its stable code.
    const unavailable = deps.isUnavailable(err);
    const failed = unavailable ? 503 : 500;
    if (unavailable) {
      req.log.warn({ err }, 'database unavailable');
      reply.header('retry-after', '30');
    } else req.log.error({ err }, 'unhandled error');
    reply.code(failed).header('cache-control', 'no-store');
    if (!req.url.startsWith('/api/') && !String(req.headers.accept ?? '').includes('application/json')) {
      return deps.failurePage(req.url, failed).then(
        (html) => reply.type('text/html; charset=utf-8').send(html),
        () => reply.type('text/plain; charset=utf-8').send(failed === 503 ? 'Service unavailable' : 'Error'),
      );
    }
    return reply.send(
      unavailable
        ? { error: { code: 'UNAVAILABLE', message: 'The database cannot be reached; try again shortly' } }
        : { error: { code: 'INTERNAL_ERROR', message: 'Something went wrong on our side' } },
    );
  });

  // HTML forms (poll votes, consent choice) work without JavaScript.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of new URLSearchParams(body as string)) {
        const prev = out[k];
        out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      done(null, out);
    },
  );

  // NUL is not text: PostgreSQL refuses it in any string, so it is refused at the door,
  // in the URL and in bodies alike (a 400 instead of a failed query).
  app.addHook('onRequest', async (req, reply) => {
    if (!/%00/i.test(req.url)) return;
    if (req.url.startsWith('/api/')) {
      return reply
        .code(400)
        .send({ error: { code: 'INVALID_TEXT', message: 'The URL contains a NUL character' } });
    }
    return reply
      .code(400)
      .type('text/html; charset=utf-8')
      .send(await deps.badUrlPage(req.url));
  });
  app.addHook('preValidation', async (req, reply) => {
    if (req.body !== undefined && containsNul(req.body)) {
      return reply
        .code(400)
        .send({ error: { code: 'INVALID_TEXT', message: 'Text must not contain NUL characters' } });
    }
  });

  // Every response carries the security headers: pages theirs, everything else a CSP that
  // allows nothing (JSON and images need none), and HSTS under https. Headers a route set
  // itself stay.
  const other = apiHeaders(deps.https);
  app.addHook('onSend', async (_req, reply, payload) => {
    const html = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    for (const [k, v] of Object.entries(html ? deps.pageHeaders() : other)) {
      if (!reply.hasHeader(k)) reply.header(k, v);
    }
    if (deps.https && !reply.hasHeader('strict-transport-security'))
      reply.header('strict-transport-security', HSTS);
    return payload;
  });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ok = await deps.ready().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ready' : 'unavailable' });
  });
  // Operations metrics: only behind a token here (METRICS_PORT serves them on a port of their own).
  const endpoint = deps.metricsEndpoint;
  if (endpoint) {
    app.get('/metrics', { config: { public: true } }, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      if (!tokenMatches(req.headers.authorization, endpoint.token)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .send({ error: { code: 'UNAUTHORIZED', message: 'A valid metrics token is required' } });
      }
      return reply.type(METRICS_CONTENT_TYPE).send(await endpoint.render());
    });
  }

  // The same pre-routing handlers for inject() (tests), which bypasses the HTTP server.
  if (preRoute.length) {
    app.addHook('onRequest', async (req, reply) => {
      for (const p of preRoute) {
        if (p.handle(req.raw, reply.raw, req.id)) {
          if (p.metrics) req.preRouted = p.metrics;
          reply.hijack();
          return reply;
        }
      }
    });
  }
  // Every route with its declared permission, for the role matrix test and for people reading.
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD')
        routeTable.push({ method, url: r.url, config: (r.config ?? {}) as RouteInfo['config'] });
    }
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('sessionId', null);
  await app.register(
    async (api) => {
      api.addHook(
        'onRequest',
        adminAuth(deps.authenticate, { siteOrigin: deps.siteOrigin, trustProxy: deps.trustProxy }),
      );
      for (const area of deps.areas) if (area.admin) await area.admin(api);
    },
    { prefix: '/api/admin' },
  );
  await app.register(async (pub) => {
    for (const area of deps.areas) if (area.public) await area.public(pub);
  });
  await app.register(async (site) => deps.site(site));
  return app;
}
