import { startOfLocalDay } from '../../shared/dates.ts';
import { dictionary } from '../../shared/i18n.ts';
import {
  type Cursor,
  encodeCursor,
  encodeSearchCursor,
  type SearchCursor,
  type Urls,
} from '../../shared/urls.ts';
import type { FeedLink, FeedLinks } from '../distribution/index.ts';
import type { Signer } from '../lib/cookies.ts';
import type { ArticleDetail, ArticlesReader } from '../modules/articles/index.ts';
import type { AuthorsService } from '../modules/authors/index.ts';
import type { CorrectionsService } from '../modules/corrections/index.ts';
import type { LiveBlogService } from '../modules/live-blog/index.ts';
import { cropUrl } from '../modules/media/index.ts';
import type { PagesService } from '../modules/pages/index.ts';
import type { PollsService } from '../modules/polls/index.ts';
import { indexTerms, queryTerms, queryWords, snippet, words as wordsOf } from '../modules/search/index.ts';
import type { SectionsService } from '../modules/sections/index.ts';
import type { SettingsService } from '../modules/settings/index.ts';
import type { ViewsService } from '../modules/views/index.ts';
import { SITE_CSS, SITE_JS_LOADER } from './assets.ts';
import { tags } from './cache-tags.ts';
import { h } from './jsx.ts';
import type { RenderedPage } from './page-cache.ts';
import { ArticlePage } from './views/article.view.tsx';
import type { MostReadItem, ViewContext } from './views/context.ts';
import { CorrectionsPage } from './views/corrections.view.tsx';
import { HomePage } from './views/home.view.tsx';
import { ListFragment, ListPage, SearchPage } from './views/list.view.tsx';
import { LiveUpdateRow } from './views/live-blog.view.tsx';
import { ErrorView, MessageView, StaticPageView } from './views/misc.view.tsx';
import { FeedRow, nextCursor } from './views/parts.view.tsx';
import { collectionPage, profilePage } from './views/structured-data.ts';

/** What a reader may narrow a search to (slugs and `YYYY-MM-DD` dates, checked by the route). */
export interface SearchFilters {
  /** A configured language, or `all`; the page's own when absent. */
  language?: string;
  section?: string;
  author?: string;
  from?: string;
  to?: string;
}

/** Rows in the latest-news column and per page of the latest feed. */
export const LATEST_PAGE_SIZE = 40;
/** Stories per page on section, tag and author pages. */
export const LIST_PAGE_SIZE = 20;
const TOP_STORIES = 5;
const MOST_READ = 8;
/** View counts on pages may be this old (ms); pages showing them are re-rendered after. */
export const COUNTS_MAX_AGE_MS = 30_000;
const BLOCK_SIZE = 5;

export interface SiteServiceOptions {
  reader: ArticlesReader;
  sections: SectionsService;
  authors: AuthorsService;
  pages: PagesService;
  urls: Urls;
  siteName: string;
  publicUrl: string;
  languages: string[];
  timeZone: string;
  settings: SettingsService;
  views: ViewsService;
  polls: PollsService;
  corrections: Pick<CorrectionsService, 'ofArticle' | 'latest'>;
  liveBlog: Pick<LiveBlogService, 'ofArticle' | 'find'>;
  /** Signs the time on a story's error report form. */
  signer: Pick<Signer, 'signAs'>;
  feedLinks: FeedLinks;
  now?: () => number;
}

export type ListKind = 'latest' | 'section' | 'tag' | 'author';

/**
 * Renders public pages. Each function returns the page with the cache tags of what it
 * shows, or null when there is no such page (the caller answers 404). No function here
 * knows about HTTP.
 */
/** Stories of the same section shown below a story. */
const MORE_FROM_SECTION = 6;

