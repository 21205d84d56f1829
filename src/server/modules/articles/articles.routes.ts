import { parseId } from '../../domain/ids.ts';
import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { ArticlesService } from './articles.service.ts';

type IdParams = { Params: { id: string } };
type RevParams = { Params: { id: string; rev: string } };

/**
 * Admin API for stories: the list, create, read, change, delete, the publishing transitions,
 * and revisions with restore. Story pages themselves are the public site's.
 */
export function articlesRoutes(articles: ArticlesService): AreaRoutes {
  return {
    admin(app) {
      app.get('/articles', { config: { action: 'story.read' } }, async (req) =>
        articles.list(principalOf(req), req.query),
      );
      app.post('/articles', { config: { action: 'story.create' } }, async (req, reply) => {
        const a = await articles.create(principalOf(req), req.body);
        return reply.code(201).send({ id: a.id, url: a.url, article: a });
      });
      app.get<IdParams>('/articles/:id', { config: { action: 'story.read' } }, async (req) =>
        articles.get(principalOf(req), parseId(req.params.id)),
      );
      app.patch<IdParams>('/articles/:id', { config: { action: 'story.edit' } }, async (req) =>
        articles.update(principalOf(req), parseId(req.params.id), req.body),
      );
      app.delete<IdParams>('/articles/:id', { config: { action: 'story.delete' } }, async (req, reply) => {
        await articles.remove(principalOf(req), parseId(req.params.id));
        return reply.code(204).send();
      });
      app.post<IdParams>('/articles/:id/publish', { config: { action: 'story.publish' } }, async (req) =>
        articles.publish(principalOf(req), parseId(req.params.id), req.body ?? {}),
      );
      app.post<IdParams>('/articles/:id/unpublish', { config: { action: 'story.publish' } }, async (req) =>
        articles.unpublish(principalOf(req), parseId(req.params.id)),
      );
      app.post<IdParams>('/articles/:id/schedule', { config: { action: 'story.publish' } }, async (req) =>
        articles.schedule(principalOf(req), parseId(req.params.id), req.body),
      );
      app.post<IdParams>('/articles/:id/submit', { config: { action: 'story.submit' } }, async (req) =>
        articles.submit(principalOf(req), parseId(req.params.id)),
      );
      app.post<IdParams>('/articles/:id/return', { config: { action: 'story.review' } }, async (req) =>
        articles.returnToAuthor(principalOf(req), parseId(req.params.id), req.body),
      );
      app.post<IdParams>('/articles/:id/lock', { config: { action: 'story.edit' } }, async (req) =>
        articles.lock(principalOf(req), parseId(req.params.id), req.body ?? {}),
      );
      app.delete<IdParams>('/articles/:id/lock', { config: { action: 'story.edit' } }, async (req, reply) => {
        await articles.unlock(principalOf(req), parseId(req.params.id));
        return reply.code(204).send();
      });
      app.post<IdParams>(
        '/articles/:id/translations',
        { config: { action: 'story.create' } },
        async (req, reply) =>
          reply.code(201).send(await articles.translate(principalOf(req), parseId(req.params.id), req.body)),
      );
      app.get('/tags', { config: { action: 'story.read' } }, async (req) => ({
        tags: await articles.tags(principalOf(req), req.query),
      }));
      app.get<IdParams>('/articles/:id/revisions', { config: { action: 'story.read' } }, async (req) =>
        articles.revisions(principalOf(req), parseId(req.params.id)),
      );
      app.get<RevParams>('/articles/:id/revisions/:rev', { config: { action: 'story.read' } }, async (req) =>
        articles.revision(principalOf(req), parseId(req.params.id), parseId(req.params.rev)),
      );
      app.post<RevParams>(
        '/articles/:id/revisions/:rev/restore',
        { config: { action: 'story.edit' } },
        async (req) => articles.restore(principalOf(req), parseId(req.params.id), parseId(req.params.rev)),
      );
    },
  };
}
