/**
 * Distribution: what aggregators, feed readers and search engines read. RSS, Atom and JSON
 * Feed per language, section and author; WebSub pings; sitemaps (streamed per month), the
 * Google News sitemap and robots.txt. See docs/adr/0004-feeds-and-sitemaps.md.
 */
import type { FastifyInstance } from 'fastify';
import type { Urls } from '../../shared/urls.ts';
import type { PageCache } from '../site/page-cache.ts';
import { createDistributionRepo, type DistributionSources } from './distribution.repo.ts';
import { distributionRoutes } from './distribution.routes.ts';
import { createDistributionService, type DistributionServiceOptions } from './distribution.service.ts';
import { createFeedLinks } from './distribution-urls.ts';
import { createWebSubPublisher, type WebSubOptions } from './websub.ts';

export { createDistributionRepo, type DistributionRepo } from './distribution.repo.ts';
export { type DistributionRoutesOptions, distributionRoutes } from './distribution.routes.ts';
export {
  createDistributionService,
  type DistributionService,
  type DistributionServiceOptions,
} from './distribution.service.ts';
export {
  createFeedLinks,
  FEED_FORMATS,
  type FeedFormat,
  type FeedLink,
  type FeedLinks,
  type FeedScope,
  feedPath,
  NEWS_SITEMAP_PATH,
  SITEMAP_INDEX_PATH,
} from './distribution-urls.ts';
export { createWebSubPublisher, type WebSubOptions, type WebSubPublisher } from './websub.ts';

export interface DistributionOptions
  extends Omit<DistributionServiceOptions, 'repo' | 'hubUrl' | 'mediaFile'> {
  /** The areas feeds and sitemaps read from. */
  sources: DistributionSources;
  cache: PageCache;
  /** `media.file` of the media service: a variant's file, made on first request. */
  mediaFile: DistributionServiceOptions['mediaFile'];
  /** WebSub hub (config `WEBSUB_HUB_URL`); null or absent: feeds name no hub and nothing is pinged. */
  hubUrl?: string | null;
  /** Tuning and test seams of the WebSub publisher (delay, retry, fetch, error reporting). */
  websub?: Omit<WebSubOptions, 'hubUrl'>;
}

/** What compose.ts wires in: the routes, the change hook, the head links and shutdown. */
export interface Distribution {
  service: ReturnType<typeof createDistributionService>;
  /** Registers every feed and sitemap route and robots.txt on the public site's instance. */
  routes(app: FastifyInstance): Promise<void>;
  /**
   * Call with the cache tags of every change made on this node (the same array given to
   * `publishChange`, before it goes on the change bus): the feeds it touches are pinged at
   * the hub. Never throws; lookups and pings run in the background.
   */
  changed(tags: string[]): void;
  /** `<link rel="alternate">` feed links for a page head: `feedLinks(language, kind, slug?, name?)`. */
  feedLinks: ReturnType<typeof createFeedLinks>;
  /** Sends queued pings and waits for them: call on shutdown (and in tests). */
  flush(): Promise<void>;
}

export function createDistribution(o: DistributionOptions): Distribution {
  const hubUrl = o.hubUrl ?? null;
  const service = createDistributionService({ ...o, repo: createDistributionRepo(o.sources), hubUrl });
  const websub = hubUrl ? createWebSubPublisher({ ...o.websub, hubUrl }) : null;
  const lookups = new Set<Promise<void>>();
  const urls: Urls = o.urls;
  return {
    service,
    routes: (app) =>
      distributionRoutes(app, {
        service,
        cache: o.cache,
        urls,
        languages: o.languages,
        publicUrl: o.publicUrl,
        hubUrl,
      }),
    changed(tags) {
      if (!websub) return;
      const lookup = service.feedUrlsFor(tags).then(
        (topics) => websub.notify(topics),
        (error: unknown) => o.websub?.onError?.(error, tags.join(' ')),
      );
      lookups.add(lookup);
      void lookup.finally(() => lookups.delete(lookup));
    },
    feedLinks: createFeedLinks({ urls, siteName: o.siteName }),
    async flush() {
      await Promise.all([...lookups]);
      await websub?.flush();
    },
  };
}
