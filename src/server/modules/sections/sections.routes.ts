import { parseId } from '../../domain/ids.ts';
import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { SectionsService } from './sections.service.ts';

type IdParams = { Params: { id: string } };

/** Admin API for sections: list, create, read, change, delete. */
export function sectionsRoutes(sections: SectionsService): AreaRoutes {
  return {
    admin(app) {
      app.get('/sections', { config: { action: 'story.read' } }, async () => ({
        sections: await sections.list(),
      }));
      app.post('/sections', { config: { action: 'section.manage' } }, async (req, reply) =>
        reply.code(201).send(await sections.create(principalOf(req), req.body)),
      );
      app.get<IdParams>('/sections/:id', { config: { action: 'story.read' } }, async (req) =>
        sections.get(parseId(req.params.id)),
      );
      app.patch<IdParams>('/sections/:id', { config: { action: 'section.manage' } }, async (req) =>
        sections.update(principalOf(req), parseId(req.params.id), req.body),
      );
      app.delete<IdParams>('/sections/:id', { config: { action: 'section.manage' } }, async (req, reply) => {
        await sections.remove(principalOf(req), parseId(req.params.id));
        return reply.code(204).send();
      });
    },
  };
}
