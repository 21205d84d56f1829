import type { FastifyRequest } from 'fastify';
import { DomainError, fail } from '../../domain/errors.ts';
import { idFrom, parseId } from '../../domain/ids.ts';
import { clientAddress } from '../../lib/client-address.ts';
import { parseCookies, type Signer, serializeCookie } from '../../lib/cookies.ts';
import { requestOrigin, sameSitePath } from '../../lib/origin.ts';
import { type AreaRoutes, principalOf, wantsJson } from '../../lib/routes.ts';
import { readerHash } from '../views/index.ts';
import type { PollsService } from './polls.service.ts';

export interface PollRoutesOptions {
  polls: PollsService;
  signer: Signer;
  salt: () => Promise<string>;
  trustProxy: number;
  /** The site's origin: a vote sent from any other page is refused. */
  siteOrigin: string;
  /** Where a vote goes back to when its `back` is missing or leads off the site: the poll's page. */
  pollPage: (pollId: number) => Promise<string>;
  secureCookies: boolean;
  /** An HTML page explaining a refused vote, in the poll's language. */
  refusalPage: (language: string, status: number, code: string, back: string) => Promise<string>;
}

export const pollCookieName = (id: number) => `shp_poll_${id}`;

function parseOptions(raw: unknown): number[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length > 20) throw fail('BAD_VOTE', 'Too many options');
  return list.map((v) => {
    const id = idFrom(typeof v === 'number' ? String(v) : typeof v === 'string' ? v : null);
    if (id === null) throw fail('BAD_VOTE', 'Options are option ids');
    return id;
  });
}

/**
 * Admin API for polls, and readers' voting: a plain HTML form post (303 back to the page,
 * which then shows the results) or, with `Accept: application/json`, the results as JSON.
 * One vote per browser (a signed cookie, strictly necessary so allowed without consent) and
 * a per-address limit.
 */
export function pollsRoutes(o: PollRoutesOptions): AreaRoutes {
  type IdParams = { Params: { id: string } };
  return {
    admin(app) {
      app.get('/polls', { config: { action: 'story.read' } }, async () => ({ polls: await o.polls.list() }));
      app.post('/polls', { config: { action: 'poll.manage' } }, async (req, reply) =>
        reply.code(201).send(await o.polls.create(principalOf(req), req.body)),
      );
      app.get<IdParams>('/polls/:id', { config: { action: 'story.read' } }, async (req) =>
        o.polls.get(parseId(req.params.id)),
      );
      app.patch<IdParams>('/polls/:id', { config: { action: 'poll.manage' } }, async (req) =>
        o.polls.update(principalOf(req), parseId(req.params.id), req.body),
      );
      app.post<IdParams>('/polls/:id/close', { config: { action: 'poll.manage' } }, async (req) =>
        o.polls.close(principalOf(req), parseId(req.params.id)),
      );
    },
    public(app) {
      app.post<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>(
        '/polls/:id/vote',
        async (req, reply) => vote(req, reply),
      );
      app.get<IdParams>('/polls/:id', async (req, reply) => {
        const id = idFrom(req.params.id);
        if (id === null) throw fail('BAD_POLL_ID', 'Poll ids are positive integers');
        const r = await o.polls.results(id);
        return reply.header('cache-control', 'no-store').send(r);
      });
    },
  };

  async function vote(
    req: FastifyRequest<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>,
    reply: import('fastify').FastifyReply,
  ) {
    const id = idFrom(req.params.id) ?? 0;
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const back = sameSitePath(body.back) ?? (await o.pollPage(id).catch(() => '/'));
    try {
      if (id <= 0) throw fail('BAD_VOTE', 'Unknown poll');
      // A vote counts only from this site's own pages (a form elsewhere could vote for its readers).
      if (requestOrigin(req.headers) !== o.siteOrigin) {
        throw fail('CROSS_SITE_REQUEST', `Votes must come from ${o.siteOrigin}`);
      }
      const optionIds = parseOptions(body.option);
      if (o.signer.verify(`poll:${id}`, parseCookies(req.headers.cookie).get(pollCookieName(id)))) {
        throw fail('ALREADY_VOTED', 'This browser has already voted in this poll');
      }
      const address = readerHash(await o.salt(), clientAddress(req.raw, o.trustProxy), 'poll');
      const results = await o.polls.vote(id, optionIds, address);
      reply.header(
        'set-cookie',
        serializeCookie(pollCookieName(id), o.signer.sign(`poll:${id}`), {
          maxAgeSeconds: 365 * 86_400,
          secure: o.secureCookies,
        }),
      );
      reply.header('cache-control', 'no-store');
      if (wantsJson(req))
        return reply.send({ poll: results.poll, total: results.total, options: results.options });
      const sep = back.includes('?') ? '&' : '?';
      return reply.redirect(`${back}${sep}voted=${id}#poll-${id}`, 303);
    } catch (err) {
      if (!(err instanceof DomainError) || wantsJson(req)) throw err;
      const language = await o.polls
        .get(id)
        .then((p) => p.language)
        .catch(() => '');
      const html = await o.refusalPage(language, err.status, err.code, back);
      return reply
        .code(err.status)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(html);
    }
  }
}
