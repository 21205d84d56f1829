import type { DemoNewsroom, DemoStory } from '../../demo/generate.ts';
import type { Languages } from '../../domain/languages.ts';
import { systemPrincipal } from '../../domain/principal.ts';
import type { ArticlesService, ImportedStory } from '../articles/index.ts';
import type { AuthorsService } from '../authors/index.ts';
import type { MediaService } from '../media/index.ts';
import type { PagesService } from '../pages/index.ts';
import type { PollsService } from '../polls/index.ts';
import type { SectionsService } from '../sections/index.ts';
import type { SettingsService } from '../settings/index.ts';
import type { ViewsService } from '../views/index.ts';

export interface SeedServiceOptions {
  sections: SectionsService;
  authors: AuthorsService;
  media: MediaService;
  pages: PagesService;
  articles: ArticlesService;
  polls: PollsService;
  views: ViewsService;
  /** The demo shows every part of the seed page: a Google News link too, when none is set. */
  settings: Pick<SettingsService, 'get' | 'update'>;
  languages: Languages;
  siteName: string;
  now?: () => number;
}

export type Progress = (done: number, total: number) => void;

/** 700 stories over 14 days: about three an hour in the daytime, as a national newsroom publishes. */
export const DEMO_STORIES = 700;
/** Stories per import transaction. */
const BATCH = 250;

/** The word banks are only loaded when seeding, never by a serving process that does not seed. */
const loadDemo = () => import('../../demo/generate.ts');

interface Frame {
  sectionIds: Map<string, number>;
  authorIds: Map<string, number>;
  imageIds: Map<string, number>;
}

/**
 * Fills a site with the generated demo newsroom (our own text, see src/server/demo). Every
 * row is written by the same use cases an editor's requests go through (sections, authors,
 * pages, media, the story import, polls and their votes, imported view counts), acting as
 * the system principal `seed`.
 */
