/** Sections (categories): slug plus a name per language. */
export { sectionsRoutes } from './sections.routes.ts';
export { createSectionsService, type Section, type SectionsService } from './sections.service.ts';
