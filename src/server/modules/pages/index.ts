/** Static pages with a version per language, linked by a key. */
export { pagesRoutes } from './pages.routes.ts';
export { createPagesService, type PagesService, type StaticPage } from './pages.service.ts';
