import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '../domain/errors.ts';
import type { Action } from '../domain/permissions.ts';
import type { Principal } from '../domain/principal.ts';

/**
 * What an area's `*.routes.ts` hands the HTTP shell: its Admin API routes (mounted under
 * `/api/admin`, behind authentication) and its public routes, side by side.
 */
export interface AreaRoutes {
  admin?: (app: FastifyInstance) => Promise<void> | void;
  public?: (app: FastifyInstance) => Promise<void> | void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; set by the Admin API's authentication, null elsewhere. */
    principal: Principal | null;
    /** The session the principal signed in with (null for API keys and public routes). */
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** An Admin API route anyone may call (signing in, first run, accepting an invitation). */
    public?: boolean;
    /**
     * The permission the route needs (from the permission table), so the role matrix test can
     * check every route against the table; `self` for one's own profile, `none` for public routes.
     */
    action?: Action | 'self' | 'none';
    /** The route answers with a stream that stays open (server-sent events). */
    stream?: boolean;
  }
}

/** Name of the session cookie of the newsroom. */
export const SESSION_COOKIE = 'shp_session';

/** The authenticated principal of an Admin API request. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw fail('UNAUTHENTICATED', 'Sign in or send an API key');
  return req.principal;
}

/** The client asked for JSON rather than a page. */
export function wantsJson(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes('application/json');
}

/** One query parameter as a string; a repeated one is a 400, not silently the first. */
export function queryParam(query: unknown, name: string): string | undefined {
  const v = (query as Record<string, unknown> | undefined)?.[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string')
    throw fail('BAD_REQUEST', `The query parameter "${name}" is given more than once`);
  return v;
}
