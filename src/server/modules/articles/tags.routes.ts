import { parseId } from '../../domain/ids.ts';
import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { TagsService } from './tags.ts';

type IdParams = { Params: { id: string } };

/**
 * Admin API for tidying tags: the list with story counts, rename, merge, delete. (Tags are
 * made by writing them on stories; `GET /tags` is the editor's autocomplete.)
 */
export function tagsRoutes(tags: TagsService): AreaRoutes {
  return {
    admin(app) {
      app.get('/tags/index', { config: { action: 'story.read' } }, async (req) =>
        tags.list(principalOf(req), req.query),
      );
      app.patch<IdParams>('/tags/:id', { config: { action: 'tag.manage' } }, async (req) =>
        tags.rename(principalOf(req), parseId(req.params.id), req.body),
      );
      app.post<IdParams>('/tags/:id/merge', { config: { action: 'tag.manage' } }, async (req) =>
        tags.merge(principalOf(req), parseId(req.params.id), req.body),
      );
      app.delete<IdParams>('/tags/:id', { config: { action: 'tag.manage' } }, async (req, reply) => {
        await tags.remove(principalOf(req), parseId(req.params.id));
        return reply.code(204).send();
      });
    },
  };
}
