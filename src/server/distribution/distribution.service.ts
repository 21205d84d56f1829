import { createFeedService } from './feed.service.ts';
import type { DistributionServiceOptions } from './options.ts';
import { createSitemapService } from './sitemap.service.ts';

export type { DistributionServiceOptions } from './options.ts';
export { XML_CONTENT_TYPE } from './sitemap.service.ts';

/**
 * Feeds, sitemaps and robots.txt. Functions return rendered documents with the cache tags of
 * what they show (null when there is no such document), or, for story sitemaps, a stream of
 * XML text; nothing here knows about HTTP.
 */
export function createDistributionService(o: DistributionServiceOptions) {
  return { ...createFeedService(o), ...createSitemapService(o) };
}

export type DistributionService = ReturnType<typeof createDistributionService>;
