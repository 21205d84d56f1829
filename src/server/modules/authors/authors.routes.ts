import { parseId } from '../../domain/ids.ts';
import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { AuthorsService } from './authors.service.ts';

type IdParams = { Params: { id: string } };

/** Admin API for authors (bylines): list, create, read, change, delete. */
export function authorsRoutes(authors: AuthorsService): AreaRoutes {
  return {
    admin(app) {
      app.get('/authors', { config: { action: 'story.read' } }, async () => ({
        authors: await authors.list(),
      }));
      app.post('/authors', { config: { action: 'author.manage' } }, async (req, reply) =>
        reply.code(201).send(await authors.create(principalOf(req), req.body)),
      );
      app.get<IdParams>('/authors/:id', { config: { action: 'story.read' } }, async (req) =>
        authors.get(parseId(req.params.id)),
      );
      app.patch<IdParams>('/authors/:id', { config: { action: 'author.manage' } }, async (req) =>
        authors.update(principalOf(req), parseId(req.params.id), req.body),
      );
      app.delete<IdParams>('/authors/:id', { config: { action: 'author.manage' } }, async (req, reply) => {
        await authors.remove(principalOf(req), parseId(req.params.id));
        return reply.code(204).send();
      });
    },
  };
}
