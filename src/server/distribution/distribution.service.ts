import type { Urls } from '../../shared/urls.ts';
import type { DistributionRepo } from './distribution.repo.ts';
import { createFeedService } from './feed.service.ts';
import { createSitemapService } from './sitemap.service.ts';

export { XML_CONTENT_TYPE } from './sitemap.service.ts';

export interface DistributionServiceOptions {
  repo: DistributionRepo;
  urls: Urls;
  languages: string[];
  /** Origin without a trailing slash (PUBLIC_URL). */
  publicUrl: string;
  siteName: string;
  timeZone: string;
  /** WebSub hub the feeds name, or null for none. */
  hubUrl: string | null;
  /** The file of a media variant, made if need be (`media.file`): enclosure lengths are read from disk. */
  mediaFile: (mediaId: number, file: string) => Promise<string | null>;
  now?: () => number;
  /** Stories per feed. */
  feedSize?: number;
  /** URLs per story sitemap file (the protocol's 50 000 unless a test needs otherwise). */
  maxUrlsPerSitemap?: number;
  maxUrlsPerNewsSitemap?: number;
  /** Rows read per query while streaming a sitemap. */
  batchSize?: number;
  /** How far back the Google News sitemap reaches (Google: two days). */
  newsWindowMs?: number;
}

/**
 * Feeds, sitemaps and robots.txt. Functions return rendered documents with the cache tags of
 * what they show (null when there is no such document), or, for story sitemaps, a stream of
 * XML text; nothing here knows about HTTP.
 */
export function createDistributionService(o: DistributionServiceOptions) {
  return { ...createFeedService(o), ...createSitemapService(o) };
}

export type DistributionService = ReturnType<typeof createDistributionService>;
