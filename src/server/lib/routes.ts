import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '../domain/errors.ts';
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
  }
}

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
