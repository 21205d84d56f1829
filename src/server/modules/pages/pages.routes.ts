import { type AreaRoutes, principalOf } from '../../lib/routes.ts';
import type { PagesService } from './pages.service.ts';

/** Admin API for static pages: `GET /pages`, `PUT /pages` (create or replace one language version). */
export function pagesRoutes(pages: PagesService): AreaRoutes {
  return {
    admin(app) {
      app.get('/pages', { config: { action: 'story.read' } }, async () => ({ pages: await pages.list() }));
      app.put('/pages', { config: { action: 'page.manage' } }, async (req) =>
        pages.upsert(principalOf(req), req.body),
      );
    },
  };
}
