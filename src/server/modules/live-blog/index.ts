/** Live blogs: timestamped updates on a story of kind `live`, some pinned as key updates. */
export type { LiveUpdate } from './live-blog.repo.ts';
export { liveBlogRoutes } from './live-blog.routes.ts';
export { createLiveBlogService, type LiveBlogService } from './live-blog.service.ts';
