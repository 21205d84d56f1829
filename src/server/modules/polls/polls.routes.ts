import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseCookies, type Signer, serializeCookie } from '../../http/cookies.ts';
import { AppError, badRequest } from '../../http/errors.ts';
import { clientAddress, readerHash } from '../views/index.ts';
import type { PollsService } from './polls.service.ts';

export interface PollRoutesOptions {
  polls: PollsService;
  signer: Signer;
  salt: () => Promise<string>;
  trustProxy: boolean;
  secureCookies: boolean;
  /** An HTML page explaining a refused vote, in the poll's language. */
  refusalPage: (language: string, status: number, code: string, back: string) => Promise<string>;
}

export const pollCookieName = (id: number) => `shp_poll_${id}`;

/** Only a path on this site may be a redirect target. */
function safeBack(raw: unknown): string {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.length > 500) return '/';
  return /^[\x21-\x7e]+$/.test(raw) ? raw.split('#')[0]! : '/';
}

function wantsJson(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

function parseOptions(raw: unknown): number[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (list.length > 20) throw badRequest('BAD_VOTE', 'Too many options');
  return list.map((v) => {
    const s = typeof v === 'number' ? String(v) : v;
    if (typeof s !== 'string' || !/^\d{1,10}$/.test(s))
      throw badRequest('BAD_VOTE', 'Options are option ids');
    return Number(s);
  });
}

/**
 * Voting: a plain HTML form post (303 back to the page, which then shows the results)
 * or, with `Accept: application/json`, the results as JSON. One vote per browser (a signed
 * cookie, strictly necessary so allowed without consent) and a per-address limit.
 */
export async function pollRoutes(app: FastifyInstance, o: PollRoutesOptions): Promise<void> {
  app.post<{ Params: { id: string }; Body: Record<string, unknown> | undefined }>(
    '/polls/:id/vote',
    async (req, reply) => {
      const id = /^\d{1,10}$/.test(req.params.id) ? Number(req.params.id) : 0;
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
      const back = safeBack(body.back);
      try {
        if (id <= 0) throw badRequest('BAD_VOTE', 'Unknown poll');
        const optionIds = parseOptions(body.option);
        if (o.signer.verify(`poll:${id}`, parseCookies(req.headers.cookie).get(pollCookieName(id)))) {
          throw new AppError(409, 'ALREADY_VOTED', 'This browser has already voted in this poll');
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
        if (!(err instanceof AppError) || wantsJson(req)) throw err;
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
    },
  );

  app.get<{ Params: { id: string } }>('/polls/:id', async (req, reply) => {
    const id = /^\d{1,10}$/.test(req.params.id) ? Number(req.params.id) : 0;
    if (id <= 0) throw badRequest('BAD_POLL_ID', 'Poll ids are positive integers');
    const r = await o.polls.results(id);
    return reply.header('cache-control', 'no-store').send(r);
  });
}
