import { z } from 'zod';
import { parseId } from '../../domain/ids.ts';
import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { ApiKeysService } from './api-keys.service.ts';

const createInput = z.object({ name: z.string() }).strict();

/** Admin API for API keys: list (never the tokens), create (the token is shown once), revoke. */
export function apiKeysRoutes(keys: ApiKeysService): AreaRoutes {
  return {
    admin(app) {
      app.get('/api-keys', async (req) => ({ keys: await keys.list(principalOf(req)) }));
      app.post('/api-keys', async (req, reply) =>
        reply.code(201).send(await keys.create(principalOf(req), createInput.parse(req.body).name)),
      );
      app.delete<{ Params: { id: string } }>('/api-keys/:id', async (req, reply) => {
        await keys.revoke(principalOf(req), parseId(req.params.id));
        return reply.code(204).send();
      });
    },
  };
}
