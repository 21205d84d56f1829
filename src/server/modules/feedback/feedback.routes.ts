import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { DomainError, fail } from '../../domain/errors.ts';
import { parseId } from '../../domain/ids.ts';
import { systemPrincipal } from '../../domain/principal.ts';
import { clientAddress } from '../../lib/client-address.ts';
import type { Signer } from '../../lib/cookies.ts';
import { requestOrigin } from '../../lib/origin.ts';
import { type AreaRoutes, principalOf, wantsJson } from '../../lib/routes.ts';
import { readerHash } from '../views/index.ts';
import type { FeedbackService } from './feedback.service.ts';

export interface FeedbackRoutesOptions {
  feedback: FeedbackService;
  signer: Signer;
  salt: () => Promise<string>;
  trustProxy: number;
  siteOrigin: string;
  /** The page a form's sender sees afterwards (thanks, or why not), in the story's language. */
  page(articleId: number, outcome: { status: number; code: string | null }): Promise<string>;
}

/** Readers send reports from the forms on story pages; they are the newsroom's tasks. */
const reader = systemPrincipal('reader');

/** The form's time, when its signature holds (else null: not a form this site made). */
export function formTime(signer: Signer, token: unknown): number | null {
  if (typeof token !== 'string' || !signer.verify('feedback', token)) return null;
  const t = Number(token.split('.')[0]);
  return Number.isSafeInteger(t) ? t : null;
}

/**
 * `POST /feedback` (a story page's form, or JSON); Admin API `GET /feedback?status=open|done`,
 * `POST /feedback/:id/resolve`.
 */
export function feedbackRoutes(o: FeedbackRoutesOptions): AreaRoutes {
  return {
    admin(app) {
      app.get<{ Querystring: { status?: string; before?: string } }>(
        '/feedback',
        { config: { action: 'feedback.manage' } },
        async (req) => o.feedback.list(principalOf(req), req.query),
      );
      app.post<{ Params: { id: string } }>(
        '/feedback/:id/resolve',
        { config: { action: 'feedback.manage' } },
        async (req, reply) => {
          await o.feedback.resolve(principalOf(req), parseId(req.params.id));
          return reply.code(204).send();
        },
      );
    },
    public(app) {
      app.post<{ Body: Record<string, unknown> | undefined }>('/feedback', async (req, reply) =>
        send(req, reply),
      );
    },
  };

  async function send(
    req: FastifyRequest<{ Body: Record<string, unknown> | undefined }>,
    reply: FastifyReply,
  ) {
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const articleId = Number(body.articleId);
    let outcome: { status: number; code: string | null } = { status: 200, code: null };
    try {
      // A report counts only from this site's own pages.
      if (requestOrigin(req.headers) !== o.siteOrigin) {
        throw fail('CROSS_SITE_REQUEST', `Reports must come from ${o.siteOrigin}`);
      }
      const address = readerHash(await o.salt(), clientAddress(req.raw, o.trustProxy), 'feedback');
      await o.feedback.report(
        reader,
        { articleId: body.articleId, message: body.message, email: body.email ?? '' },
        {
          honeypot: typeof body.website === 'string' ? body.website : '',
          formTime: formTime(o.signer, body.token),
          addressHash: address,
        },
      );
    } catch (err) {
      if (wantsJson(req)) throw err;
      if (err instanceof ZodError) outcome = { status: 400, code: 'VALIDATION_FAILED' };
      else if (err instanceof DomainError) outcome = { status: err.status, code: err.code };
      else throw err;
    }
    reply.header('cache-control', 'no-store');
    if (wantsJson(req)) return reply.code(201).send({ received: true });
    const html = await o.page(Number.isSafeInteger(articleId) ? articleId : 0, outcome);
    return reply.code(outcome.status).type('text/html; charset=utf-8').send(html);
  }
}
