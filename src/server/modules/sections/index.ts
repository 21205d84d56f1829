/** Sections (categories): slug plus a name per language. */
export { createSectionsService, type Section, type SectionsService } from './sections.service.ts';