export function createSiteService(o: SiteServiceOptions) {
  const now = o.now ?? Date.now;
  const repo = o.reader;
  /** "Most read" per language; counts on pages may be COUNTS_MAX_AGE_MS old anyway. */
  const mostReadMemo = new Map<string, { at: number; items: Promise<MostReadItem[]> }>();

  /** The most viewed published stories of a language over 24 hours. */
  async function mostRead(language: string, t: number): Promise<MostReadItem[]> {
    // Unpublished stories keep their counts: ask for more than shown and drop those.
    const top = await o.views.top(language, MOST_READ * 2, t);
    const recent = new Map(top.map((x) => [x.articleId, x.recent]));
    // Sponsored content is never ranked among what readers chose to read.
    const rows = (await repo.published(top.map((x) => x.articleId))).filter((r) => r.kind !== 'sponsored');
    return rows.slice(0, MOST_READ).map((r) => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      source: r.source,
      publishedAt: r.publishedAt,
      recentViews: recent.get(r.id) ?? 0,
      kind: r.kind,
    }));
  }

  function mostReadFor(language: string, t: number): Promise<MostReadItem[]> {
    const hit = mostReadMemo.get(language);
    if (hit && t - hit.at < COUNTS_MAX_AGE_MS && t >= hit.at) return hit.items;
    const items = mostRead(language, t);
    mostReadMemo.set(language, { at: t, items });
    items.catch(() => mostReadMemo.delete(language));
    return items;
  }

  async function context(language: string): Promise<ViewContext> {
    return contextWith(language, await o.sections.list());
  }

  /** What every view needs, with the sections of the menu given. */
  function contextWith(language: string, sections: ViewContext['sections']): ViewContext {
    return {
      siteName: o.siteName,
      publicUrl: o.publicUrl,
      language,
      languages: o.languages,
      dict: dictionary(language),
      urls: o.urls,
      sections,
      timeZone: o.timeZone,
      googleNewsUrl: o.settings.get().googleNewsUrl,
      scripts: o.settings.get().scripts,
      now: now(),
      feedLinks: o.feedLinks,
      css: SITE_CSS,
      js: SITE_JS_LOADER,
    };
  }

  /** Day labels ("Today") are right until the next local midnight; view counts for 30 s. */
  function freshUntil(t: number): number {
    return Math.min(
      t + COUNTS_MAX_AGE_MS,
      startOfLocalDay(startOfLocalDay(t, o.timeZone) + 36 * 3600_000, o.timeZone),
    );
  }

  /**
   * A story page. `votedPoll` renders the variant a reader without JavaScript lands on
   * after voting: results shown, fresh counts, never cached.
   */
  async function article(language: string, id: number, votedPoll?: number): Promise<RenderedPage | null> {
    const a = await repo.detail(id);
    if (a?.status !== 'published' || a.language !== language) return null;
    return articlePage(a, votedPoll);
  }

  /** The page of a story whatever its status, exactly as readers will see it (the desk's preview). */
  async function preview(id: number): Promise<string | null> {
    const a = await repo.detail(id);
    return a ? (await articlePage(a)).html : null;
  }

  async function articlePage(a: ArticleDetail, votedPoll?: number): Promise<RenderedPage> {
    const language = a.language;
    const ctx = await context(language);
    const [latest, mostRead, poll, corrections, updates] = await Promise.all([
      repo.list({ language, limit: LATEST_PAGE_SIZE }),
      mostReadFor(language, ctx.now),
      o.polls.forPage(language, a.id),
      o.corrections.ofArticle(a.id),
      a.kind === 'live' ? o.liveBlog.ofArticle(a.id) : Promise.resolve([]),
    ]);
    // More from the section fills the column beside a short story, and keeps readers reading.
    // The section's newest stories are usually among the latest ones already read: asked for
    // only when too few of them are.
    const fromLatest = latest.filter((s) => s.sectionId === a.section.id && s.id !== a.id);
    const sectionStories = (
      fromLatest.length >= MORE_FROM_SECTION / 2
        ? fromLatest
        : (await repo.list({ language, limit: MORE_FROM_SECTION + 1, sectionId: a.section.id })).filter(
            (s) => s.id !== a.id,
          )
    ).slice(0, MORE_FROM_SECTION);
    const html = ArticlePage({
      ctx,
      article: a,
      latest,
      latestPageSize: LATEST_PAGE_SIZE,
      mostRead,
      poll,
      votedPoll: poll && poll.id === votedPoll ? poll.id : null,
      corrections,
      updates,
      reportToken: o.signer.signAs('feedback', String(ctx.now)),
      sectionStories,
    }).value;
    return {
      status: 200,
      html,
      tags: [
        tags.article(a.id),
        tags.group(a.groupId),
        tags.latest(language),
        tags.author(a.author.id),
        tags.section(a.section.id),
        ...a.tags.map((x) => tags.tag(x.id)),
        tags.polls(language),
        ...(poll ? [tags.poll(poll.id)] : []),
        ...(a.hero ? [tags.media(a.hero.mediaId)] : []),
      ],
      expiresAt: freshUntil(ctx.now),
    };
  }

  /** Where a story lives now (for redirects from old slugs), or null. */
  async function articleLocation(id: number): Promise<{ language: string; url: string } | null> {
    // Asked on every uncached story request: one row, not the whole page's data.
    const a = await repo.location(id);
    if (a?.status !== 'published') return null;
    return { language: a.language, url: o.urls.article(a.language, a.id, a.slug) };
  }

  async function home(language: string): Promise<RenderedPage> {
    const ctx = await context(language);
    const [top, latest, mostRead, poll, blocks] = await Promise.all([
      repo.pinned(language, TOP_STORIES),
      repo.list({ language, limit: LATEST_PAGE_SIZE }),
      mostReadFor(language, ctx.now),
      o.polls.forPage(language, null),
      Promise.all(
        ctx.sections.map(async (section) => ({
          section,
          items: await repo.list({ language, limit: BLOCK_SIZE, sectionId: section.id }),
        })),
      ),
    ]);
    const html = HomePage({
      ctx,
      top,
      latest,
      latestPageSize: LATEST_PAGE_SIZE,
      mostRead,
      poll,
      blocks,
    }).value;
    return {
      status: 200,
      html,
      tags: [
        tags.home(language),
        tags.latest(language),
        tags.polls(language),
        ...(poll ? [tags.poll(poll.id)] : []),
      ],
      expiresAt: freshUntil(ctx.now),
    };
  }

  interface ListSpec {
    title: string;
    kind: 'feed' | 'stories';
    tag: string;
    query: { sectionId?: number; authorId?: number; tagId?: number };
    url: (cursor?: string) => string;
    intro?: JSX.Element;
    activeSection?: string;
    alternates?: { language: string; href: string }[];
    jsonLd?: unknown[];
    feeds?: FeedLink[];
    live?: { rows: true } | { section: number };
  }

  async function listSpec(
    kind: ListKind,
    language: string,
    slug: string,
    ctx: ViewContext,
  ): Promise<ListSpec | null> {
    const { urls, dict } = ctx;
    switch (kind) {
      case 'latest':
        return {
          title: dict.latestNews,
          kind: 'feed',
          tag: tags.latest(language),
          query: {},
          url: (c) => urls.latest(language, c),
          alternates: o.languages.map((l) => ({ language: l, href: urls.latest(l) })),
          live: { rows: true },
        };
      case 'section': {
        const s = ctx.sections.find((x) => x.slug === slug);
        if (!s) return null;
        const description = s.descriptions[language];
        return {
          title: s.names[language] ?? s.slug,
          kind: 'stories',
          tag: tags.section(s.id),
          query: { sectionId: s.id },
          url: (c) => urls.section(language, s.slug, c),
          activeSection: s.slug,
          live: { section: s.id },
          intro: description ? <p class="lead">{description}</p> : undefined,
          jsonLd: [
            collectionPage(ctx, s.names[language] ?? s.slug, urls.section(language, s.slug), description),
          ],
          alternates: o.languages.map((l) => ({ language: l, href: urls.section(l, s.slug) })),
        };
      }
      case 'tag': {
        const t = await repo.tagBySlug(language, slug);
        if (!t) return null;
        return {
          title: `${dict.storiesTagged}: ${t.name}`,
          kind: 'stories',
          tag: tags.tag(t.id),
          query: { tagId: t.id },
          url: (c) => urls.tag(language, t.slug, c),
          jsonLd: [collectionPage(ctx, t.name, urls.tag(language, t.slug))],
        };
      }
      case 'author': {
        const a = await o.authors.bySlug(slug);
        if (!a) return null;
        const name = a.names[language] ?? Object.values(a.names)[0] ?? a.slug;
        const bio = a.bios[language] ?? '';
        const initials = name
          .split(/\s+/)
          .map((w) => w[0] ?? '')
          .join('')
          .slice(0, 2);
        return {
          title: name,
          kind: 'stories',
          tag: tags.author(a.id),
          query: { authorId: a.id },
          url: (c) => urls.author(language, a.slug, c),
          intro: (
            <div class="profile">
              {a.photoMediaId !== null ? (
                <img
                  class="avatar"
                  src={cropUrl(a.photoMediaId, '1x1')}
                  width="96"
                  height="96"
                  alt={name}
                  loading="lazy"
                />
              ) : (
                <div class="avatar" aria-hidden="true">
                  {initials}
                </div>
              )}
              <div class="prose">
                {a.jobTitles[language] ? <p class="job-title">{a.jobTitles[language]}</p> : null}
                {bio ? <p>{bio}</p> : null}
                {a.expertise[language]?.length ? (
                  <p>
                    {dict.writesAbout}: {a.expertise[language]!.join(', ')}
                  </p>
                ) : null}
                {a.email || a.sameAs.length ? (
                  <ul class="author-links">
                    {a.email ? (
                      <li>
                        <a href={`mailto:${a.email}`}>{dict.contactAuthor}</a>
                      </li>
                    ) : null}
                    {a.sameAs.map((href) => (
                      <li>
                        <a href={href} rel="me noopener">
                          {new URL(href).hostname.replace(/^www\./, '')}
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : null}
                <h2>{dict.storiesBy}</h2>
              </div>
            </div>
          ),
          alternates: o.languages
            .filter((l) => a.names[l])
            .map((l) => ({ language: l, href: urls.author(l, a.slug) })),
          jsonLd: [profilePage(ctx, a)],
          feeds: o.feedLinks(language, 'author', a.slug, name),
        };
      }
    }
  }

  async function list(
    kind: ListKind,
    language: string,
    slug: string,
    after: Cursor | null,
    partial: boolean,
  ): Promise<RenderedPage | null> {
    const ctx = await context(language);
    const spec = await listSpec(kind, language, slug, ctx);
    if (!spec) return null;
    const pageSize = spec.kind === 'feed' ? LATEST_PAGE_SIZE : LIST_PAGE_SIZE;
    const items = await repo.list({ language, limit: pageSize, before: after, ...spec.query });
    const cursor = nextCursor(items, pageSize);
    const moreHref = cursor ? spec.url(cursor) : null;
    const html = partial
      ? ListFragment({ ctx, items, kind: spec.kind, after, moreHref }).value
      : ListPage({
          ctx,
          title: spec.title,
          intro: spec.intro,
          items,
          kind: spec.kind,
          after,
          moreHref,
          canonical: spec.url(after ? encodeCursor(after) : undefined),
          alternates: after ? undefined : spec.alternates,
          activeSection: spec.activeSection,
          jsonLd: spec.jsonLd,
          feeds: after ? undefined : spec.feeds,
          live: after ? undefined : spec.live,
        }).value;
    return {
      status: 200,
      html,
      tags: [spec.tag, tags.latest(language)],
      expiresAt: freshUntil(ctx.now),
    };
  }

  async function staticPage(language: string, slug: string): Promise<RenderedPage | null> {
    const page = await o.pages.bySlug(language, slug);
    if (!page) return null;
    const ctx = await context(language);
    const versions = await o.pages.versions(page.key);
    const alternates = versions.map((v) => ({ language: v.language, href: o.urls.page(v.language, v.slug) }));
    return {
      status: 200,
      html: StaticPageView({ ctx, page, alternates }).value,
      tags: [tags.page(page.key)],
    };
  }

  /**
   * What open pages are sent when a story is published (live updates): its row of the latest
   * list, rendered as the list renders it. Null when it is not published.
   */
  async function liveStory(id: number): Promise<{ language: string; sectionId: number; row: string } | null> {
    const [item] = await repo.publishedItems([id]);
    if (!item) return null;
    const ctx = await context(item.language);
    return { language: item.language, sectionId: item.sectionId, row: FeedRow({ ctx, item }).value };
  }

  /** A live blog's update as open pages insert it, or null when it is gone. */
  async function liveUpdate(id: number): Promise<{ articleId: number; row: string } | null> {
    const u = await o.liveBlog.find(id);
    if (!u) return null;
    const a = await repo.location(u.articleId);
    if (a?.status !== 'published') return null;
    const ctx = await context(a.language);
    return { articleId: u.articleId, row: LiveUpdateRow({ ctx, update: u }).value };
  }

  /** The breaking-news strip of a language: the newest story flagged as breaking, or null. */
  async function breakingNow(language: string): Promise<{ id: number; title: string; url: string } | null> {
    const b = await repo.breaking(language);
    return b ? { id: b.id, title: b.title, url: o.urls.article(b.language, b.id, b.slug) } : null;
  }

  /** Every correction of a language's published stories, newest first; `before`: a correction id. */
  async function correctionsPage(language: string, before: number | null): Promise<RenderedPage> {
    const ctx = await context(language);
    const PAGE = 50;
    const found = await o.corrections.latest(language, before, PAGE);
    const stories = new Map(
      (await repo.published([...new Set(found.map((c) => c.articleId))])).map((r) => [r.id, r]),
    );
    const items = found.flatMap((c) => {
      const s = stories.get(c.articleId);
      return s
        ? [{ correction: c, story: { title: s.title, url: o.urls.article(s.language, s.id, s.slug) } }]
        : [];
    });
    const last = found[found.length - 1];
    const next =
      found.length === PAGE && last ? `${o.urls.prefix(language)}/corrections?before=${last.id}` : null;
    return {
      status: 200,
      html: CorrectionsPage({ ctx, items, next }).value,
      tags: [tags.corrections(language), ...items.map((i) => tags.article(i.correction.articleId))],
      expiresAt: freshUntil(ctx.now),
    };
  }

  async function error(language: string, status: 404 | 400): Promise<RenderedPage> {
    const ctx = await context(language);
    const latest = await repo.list({ language, limit: 10 });
    return {
      status,
      html: ErrorView({ ctx, status, latest }).value,
      tags: [tags.latest(language)],
      expiresAt: freshUntil(ctx.now),
      cacheable: true,
    };
  }

  const termsForMarking = (word: string, language: string) =>
    indexTerms(word, language === 'ru' ? 'ru' : 'uk');

  /**
   * The filters as ids and times; null when a section or author named does not exist (no
   * story can match). Dates are days in the site's time zone, both ends included.
   */
  async function searchScope(
    f: SearchFilters,
  ): Promise<{ sectionId?: number; authorId?: number; from?: number; to?: number } | null> {
    const out: { sectionId?: number; authorId?: number; from?: number; to?: number } = {};
    if (f.section) {
      const s = (await o.sections.list()).find((x) => x.slug === f.section);
      if (!s) return null;
      out.sectionId = s.id;
    }
    if (f.author) {
      const a = await o.authors.bySlug(f.author);
      if (!a) return null;
      out.authorId = a.id;
    }
    const day = (d: string, plus: number) => {
      const [y, m, dd] = d.split('-').map(Number) as [number, number, number];
      return startOfLocalDay(Date.UTC(y, m - 1, dd + plus, 12), o.timeZone);
    };
    if (f.from) out.from = day(f.from, 0);
    if (f.to) out.to = day(f.to, 1);
    return out;
  }

  /** Search results (not cached: every query is different; a CDN may keep them briefly). */
  async function search(
    language: string,
    query: string,
    after: SearchCursor | null,
    partial: boolean,
    filters: SearchFilters = {},
  ): Promise<string> {
    const ctx = await context(language);
    const words = queryWords(query);
    const scope = await searchScope(filters);
    const { items, last } =
      words.length && scope
        ? await repo.search({
            languages:
              filters.language === 'all'
                ? [...o.languages]
                : [filters.language && o.languages.includes(filters.language) ? filters.language : language],
            query,
            before: after,
            limit: LIST_PAGE_SIZE,
            ...scope,
          })
        : { items: [], last: null };
    const params = new URLSearchParams({ q: query });
    for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
    const moreHref =
      last && items.length === LIST_PAGE_SIZE
        ? `${o.urls.search(language)}?${params.toString().replace(/\+/g, '%20')}&before=${encodeSearchCursor(last)}`
        : null;
    // A word of a lead is marked when one of its terms is one of the query's.
    const wanted = new Set(words.flatMap((w) => queryTerms(w, ['uk', 'ru'])));
    const matches = (word: string) => termsForMarking(word, language).some((t) => wanted.has(t));
    // Found by its text, not its lead: a passage of the text around the word shows why.
    const quiet = items.filter((it) => !wordsOf(it.lead).some(matches) && !wordsOf(it.title).some(matches));
    const texts = await repo.bodyTexts(quiet.map((it) => it.id));
    const snippets = new Map<number, string>();
    for (const it of quiet) {
      const s = snippet(texts.get(it.id) ?? '', matches);
      if (s) snippets.set(it.id, s);
    }
    return SearchPage({ ctx, query, items, moreHref, partial, matches, snippets, filters }).value;
  }

  /**
   * The page for a request that failed on our side: 503 while the database cannot be asked,
   * 500 otherwise. Made without the database (the menu only if it is in memory already).
   */
  async function failure(language: string, status: 500 | 503): Promise<string> {
    const lang = o.languages.includes(language) ? language : o.languages[0]!;
    const sections = await Promise.race([
      o.sections.list().catch(() => []),
      new Promise<[]>((resolve) => setImmediate(() => resolve([]))),
    ]);
    const ctx = contextWith(lang, sections);
    const { dict } = ctx;
    const [title, text] =
      status === 503 ? [dict.unavailableTitle, dict.unavailableText] : [dict.errorTitle, dict.errorText];
    return MessageView({ ctx, title, text, back: o.urls.home(lang), status }).value;
  }

  /** The page a refused vote (without JavaScript) gets: why, and the way back. */
  /** What a reader sees after sending an error report: thanks, or why it was not taken. */
  async function reportOutcome(
    articleId: number,
    outcome: { status: number; code: string | null },
  ): Promise<string> {
    const at = articleId > 0 ? await repo.location(articleId) : undefined;
    const language = at?.language ?? o.languages[0]!;
    const ctx = await context(language);
    const back =
      at?.status === 'published' ? o.urls.article(at.language, at.id, at.slug) : o.urls.home(language);
    const r = ctx.dict.report;
    return outcome.code === null
      ? MessageView({ ctx, title: r.thanksTitle, text: r.thanksText, back, status: 200 }).value
      : MessageView({
          ctx,
          title: r.refusedTitle,
          text: r.refusals[outcome.code] ?? r.general,
          back,
          status: outcome.status,
        }).value;
  }

  async function voteRefused(language: string, status: number, code: string, back: string): Promise<string> {
    const lang = o.languages.includes(language) ? language : o.languages[0]!;
    const ctx = await context(lang);
    const text = ctx.dict.refusals[code] ?? ctx.dict.badRequestText;
    return MessageView({ ctx, title: ctx.dict.voteRefused, text, back, status }).value;
  }

  /** Where a list page known by an old address is now (a renamed or merged tag), or null. */
  async function moved(kind: ListKind, language: string, slug: string): Promise<string | null> {
    if (kind !== 'tag') return null;
    const t = await repo.tagAlias(language, slug);
    return t ? o.urls.tag(language, t.slug) : null;
  }

  /** Forget memoised site-wide data ("most read") after a site-wide change. */
  function invalidate(): void {
    mostReadMemo.clear();
  }

  return {
    article,
    preview,
    articleLocation,
    breakingNow,
    correctionsPage,
    liveStory,
    liveUpdate,
    reportOutcome,
    home,
    list,
    moved,
    staticPage,
    error,
    voteRefused,
    failure,
    search,
    invalidate,
  };
}

export type SiteService = ReturnType<typeof createSiteService>;
