import type { FastifyRequest } from 'fastify';
import { fail } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';

/** Turns a bearer token into the principal it stands for (null: not a valid key). */
export type Authenticate = (token: string) => Promise<Principal | null>;

/** `Authorization: Bearer <token>` on every Admin API route; sets `req.principal`. */
export function adminAuth(authenticate: Authenticate) {
  return async function requirePrincipal(req: FastifyRequest): Promise<void> {
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw fail('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>"');
    const principal = await authenticate(m[1]!);
    if (!principal) throw fail('INVALID_API_KEY', 'The API key is not valid');
    req.principal = principal;
    req.log.info({ principal: `${principal.kind}:${principal.name}` }, 'admin api call');
  };
}
