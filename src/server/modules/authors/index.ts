/** Authors: a slug, an optional photo, and a name and bio per language. */
export { authorsRoutes } from './authors.routes.ts';
export { type Author, type AuthorsService, createAuthorsService } from './authors.service.ts';
