import type { FastifyInstance } from 'fastify';
import { createUrls } from '../shared/urls.ts';
import type { Config } from './config.ts';
import { type ChangeBus, localChangeBus, postgresChangeBus } from './db/change-bus.ts';
import { createDatabase, type DatabaseHandle, type DatabaseOptions } from './db/database.ts';
import { createDistribution } from './distribution/index.ts';
import { buildApp, securityHeaders } from './http/app.ts';
import { createSigner } from './http/cookies.ts';
import { createScheduler, type Scheduler } from './jobs/scheduler.ts';
import { createApiKeysService } from './modules/api-keys/index.ts';
import { createArticlesRepo, createArticlesService } from './modules/articles/index.ts';
import { createAuthorsService } from './modules/authors/index.ts';
import type { PublishChange } from './modules/changes.ts';
import { createMediaService } from './modules/media/index.ts';
import { createPagesService } from './modules/pages/index.ts';
import { createPollsService, pollRoutes } from './modules/polls/index.ts';
import { createSectionsService } from './modules/sections/index.ts';
import { createSeedService } from './modules/seed/index.ts';
import { createSettingsService, scriptOrigins } from './modules/settings/index.ts';
import { beaconHandler, createSalts, createViewsRepo, createViewsService } from './modules/views/index.ts';
import { SITE_JS } from './site/assets.ts';
import { PageCache } from './site/page-cache.ts';
import { siteRoutes } from './site/site.routes.ts';
import { createSiteService } from './site/site.service.tsx';

export interface ComposeOptions {
  /** A database already open (tests share one per file); otherwise one is opened from config. */
  database?: DatabaseHandle;
  databaseOptions?: DatabaseOptions;
  now?: () => number;
  /** PostgreSQL NOTIFY channel for cache purges (tests give each site its own). */
  changeChannel?: string;
}

/**
 * The only place that picks adapters and wires services together. Everything the
 * process runs is built here, from configuration, and returned for main.ts to start.
 */
export async function compose(config: Config, opts: ComposeOptions = {}) {
  const database = opts.database ?? createDatabase(config.databaseUrl, opts.databaseOptions);
  await database.migrate();
  const { db } = database;
  const now = opts.now ?? Date.now;
  const urls = createUrls(config.languages);
  let pageHeaders = securityHeaders(SITE_JS);
  const cache = new PageCache({ maxEntries: config.pageCacheMaxEntries, extraHeaders: pageHeaders });
  const views = createViewsService({
    db,
    now,
    onError: (err) => app.log.error({ err }, 'view flush failed'),
  });
  const onChange = (tags: string[]) => {
    if (tags.includes('settings')) {
      // Another node (or this one) changed settings: reload them, then rebuild the CSP.
      settings
        .reload()
        .then((s) => {
          pageHeaders = securityHeaders(SITE_JS, scriptOrigins(s.scripts));
          cache.setExtraHeaders(pageHeaders);
        })
        .catch((err) => app.log.error({ err }, 'settings reload failed'));
    }
    if (tags.includes('all')) site.invalidate();
    cache.purge(tags);
    // Publication state may have changed: the beacon endpoint asks the database again.
    views.forget(tags.filter((t) => t.startsWith('article:')).map((t) => Number(t.slice(8))));
  };
  // Across nodes sharing PostgreSQL a change purges every node's cache (LISTEN/NOTIFY).
  const bus: ChangeBus =
    database.dialect === 'postgres'
      ? await postgresChangeBus(config.databaseUrl, onChange, {
          ...(opts.changeChannel ? { channel: opts.changeChannel } : {}),
        })
      : localChangeBus(onChange);
  // Local changes also ping the WebSub hub (only here: pinging from the bus would ping once per node).
  const publishChange: PublishChange = (tags) => {
    bus.publish(tags);
    distribution.changed(tags);
  };
  const languages = config.languages;

  const settings = createSettingsService({
    db,
    publishChange,
    defaults: { googleNewsUrl: config.googleNewsUrl },
  });
  pageHeaders = securityHeaders(SITE_JS, scriptOrigins((await settings.reload()).scripts));
  cache.setExtraHeaders(pageHeaders);
  const sections = createSectionsService({ db, languages, publishChange, now });
  const authors = createAuthorsService({ db, languages, publishChange, now });
  const media = createMediaService({ db, dataDir: config.dataDir, now });
  const distribution = createDistribution({
    db,
    cache,
    urls,
    languages,
    now,
    mediaFile: media.variantPath,
    publicUrl: config.publicUrl,
    siteName: config.siteName,
    timeZone: config.timeZone,
    hubUrl: config.websubHubUrl,
    websub: { onError: (err, topic) => app.log.warn({ err, topic }, 'WebSub ping failed') },
  });
  const pages = createPagesService({ db, languages, publishChange, now });
  const apiKeys = createApiKeysService({ db, envKey: config.adminApiKey, now });
  const repo = createArticlesRepo(db);
  const polls = createPollsService({
    db,
    languages,
    publishChange,
    votesPerAddressPerHour: config.pollVotesPerAddressPerHour,
    now,
  });
  const signer = await createSigner(db);
  const pollSalts = createSalts(db, now);
  const articles = createArticlesService({ db, repo, authors, languages, urls, publishChange, now });
  const site = createSiteService({
    repo,
    sections,
    authors,
    pages,
    urls,
    siteName: config.siteName,
    publicUrl: config.publicUrl,
    languages,
    timeZone: config.timeZone,
    settings,
    viewsRepo: createViewsRepo(db),
    polls,
    feedLinks: distribution.feedLinks,
    now,
  });
  const seed = createSeedService({
    db,
    sections,
    authors,
    media,
    pages,
    articles,
    languages,
    siteName: config.siteName,
    now,
  });
  const scheduler: Scheduler = createScheduler({ articles, intervalMs: 5_000 });

  const app: FastifyInstance = await buildApp({
    admin: { apiKeys, articles, authors, sections, pages, media, polls, settings },
    reader: (instance) =>
      pollRoutes(instance, {
        polls,
        signer,
        salt: pollSalts.today,
        trustProxy: config.trustProxy,
        secureCookies: config.publicUrl.startsWith('https:'),
        refusalPage: site.voteRefused,
      }),
    cache,
    site: async (instance) => {
      await siteRoutes(instance, { site, cache, media, urls, languages, securityHeaders: () => pageHeaders });
      await distribution.routes(instance);
    },
    ready: async () => {
      await db.selectFrom('sections').select('id').limit(1).execute();
      return true;
    },
    badUrlPage: async (url) => {
      const first = url.split('/')[1] ?? '';
      return (await site.error(languages.includes(first) ? first : languages[0]!, 400)).html;
    },
    trustProxy: config.trustProxy,
    logLevel: config.logLevel,
    preRoute: [beaconHandler(views, config.trustProxy, (err) => app.log.error({ err }, 'beacon failed'))],
  });

  return {
    app,
    database,
    db,
    cache,
    urls,
    distribution,
    services: {
      sections,
      authors,
      media,
      pages,
      apiKeys,
      articles,
      site,
      repo,
      seed,
      views,
      polls,
      settings,
    },
    scheduler,
    /** Background work of a serving process: scheduled publishing and view flushing. */
    start() {
      scheduler.start();
      views.start();
    },
    async close() {
      scheduler.stop();
      await app.close();
      // Every counted view reaches the database before it closes; queued hub pings go out.
      await views.stop();
      await distribution.flush();
      await bus.close();
      if (!opts.database) await database.close();
    },
  };
}

export type Composed = Awaited<ReturnType<typeof compose>>;
