import { parseId } from '../../domain/ids.ts';
import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { LiveBlogService } from './live-blog.service.ts';

/**
 * Admin API: `POST /articles/:id/updates {text, pinned?}` (201), `GET /articles/:id/updates`,
 * `PATCH /articles/:id/updates/:updateId {pinned}`.
 */
export function liveBlogRoutes(live: LiveBlogService): AreaRoutes {
  return {
    admin(app) {
      app.post<{ Params: { id: string } }>(
        '/articles/:id/updates',
        { config: { action: 'story.live' } },
        async (req, reply) =>
          reply.code(201).send(await live.add(principalOf(req), parseId(req.params.id), req.body)),
      );
      app.get<{ Params: { id: string } }>(
        '/articles/:id/updates',
        { config: { action: 'story.read' } },
        async (req) => ({
          updates: await live.ofArticle(parseId(req.params.id)),
        }),
      );
      app.patch<{ Params: { id: string; updateId: string } }>(
        '/articles/:id/updates/:updateId',
        { config: { action: 'story.live' } },
        async (req) =>
          live.pin(principalOf(req), parseId(req.params.id), parseId(req.params.updateId), req.body),
      );
    },
  };
}
