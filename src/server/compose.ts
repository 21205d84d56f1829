import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { createUrls } from '../shared/urls.ts';
import type { Config } from './config.ts';
import { createDatabase, type DatabaseHandle, type DatabaseOptions } from './db/database.ts';
import { createTransactor } from './db/transactor.ts';
import { deskRoutes, loadDesk } from './desk/desk.ts';
import { createDistribution } from './distribution/index.ts';
import type { EventEnvelope } from './domain/events.ts';
import { createLanguages } from './domain/languages.ts';
import { systemPrincipal } from './domain/principal.ts';
import { createEventBus, type Peers } from './events/event-bus.ts';
import { apiHeaders, buildApp, securityHeaders } from './http/app.ts';
import { collectSources, createMetrics, poolOf, startMetricsServer } from './http/metrics.ts';
import { createScheduler } from './jobs/scheduler.ts';
import { createSigner } from './lib/cookies.ts';
import { createLogger } from './lib/log.ts';
import { projectPath } from './lib/paths.ts';
import { createMailer } from './mail/mailer.ts';
import { apiKeysRoutes, createApiKeysService } from './modules/api-keys/index.ts';
import {
  articlesRoutes,
  createArticlesReader,
  createArticlesService,
  createTagsService,
  tagsRoutes,
} from './modules/articles/index.ts';
import { auditRoutes, createAuditService } from './modules/audit/index.ts';
import { authRoutes, createAuthService } from './modules/auth/index.ts';
import { authorsRoutes, createAuthorsService } from './modules/authors/index.ts';
import { correctionsRoutes, createCorrectionsService } from './modules/corrections/index.ts';
import { createFeedbackService, feedbackRoutes } from './modules/feedback/index.ts';
import { createImportsService, createLegacyUrls } from './modules/imports/index.ts';
import { createLiveBlogService, liveBlogRoutes } from './modules/live-blog/index.ts';
import { createMediaService, mediaRoutes } from './modules/media/index.ts';
import { createPagesService, pagesRoutes } from './modules/pages/index.ts';
import { createPollsService, pollsRoutes } from './modules/polls/index.ts';
import { createSectionsService, sectionsRoutes } from './modules/sections/index.ts';
import { createSeedService } from './modules/seed/index.ts';
import { createSettingsService, scriptOrigins, settingsRoutes } from './modules/settings/index.ts';
import { createUsersService, usersRoutes } from './modules/users/index.ts';
import { beaconHandler, createSalts, createViewsService, sqliteLog } from './modules/views/index.ts';
import { createDashboard } from './newsroom/dashboard.ts';
import { SITE_JS_LOADER } from './site/assets.ts';
import { tagsOf } from './site/cache-tags.ts';
import { createLive } from './site/live.ts';
import { PageCache } from './site/page-cache.ts';
import { previewRoutes } from './site/preview.routes.ts';
import { siteRoutes } from './site/site.routes.ts';
import { createSiteService } from './site/site.service.tsx';

export interface ComposeOptions {
  /** A database already open (tests share one per file); otherwise one is opened from config. */
  database?: DatabaseHandle;
  databaseOptions?: DatabaseOptions;
  now?: () => number;
  /** PostgreSQL NOTIFY channel for events between nodes (tests give each site its own). */
  changeChannel?: string;
  logger?: Logger;
  /** The other worker processes of this machine (cluster on SQLite): events reach them this way. */
  peers?: Peers;
  /**
   * A cluster worker: given this process's metrics, returns what `/metrics` answers (every
   * worker's, gathered through the primary).
   */
  aggregateMetrics?: (own: () => string) => () => Promise<string>;
}

const EVENTS_CHANNEL = 'shpalta_events';

/** Story ids an event names (the view counter forgets what it knew about them). */
function storyIds(envelopes: EventEnvelope[]): number[] {
  return envelopes.flatMap(({ event }) => ('story' in event ? [event.story.id] : []));
}

/**
 * The only place that picks adapters and wires services together. Everything the process
 * runs is built here, from configuration, and returned for main.ts to start.
 *
 * Events: the bus is made first and delivers nothing until `bus.start()` below, after every
 * subscriber is registered, so no event can reach a subscriber that does not exist yet,
 * whatever order the lines here are in.
 */
