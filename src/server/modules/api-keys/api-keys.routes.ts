import { z } from 'zod';
import { parseId } from '../../domain/ids.ts';
import { authorize } from '../../domain/permissions.ts';
import { ROLES } from '../../domain/principal.ts';
import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { ApiKeysService } from './api-keys.service.ts';

const createInput = z.object({ name: z.string(), role: z.enum(ROLES).optional() }).strict();

/** Admin API for API keys: list (never the tokens), create (the token is shown once), revoke. */
export function apiKeysRoutes(keys: ApiKeysService): AreaRoutes {
  return {
    admin(app) {
      const manage = { config: { action: 'apikey.manage' as const } };
      app.get('/api-keys', manage, async (req) => ({ keys: await keys.list(principalOf(req)) }));
      app.post('/api-keys', manage, async (req, reply) => {
        const principal = principalOf(req);
        authorize(principal, 'apikey.manage');
        const data = createInput.parse(req.body);
        return reply.code(201).send(await keys.create(principal, data.name, data.role));
      });
      app.delete<{ Params: { id: string } }>('/api-keys/:id', manage, async (req, reply) => {
        await keys.revoke(principalOf(req), parseId(req.params.id));
        return reply.code(204).send();
      });
    },
  };
}
