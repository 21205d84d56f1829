import { fail } from '../domain/errors.ts';
import { parseId } from '../domain/ids.ts';
import { authorize } from '../domain/permissions.ts';
import { type AreaRoutes, principalOf } from '../lib/routes.ts';
import type { SiteService } from './site.service.tsx';

/**
 * `GET /api/admin/articles/:id/preview`: a story's public page as readers will see it, for
 * drafts too, behind the newsroom's sign-in; never cached.
 */
export function previewRoutes(site: SiteService, headers: () => Record<string, string>): AreaRoutes {
  return {
    admin(app) {
      app.get<{ Params: { id: string } }>(
        '/articles/:id/preview',
        { config: { action: 'story.read' } },
        async (req, reply) => {
          authorize(principalOf(req), 'story.read');
          const html = await site.preview(parseId(req.params.id));
          if (html === null) throw fail('ARTICLE_NOT_FOUND', 'No story with this id');
          return reply
            .headers(headers())
            .header('cache-control', 'private, no-store')
            .header('x-robots-tag', 'noindex')
            .type('text/html; charset=utf-8')
            .send(html);
        },
      );
    },
  };
}
