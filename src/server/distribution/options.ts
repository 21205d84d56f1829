import type { Urls } from '../../shared/urls.ts';
import type { DistributionRepo } from './distribution.repo.ts';

/** What the feed and sitemap services are built from. */
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