export async function compose(config: Config, opts: ComposeOptions = {}) {
  const database =
    opts.database ??
    createDatabase(config.databaseUrl, {
      connectTimeoutMs: config.dbConnectTimeoutMs,
      queryTimeoutMs: config.dbQueryTimeoutMs,
      ...opts.databaseOptions,
    });
  await database.migrate();
  const { db, helpers: dialect } = database;
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? createLogger({ level: config.logLevel, format: config.logFormat });
  const metrics = createMetrics();
  // In a cluster worker this also answers the primary's requests for this worker's figures.
  const metricsText = opts.aggregateMetrics ? opts.aggregateMetrics(metrics.render) : metrics.render;
  const eventLag = { local: metrics.eventLag.labels('local'), remote: metrics.eventLag.labels('remote') };
  const languages = createLanguages(config.languages);
  const urls = createUrls(config.languages);
  const channel = opts.changeChannel ?? EVENTS_CHANNEL;

  const bus = createEventBus({
    log: logger,
    now,
    onLag: (seconds, origin) => eventLag[origin].observe(seconds),
    ...(dialect.crossNode ? { listen: { url: config.databaseUrl, channel } } : {}),
    ...(opts.peers ? { peers: opts.peers } : {}),
  });
  const audit = createAuditService({ db });
  const transactor = createTransactor({
    db,
    now,
    origin: bus.origin,
    beforeCommit: async (tx, envelopes) => {
      await audit.record(tx, envelopes);
      for (const payload of bus.payloads(envelopes)) await dialect.notify(tx.db, channel, payload);
    },
    afterCommit: (envelopes) => bus.committed(envelopes),
  });

  const settings = createSettingsService({
    db,
    transactor,
    defaults: { googleNewsUrl: config.googleNewsUrl },
  });
  await settings.reload();
  const signer = createSigner(await settings.secret('cookie_secret'));
  const https = config.publicUrl.startsWith('https:');
  let pageHeaders = securityHeaders(SITE_JS_LOADER, scriptOrigins(settings.get().scripts), https);
  const cache = new PageCache({
    maxEntries: config.pageCacheMaxEntries,
    extraHeaders: pageHeaders,
    staleIfErrorMs: config.staleIfErrorHours * 3_600_000,
    isTransient: dialect.isUnavailable,
  });
  const sections = createSectionsService({ db, dialect, transactor, languages });
  const authors = createAuthorsService({ db, dialect, transactor, languages });
  const media = createMediaService({
    db,
    transactor,
    dataDir: config.dataDir,
    maxPixels: config.mediaMaxPixels,
  });
  const pages = createPagesService({ db, transactor, languages, media });
  const apiKeys = createApiKeysService({ db, transactor, envKey: config.adminApiKey, now });
  const users = createUsersService({
    db,
    dialect,
    transactor,
    publicUrl: config.publicUrl,
    siteName: config.siteName,
    sendMail: config.smtpUrl ? createMailer(config.smtpUrl, config.mailFrom) : null,
  });
  const auth = createAuthService({
    db,
    transactor,
    users,
    apiKeys,
    totpRequiredRoles: () => settings.get().totpRequiredRoles,
    secret: () => settings.secret('auth_address_salt'),
    policy: {
      idleMs: config.sessionIdleMs,
      maxMs: config.sessionMaxMs,
      maxFailures: config.loginMaxFailures,
      windowMs: config.loginWindowMs,
    },
    now,
    log: logger,
  });
  const polls = createPollsService({
    db,
    dialect,
    transactor,
    languages,
    votesPerAddressPerHour: config.pollVotesPerAddressPerHour,
    now,
  });
  // The reader shows view totals and the view counter asks for story states: each gets a function.
  const reader = createArticlesReader({
    db,
    dialect,
    authors,
    sections,
    media,
    viewTotals: (ids) => views.totals(ids),
  });
  const views = createViewsService({
    db,
    dialect,
    transactor,
    now,
    storyState: reader.storyState,
    existing: reader.existing,
    periodSecret: settings.periodSecret,
    perAddress: config.viewsPerAddress,
    ...(database.sqlite ? { log: sqliteLog(database.sqlite) } : {}),
    onError: (err) => logger.error({ err }, 'view flush failed'),
    onFlushed: () => dashboard.changed(),
  });
  const articles = createArticlesService({
    db,
    dialect,
    transactor,
    reader,
    authors,
    sections,
    media,
    languages,
    urls,
  });
  const tags = createTagsService({ db, dialect, transactor, languages });
  const liveBlog = createLiveBlogService({
    db,
    dialect,
    transactor,
    story: async (id) => {
      const d = await reader.detail(id);
      return d ? { language: d.language, kind: d.kind } : null;
    },
  });
  const feedback = createFeedbackService({
    db,
    transactor,
    now,
    story: async (id) => {
      const at = await reader.location(id);
      return at?.status === 'published' ? { language: at.language } : null;
    },
    stories: async (ids) =>
      new Map(
        (await reader.locations(ids)).map((s) => [
          s.id,
          { title: s.title, url: urls.article(s.language, s.id, s.slug), status: s.status },
        ]),
      ),
  });
  const corrections = createCorrectionsService({
    db,
    dialect,
    transactor,
    story: async (id) => {
      const at = await reader.location(id);
      return at ? { language: at.language, status: at.status } : null;
    },
  });
  const legacyUrls = createLegacyUrls({
    db,
    urls,
    languages: config.languages,
    sectionSlug: async (id) => (await sections.list()).find((x) => x.id === id)?.slug,
    authorSlug: async (id) => (await authors.all()).get(id)?.slug,
    storyUrl: async (id) => {
      const at = await reader.location(id);
      return at?.status === 'published' ? urls.article(at.language, at.id, at.slug) : null;
    },
    pageUrl: async (id) => {
      const page = await pages.byId(id);
      return page ? urls.page(page.language, page.slug) : null;
    },
  });
  const imports = createImportsService({
    db,
    languages,
    sections,
    authors,
    pages,
    media,
    polls,
    views,
    stories: {
      importStories: articles.importStories,
      validate: articles.validateImport,
      joinTranslations: articles.joinTranslations,
    },
    legacy: legacyUrls,
    wxr: {
      source: {
        authors: authors.list,
        sections: sections.list,
        tags: () => articles.allTags(),
        media: media.exportPage,
        stories: articles.exportPage,
        pages: pages.list,
      },
      urls,
      publicUrl: config.publicUrl,
      siteName: config.siteName,
      languages: config.languages,
      timeZone: config.timeZone,
    },
  });
  const distribution = createDistribution({
    sources: { reader, sections, authors, pages },
    cache,
    urls,
    languages: config.languages,
    now,
    mediaFile: media.file,
    publicUrl: config.publicUrl,
    siteName: config.siteName,
    timeZone: config.timeZone,
    hubUrl: config.websubHubUrl,
    websub: { onError: (err, topic) => logger.warn({ err, topic }, 'WebSub ping failed') },
  });
  const site = createSiteService({
    reader,
    sections,
    authors,
    pages,
    urls,
    siteName: config.siteName,
    publicUrl: config.publicUrl,
    languages: config.languages,
    timeZone: config.timeZone,
    settings,
    views,
    polls,
    corrections,
    liveBlog,
    signer,
    feedLinks: distribution.feedLinks,
    now,
  });
  const live = createLive({
    languages: config.languages,
    story: site.liveStory,
    update: site.liveUpdate,
    breaking: site.breakingNow,
    securityHeaders: () => pageHeaders,
    trustProxy: config.trustProxy,
    onError: (err) => logger.warn({ err }, 'live update failed'),
  });
  const dashboard = createDashboard({
    reader,
    views,
    sections,
    authors,
    languages,
    timeZone: config.timeZone,
    now,
  });
  const seed = createSeedService({
    sections,
    authors,
    media,
    pages,
    articles,
    polls,
    views,
    settings,
    languages,
    siteName: config.siteName,
    now,
  });
  const scheduler = createScheduler({
    publishDue: () => articles.publishDue(systemPrincipal('scheduler')),
    intervalMs: 5_000,
    onError: (err) => logger.warn({ err }, 'scheduled publishing pass failed'),
  });

  const applySettings = () => {
    pageHeaders = securityHeaders(SITE_JS_LOADER, scriptOrigins(settings.get().scripts), https);
    cache.setExtraHeaders(pageHeaders);
  };
  const reloadSettings = () =>
    settings
      .reload()
      .then(applySettings)
      .catch((err) => logger.error({ err }, 'settings reload failed'));

  // Every node: what it holds in memory follows the change.
  bus.subscribe({
    name: 'memory',
    everyNode: true,
    handle(envelopes) {
      const types = new Set(envelopes.map((e) => e.event.type));
      if (types.has('SectionChanged')) sections.invalidate();
      if (types.has('AuthorChanged')) authors.invalidate();
      if (types.has('UserChanged')) users.invalidate();
      const changedMedia = envelopes.flatMap((e) => (e.event.type === 'MediaChanged' ? [e.event.id] : []));
      if (changedMedia.length) media.forget(changedMedia);
      views.forget(storyIds(envelopes));
      // A change made here was reloaded by the use case itself; another node's must be read.
      const settingsChanged = envelopes.filter((e) => e.event.type === 'SettingsChanged');
      if (settingsChanged.some((e) => e.origin !== bus.origin)) return reloadSettings();
      if (settingsChanged.length) applySettings();
    },
    resync() {
      sections.invalidate();
      authors.invalidate();
      users.invalidate();
      media.forget();
      void reloadSettings();
    },
  });
  // Every node: the cached pages showing what changed.
  bus.subscribe({
    name: 'page-cache',
    everyNode: true,
    handle(envelopes) {
      const tags = [...new Set(envelopes.flatMap((e) => tagsOf(e.event)))];
      if (tags.includes('all')) site.invalidate();
      cache.purge(tags);
    },
    resync() {
      site.invalidate();
      cache.clear();
    },
  });
  // Every node: readers' open pages hear of new stories and of the breaking-news strip.
  bus.subscribe({ name: 'live', everyNode: true, handle: (envelopes) => live.handle(envelopes) });
  // Every node: open dashboards hear of new stories at once.
  bus.subscribe({
    name: 'dashboard',
    everyNode: true,
    handle(envelopes) {
      if (envelopes.some((e) => e.event.type === 'StoryPublished' || e.event.type === 'StoryUnpublished')) {
        dashboard.changed();
      }
    },
  });
  // The committing node only: pinging the hub from every node would ping once per node.
  bus.subscribe({
    name: 'websub',
    handle(envelopes) {
      distribution.changed([...new Set(envelopes.flatMap((e) => tagsOf(e.event)))]);
    },
  });
  // The committing node only: stories imported in bulk are indexed for search once the import
  // has paused for a second (an import is many batches: indexing alongside would slow it down).
  // The seeder's stories are indexed after it (at start, or by the seed command itself).
  let indexSoon: NodeJS.Timeout | null = null;
  let indexingAfterImport: Promise<unknown> = Promise.resolve();
  bus.subscribe({
    name: 'search',
    handle(envelopes) {
      const imported = envelopes.some(
        (e) => e.event.type === 'StoriesImported' && !(e.actor.kind === 'system' && e.actor.name === 'seed'),
      );
      if (!imported) return;
      if (indexSoon) clearTimeout(indexSoon);
      indexSoon = setTimeout(() => {
        indexSoon = null;
        indexingAfterImport = articles
          .indexSearch()
          .catch((err) => logger.error({ err }, 'search indexing failed; it runs again at next start'));
      }, 1000);
      indexSoon.unref();
    },
  });
  // The committing node only: an account that was deactivated, deleted, or given a password by
  // someone else (or by a reset link) is signed out everywhere, once.
  bus.subscribe({
    name: 'sessions',
    async handle(envelopes) {
      for (const { event, actor } of envelopes) {
        if (event.type !== 'UserChanged') continue;
        const byOwner = actor.kind === 'user' && actor.id === event.id;
        if (event.change === 'deactivated' || (event.change === 'password' && !byOwner)) {
          await auth.endOtherSessions(event.id);
        }
      }
    },
  });
  await bus.start();

  const pollSalts = createSalts(settings.periodSecret, now);

  const desk = await loadDesk(projectPath('dist/admin'), logger);

  const app: FastifyInstance = await buildApp({
    areas: [
      articlesRoutes(articles),
      tagsRoutes(tags),
      authorsRoutes(authors),
      sectionsRoutes(sections),
      pagesRoutes(pages),
      correctionsRoutes(corrections),
      liveBlogRoutes(liveBlog),
      feedbackRoutes({
        feedback,
        signer,
        salt: pollSalts.today,
        trustProxy: config.trustProxy,
        siteOrigin: new URL(config.publicUrl).origin,
        page: site.reportOutcome,
      }),
      mediaRoutes(media),
      pollsRoutes({
        polls,
        signer,
        salt: pollSalts.today,
        trustProxy: config.trustProxy,
        siteOrigin: new URL(config.publicUrl).origin,
        pollPage: async (id) => {
          const poll = await polls.get(id);
          const story = poll.articleId === null ? null : await site.articleLocation(poll.articleId);
          return story?.url ?? urls.home(poll.language);
        },
        secureCookies: config.publicUrl.startsWith('https:'),
        refusalPage: site.voteRefused,
      }),
      settingsRoutes(settings),
      apiKeysRoutes(apiKeys),
      auditRoutes(audit),
      usersRoutes(users),
      previewRoutes(site, () => pageHeaders),
      dashboard.routes(),
      authRoutes({
        auth,
        users,
        trustProxy: config.trustProxy,
        secureCookies: config.publicUrl.startsWith('https:'),
      }),
    ],
    authenticate: { key: auth.fromKey, session: auth.fromSession },
    siteOrigin: new URL(config.publicUrl).origin,
    cache,
    site: async (instance) => {
      deskRoutes(instance, desk);
      live.routes(instance);
      await siteRoutes(instance, {
        site,
        cache,
        urls,
        languages: config.languages,
        securityHeaders: () => pageHeaders,
        legacy: legacyUrls.locate,
      });
      await distribution.routes(instance);
    },
    // Ready when the database answers, within 3 s (a frozen one is not waited for).
    ready: async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), 3_000);
      });
      const asked = sql`select 1`.execute(db).then(() => true);
      return Promise.race([asked, late]).finally(() => clearTimeout(timer));
    },
    badUrlPage: async (url) => (await site.error(languages.orPrimary(url.split('/')[1]), 400)).html,
    trustProxy: config.trustProxy,
    logger,
    preRoute: [
      {
        route: '/v/:id',
        handle: beaconHandler(views, config.trustProxy, apiHeaders(https), (err) =>
          logger.error({ err }, 'beacon failed'),
        ),
      },
    ],
    metrics: metrics.http,
    ...(config.metricsToken
      ? {
          metricsEndpoint: {
            token: config.metricsToken,
            render: metricsText,
          },
        }
      : {}),
    pageHeaders: () => pageHeaders,
    https,
    isUnavailable: dialect.isUnavailable,
    failurePage: (url, status) => site.failure(languages.orPrimary(url.split('/')[1]?.split('?')[0]), status),
    requestTimeoutMs: config.requestTimeoutSeconds * 1000,
  });

  // Read at each scrape: what the page cache, views, votes and events count anyway.
  collectSources(metrics.registry, {
    cache,
    views,
    votes: polls,
    events: bus,
    ...(poolOf(database) ? { pool: () => poolOf(database) } : {}),
  });
  /** METRICS_PORT: its own small server (started with the background work, stopped by close()). */
  let metricsServer: Promise<(() => Promise<void>) | null> | null = null;
  const serveMetrics = () => {
    if (config.metricsPort === null) return Promise.resolve();
    metricsServer ??= startMetricsServer(config.metricsPort, config.metricsHost, metrics.render).then(
      (close) => {
        logger.info(`metrics served at http://${config.metricsHost}:${config.metricsPort}/metrics`);
        return close;
      },
      (err) => {
        logger.error({ err, port: config.metricsPort }, 'the metrics server could not start');
        return null;
      },
    );
    return metricsServer.then(() => {});
  };

  let upgrading: Promise<void> | null = null;

  return {
    app,
    database,
    db,
    cache,
    urls,
    bus,
    transactor,
    logger,
    distribution,
    services: {
      sections,
      authors,
      media,
      pages,
      apiKeys,
      users,
      auth,
      articles,
      tags,
      reader,
      audit,
      site,
      seed,
      views,
      polls,
      settings,
      imports,
      corrections,
      liveBlog,
      feedback,
    },
    scheduler,
    /** Readers' live updates (server-sent events): open streams, for metrics and the bench. */
    live,
    /**
     * Background work of a serving process: scheduled publishing, view flushing, and giving
     * bodies stored as HTML only (by an older version) their content document.
     */
    /**
     * Operations metrics: `render()` gives the exposition text; `serve()` starts the METRICS_PORT
     * server (start() does, except in a cluster worker: the port is the primary's to serve).
     */
    metrics: { render: metrics.render, registry: metrics.registry, serve: serveMetrics },
    start() {
      scheduler.start();
      views.start();
      if (!cluster.isWorker) void serveMetrics();
      upgrading = (async () => {
        const n = (await articles.upgradeContent()) + (await pages.upgradeContent());
        if (n) logger.info({ bodies: n }, 'story bodies converted to content documents');
        const indexed = await articles.indexSearch();
        if (indexed) logger.info({ stories: indexed }, 'stories indexed for search');
      })().catch((err) => logger.error({ err }, 'content upgrade failed; it runs again at next start'));
    },
    async close() {
      scheduler.stop();
      if (indexSoon) clearTimeout(indexSoon);
      dashboard.close();
      live.close();
      await app.close();
      await upgrading;
      await indexingAfterImport;
      // Every counted view reaches the database before it closes; queued hub pings go out.
      await views.stop();
      await bus.close();
      await distribution.flush();
      const stopMetrics = await metricsServer;
      await stopMetrics?.();
      metrics.close();
      if (!opts.database) await database.close();
    },
  };
}

export type Composed = Awaited<ReturnType<typeof compose>>;
