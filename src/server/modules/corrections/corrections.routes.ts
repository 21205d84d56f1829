import { parseId } from '../../domain/ids.ts';
import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { CorrectionsService } from './corrections.service.ts';

interface IdParams {
  Params: { id: string };
}

/** Admin API: `POST /articles/:id/corrections {text}` (201), `GET /articles/:id/corrections`. */
export function correctionsRoutes(corrections: CorrectionsService): AreaRoutes {
  return {
    admin(app) {
      app.post<IdParams>(
        '/articles/:id/corrections',
        { config: { action: 'story.correct' } },
        async (req, reply) =>
          reply.code(201).send(await corrections.add(principalOf(req), parseId(req.params.id), req.body)),
      );
      app.get<IdParams>('/articles/:id/corrections', { config: { action: 'story.read' } }, async (req) => ({
        corrections: await corrections.ofArticle(parseId(req.params.id)),
      }));
    },
  };
}
