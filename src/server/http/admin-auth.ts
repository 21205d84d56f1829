import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeysService } from '../modules/api-keys/index.ts';
import { AppError } from './errors.ts';

/** `Authorization: Bearer <token>` on every Admin API route; the key's name is kept for logs. */
export function adminAuth(apiKeys: ApiKeysService) {
  return async function requireAdmin(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = req.headers.authorization;
    const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!m) throw new AppError(401, 'UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>"');
    const name = await apiKeys.verify(m[1]!);
    if (!name) throw new AppError(401, 'INVALID_API_KEY', 'The API key is not valid');
    req.log.info({ apiKey: name }, 'admin api call');
  };
}
