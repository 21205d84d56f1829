/** Corrections of published stories: dated, appended, never edited away. */
export { correctionsRoutes } from './corrections.routes.ts';
export { type Correction, type CorrectionsService, createCorrectionsService } from './corrections.service.ts';