export function createSeedService(o: SeedServiceOptions) {
  const now = o.now ?? Date.now;
  const seed = systemPrincipal('seed');
  const languages = o.languages.list;

  async function isEmpty(): Promise<boolean> {
    return (await o.sections.list()).length === 0;
  }

  /** Sections, authors, pages and images; returns the lookup maps the stories need. */
  async function seedFrame(demo: DemoNewsroom, onProgress?: Progress): Promise<Frame> {
    const { DEMO_IMAGE_SIZE, renderDemoImage } = await import('../../demo/images.ts');
    const sectionIds = new Map<string, number>();
    for (const s of demo.sections) {
      const created = await o.sections.create(seed, {
        slug: s.slug,
        names: pick(s.names, languages),
        position: s.position,
      });
      sectionIds.set(s.slug, created.id);
    }
    const authorIds = new Map<string, number>();
    for (const a of demo.authors) {
      const created = await o.authors.create(seed, {
        slug: a.slug,
        names: pick(a.names, languages),
        bios: pick(a.bios, languages),
      });
      authorIds.set(a.key, created.id);
    }
    for (const p of demo.pages) {
      for (const v of p.versions) {
        if (!o.languages.has(v.language)) continue;
        await o.pages.upsert(seed, {
          key: p.key,
          language: v.language,
          slug: p.slug,
          title: v.title,
          body: v.bodyHtml,
        });
      }
    }
    const imageIds = new Map<string, number>();
    // Two pictures at a time: resizing runs on libvips threads, so both cores stay busy.
    const queue = [...demo.imageKeys];
    const worker = async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
        const png = await renderDemoImage(key, DEMO_IMAGE_SIZE.width, DEMO_IMAGE_SIZE.height);
        const item = await o.media.add(seed, png, {
          credit: `${o.siteName} / ілюстрація`,
          credits: { ru: `${o.siteName} / иллюстрация` },
        });
        imageIds.set(key, item.id);
        onProgress?.(imageIds.size, demo.imageKeys.length);
      }
    };
    await Promise.all([worker(), worker()]);
    return { sectionIds, authorIds, imageIds };
  }

  /** One demo story's versions as import items; the first version is the original. */
  function itemsOf(
    story: DemoStory,
    frame: Frame,
    authorId: number,
    mediaId: number | undefined,
    base: number,
  ) {
    const items: ImportedStory[] = [];
    for (const v of story.versions) {
      if (!o.languages.has(v.language)) continue;
      items.push({
        language: v.language,
        title: v.title,
        source: v.source,
        lead: v.lead,
        body: v.bodyHtml,
        section: frame.sectionIds.has(story.section) ? story.section : frame.sectionIds.keys().next().value!,
        tags: v.tags,
        authorId,
        status: 'published',
        publishedAt: story.publishedAt,
        ...(items.length ? { translationOfIndex: base } : {}),
        heroImage: mediaId ? { mediaId, alt: v.imageAlt, caption: v.imageCaption } : null,
        pinned: story.pinned ? 1 : 0,
      });
    }
    return items;
  }

  /** Imports stories in batches; returns the ids of every story's versions, in order. */
  async function importAll(
    stories: Iterable<DemoStory>,
    total: number,
    toItems: (s: DemoStory, n: number, base: number) => ImportedStory[],
    onProgress?: Progress,
    collect = true,
  ): Promise<Map<string, number[]>> {
    const idsByKey = new Map<string, number[]>();
    let batch: ImportedStory[] = [];
    let owners: { key: string; count: number }[] = [];
    let done = 0;
    const flush = async () => {
      if (!batch.length) return;
      const ids = await o.articles.importStories(seed, batch);
      let at = 0;
      for (const { key, count } of owners) {
        if (collect) idsByKey.set(key, ids.slice(at, at + count));
        at += count;
      }
      done += owners.length;
      batch = [];
      owners = [];
      onProgress?.(done, total);
    };
    let n = 0;
    for (const story of stories) {
      const items = toItems(story, n++, batch.length);
      batch.push(...items);
      owners.push({ key: story.key, count: items.length });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    return idsByKey;
  }

  async function seedDemo(
    opts: { stories?: number; onProgress?: Progress } = {},
  ): Promise<{ stories: number }> {
    const { generateDemoNewsroom } = await loadDemo();
    const t = now();
    const demo = generateDemoNewsroom({
      stories: opts.stories ?? DEMO_STORIES,
      now: t,
      siteName: o.siteName,
    });
    const frame = await seedFrame(demo);
    const ids = await importAll(
      demo.stories,
      demo.stories.length,
      (s, _n, base) =>
        itemsOf(s, frame, frame.authorIds.get(s.authorKey)!, frame.imageIds.get(s.imageKey), base),
      opts.onProgress,
    );
    await seedViews(demo.stories, ids, t);
    await seedPolls(demo, ids, t);
    if (!o.settings.get().googleNewsUrl) {
      // A demo value: a search for the site on Google News (set the real publication in settings).
      await o.settings.update(systemPrincipal('seed'), {
        googleNewsUrl: `https://news.google.com/search?q=${encodeURIComponent(o.siteName)}`,
      });
    }
    return { stories: demo.stories.length };
  }

  /**
   * Readers the demo stories had: most of a story's views in its first hour, the rest fading
   * over the following day (what "most read" ranks and the dashboard's hourly chart shows).
   */
  async function seedViews(stories: DemoStory[], ids: Map<string, number[]>, t: number) {
    const HOUR = 3_600_000;
    const entries: { articleId: number; views: number; at: number }[] = [];
    for (const s of stories) {
      const views = s.views ?? 0;
      if (views <= 0) continue;
      const early = Math.round(views * 0.6);
      // Later hours, up to a day or until now, each with less than the one before.
      const later = Math.max(0, Math.min(24, Math.floor((t - s.publishedAt) / HOUR) - 1));
      const weights = Array.from({ length: later }, (_, k) => 1 / (k + 1));
      const sum = weights.reduce((a, b) => a + b, 0);
      for (const id of ids.get(s.key) ?? []) {
        entries.push({ articleId: id, views: early, at: Math.min(t, s.publishedAt + HOUR) });
        let left = views - early;
        weights.forEach((w, k) => {
          const n = k === weights.length - 1 ? left : Math.min(left, Math.round(((views - early) * w) / sum));
          left -= n;
          if (n > 0) entries.push({ articleId: id, views: n, at: s.publishedAt + (k + 2) * HOUR });
        });
        if (left > 0) entries.push({ articleId: id, views: left, at: Math.max(s.publishedAt, t - HOUR) });
      }
    }
    for (let i = 0; i < entries.length; i += 2000)
      await o.views.importCounts(seed, entries.slice(i, i + 2000));
  }

  /** Polls and their ballots, cast one by one through the readers' vote (distinct made-up voters). */
  async function seedPolls(demo: DemoNewsroom, ids: Map<string, number[]>, t: number) {
    let voter = 0;
    for (const p of demo.polls ?? []) {
      if (!o.languages.has(p.language)) continue;
      let articleId: number | null = null;
      if (p.storyKey !== null) {
        const story = demo.stories.find((s) => s.key === p.storyKey);
        const index = story?.versions
          .filter((v) => o.languages.has(v.language))
          .findIndex((v) => v.language === p.language);
        articleId = index === undefined || index < 0 ? null : (ids.get(p.storyKey)?.[index] ?? null);
        if (articleId === null) continue;
      }
      const poll = await o.polls.create(seed, {
        language: p.language,
        question: p.question,
        options: p.options.map((x) => x.label),
        sitewide: p.sitewide,
        articleId,
        opensAt: new Date(Math.min(p.opensAt, t)).toISOString(),
      });
      const ballots: Promise<unknown>[] = [];
      for (const [i, option] of p.options.entries()) {
        for (let k = 0; k < option.votes; k++) {
          ballots.push(o.polls.vote(poll.id, [poll.options[i]!.id], `demo-voter-${voter++}`));
        }
      }
      await Promise.all(ballots);
    }
  }

  /**
   * Adds `count` generated stories quickly (scale tests): batches through the import use
   * case, bylines and pictures spread over the existing authors and images.
   */
  async function seedBulk(count: number, onProgress?: Progress): Promise<void> {
    const { generateDemoNewsroom, generateStories } = await loadDemo();
    const t = now();
    if (await isEmpty()) await seedFrame(generateDemoNewsroom({ stories: 0, now: t, siteName: o.siteName }));
    const sections = await o.sections.list();
    const frame: Frame = {
      sectionIds: new Map(sections.map((s) => [s.slug, s.id])),
      authorIds: new Map(),
      imageIds: new Map(),
    };
    const authors = (await o.authors.list()).map((a) => a.id);
    const media = await o.media.ids();
    await importAll(
      generateStories({ count, now: t, spanDays: Math.max(14, Math.ceil(count / 300)) }),
      count,
      (s, n, base) =>
        itemsOf(
          s,
          frame,
          authors[n % authors.length]!,
          media.length ? media[n % media.length] : undefined,
          base,
        ),
      onProgress,
      false,
    );
  }

  return { isEmpty, seedDemo, seedBulk };
}

function pick(values: Record<string, string>, languages: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of languages) if (values[l]) out[l] = values[l];
  if (Object.keys(out).length === 0) {
    const first = Object.values(values)[0];
    if (first) out[languages[0]!] = first;
  }
  return out;
}

export type SeedService = ReturnType<typeof createSeedService>;
