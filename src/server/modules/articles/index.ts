/** Stories: editorial writes (service) and the public site's read queries (repo). */
export {
  type ArticleDetail,
  type ArticleListItem,
  type ArticlesRepo,
  createArticlesRepo,
  type ListQuery,
} from './articles.repo.ts';
export {
  type ArticleOut,
  type ArticlesService,
  createArticlesService,
  RENDER_VERSION,
} from './articles.service.ts';
export { sanitizeBody, textOf } from './sanitize.ts';
