/**
 * Stories: the editorial use cases (service), the Admin API (routes), and the published
 * stories as the public site, feeds and sitemaps read them (reader).
 */
export type { ListQuery } from './articles.queries.ts';
export {
  type ArticleDetail,
  type ArticleListItem,
  type ArticlesReader,
  createArticlesReader,
  type FeedRow,
  type ListImage,
  type SitemapRow,
} from './articles.reader.ts';
export { articlesRoutes } from './articles.routes.ts';
export { type ArticleOut, type ArticlesService, createArticlesService } from './articles.service.ts';
export type { ImportedStory } from './story-input.ts';
export { tagsRoutes } from './tags.routes.ts';
export { createTagsService, type TagRow, type TagsService } from './tags.ts';
