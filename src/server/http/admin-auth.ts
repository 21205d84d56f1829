import type { FastifyRequest } from 'fastify';
import { fail } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { clientAddress } from '../lib/client-address.ts';
import { parseCookies } from '../lib/cookies.ts';
import { requestOrigin } from '../lib/origin.ts';
import { SESSION_COOKIE } from '../lib/routes.ts';

/** How the Admin API learns who is asking. */
export interface Authenticate {
  /** A bearer key; null when it is not valid (may throw RATE_LIMITED). */
  key(token: string, client: { address: string; userAgent: string }): Promise<Principal | null>;
  /** A session cookie; null when the session is unknown or over. */
  session(token: string): Promise<{ principal: Principal; sessionId: string } | null>;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every Admin API route: a bearer key (`Authorization: Bearer …`) or the session cookie. A
 * change sent with the cookie must come from the site's own origin (CSRF): browsers attach
 * cookies to cross-site requests, never this site's Origin. Public routes (signing in, first
 * run) pass without a principal.
 */
export function adminAuth(authenticate: Authenticate, o: { siteOrigin: string; trustProxy: number }) {
  return async function identify(req: FastifyRequest): Promise<void> {
    const open = req.routeOptions.config?.public === true;
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw fail('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>"');
      const client = {
        address: clientAddress(req.raw, o.trustProxy),
        userAgent: String(req.headers['user-agent'] ?? ''),
      };
      const principal = await authenticate.key(m[1]!, client);
      if (!principal) throw fail('INVALID_API_KEY', 'The API key is not valid');
      req.principal = principal;
      req.log.info({ principal: `${principal.kind}:${principal.name}` }, 'admin api call');
      return;
    }
    const cookie = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (cookie) {
      if (!SAFE.has(req.method) && requestOrigin(req.headers) !== o.siteOrigin) {
        throw fail('CROSS_SITE_REQUEST', `Changes must come from ${o.siteOrigin}`);
      }
      const s = await authenticate.session(cookie);
      if (s) {
        req.principal = s.principal;
        req.sessionId = s.sessionId;
        return;
      }
    }
    if (!open) {
      throw cookie
        ? fail('SESSION_EXPIRED', 'The session has ended; sign in again')
        : fail('UNAUTHENTICATED', 'Sign in, or send an API key as "Authorization: Bearer <key>"');
    }
  };
}
