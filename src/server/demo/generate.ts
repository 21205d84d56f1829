/**
 * A deterministic demo newsroom: sections, authors, pages, polls and stories written from our
 * own templates and word banks, which live as data under demo/ (see demo/README.md) and are
 * read on the first call, never on import. The same seed and `now` give the same newsroom.
 *
 * Each story picks a section, a scenario and slot values once, then renders every language it
 * has from those same choices, so the Russian version is a translation of the Ukrainian one.
 */
import { getBank } from './bank.ts';
import { buildPages } from './pages.ts';
import { buildPolls, type DemoPoll, type PollCandidate } from './polls.ts';
import { createRng } from './rng.ts';
import { type ComposedStory, composeStory, type StoryState } from './story.ts';
import { render } from './text.ts';
import { DAY, HOUR, kyivMonth, MINUTE, schedule } from './time.ts';
import { planViews } from './views.ts';

export type { DemoPoll, DemoPollOption } from './polls.ts';

export interface DemoAuthor {
  key: string;
  slug: string;
  names: Record<'uk' | 'ru', string>;
  bios: Record<'uk' | 'ru', string>;
}
export interface DemoSection {
  slug: string;
  names: Record<'uk' | 'ru', string>;
  position: number;
}
export interface DemoStoryVersion {
  language: 'uk' | 'ru';
  title: string;
  source: string | null;
  lead: string;
  bodyHtml: string;
  tags: string[];
  imageAlt: string;
  imageCaption: string;
}
export interface DemoStory {
  key: string;
  section: string;
  authorKey: string;
  /** epoch ms */
  publishedAt: number;
  pinned: boolean;
  imageKey: string;
  imageCredit: string;
  /** First is the original; 1 or 2 entries. */
  versions: DemoStoryVersion[];
  /**
   * Readers so far, at `now` (the same count for every version): 0 for the newest handful,
   * hundreds for most, thousands for about one story in forty, above 10 000 for one or two.
   */
  views?: number;
}
export interface DemoPage {
  key: string;
  slug: string;
  versions: { language: 'uk' | 'ru'; title: string; bodyHtml: string }[];
}
export interface DemoNewsroom {
  authors: DemoAuthor[];
  sections: DemoSection[];
  stories: DemoStory[];
  pages: DemoPage[];
  imageKeys: string[];
  /** Site-wide polls (one per language each) and one poll under a recent story. */
  polls?: DemoPoll[];
}

const DEFAULT_SEED = 1;
const DEFAULT_STORIES = 320;
const DEFAULT_SPAN_DAYS = 14;
const DEFAULT_SITE_NAME = 'Shpalta';
/**
 * At most this many stories on the current Kyiv day, so a 40-row list of the newest stories
 * always crosses midnight (a day heading on the seed page), whatever the hour of `now`.
 */
const MAX_TODAY = 30;

interface StoryOpts {
  count: number;
  now: number;
  seed?: number;
  spanDays?: number;
  siteName?: string;
}

/** Stories with the scenario each was written from, which the polls need. */
function* composeAll(opts: StoryOpts): Generator<{ story: DemoStory; composed: ComposedStory }> {
  const bank = getBank();
  const seed = opts.seed ?? DEFAULT_SEED;
  const spanDays = opts.spanDays ?? DEFAULT_SPAN_DAYS;
  const siteName = opts.siteName ?? DEFAULT_SITE_NAME;
  const credit = render(bank.data.common.image.credit, { site: siteName }, 'uk', false);
  // Times, stories and views draw from separate streams, so a story does not change with the count.
  const timeRng = createRng(seed ^ 0x5bd1e995);
  const storyRng = createRng(seed);
  const views = planViews(opts.count, seed);
  const end = opts.now - timeRng.int(2, 7) * MINUTE;
  const state: StoryState = { recent: new Map(), headlines: new Set() };
  let i = 0;
  for (const t of schedule(end - spanDays * DAY, end, opts.count, timeRng, { maxToday: MAX_TODAY })) {
    const composed = composeStory(storyRng, bank, state, kyivMonth(t));
    const story: DemoStory = {
      key: `demo-${String(i + 1).padStart(6, '0')}`,
      section: composed.section,
      authorKey: composed.authorKey,
      publishedAt: t,
      pinned: false,
      imageKey: composed.imageKey,
      imageCredit: credit,
      versions: composed.versions.map((v) => ({ ...v, tags: [...v.tags] })),
      views: views.views(i, t, opts.now),
    };
    i++;
    yield { story, composed };
  }
}

/**
 * Cheap, streaming variant for scale tests (100 000+ stories): yields stories in publication
 * order, oldest first, without holding them all. Nothing is pinned here.
 */
export function* generateStories(opts: StoryOpts): Generator<DemoStory> {
  for (const { story } of composeAll(opts)) yield story;
}

export function generateDemoNewsroom(opts: {
  stories?: number;
  now: number;
  seed?: number;
  siteName: string;
}): DemoNewsroom {
  const bank = getBank();
  const seed = opts.seed ?? DEFAULT_SEED;
  const candidates: PollCandidate[] = [];
  const stories: DemoStory[] = [];
  for (const { story, composed } of composeAll({
    count: opts.stories ?? DEFAULT_STORIES,
    now: opts.now,
    seed,
    spanDays: DEFAULT_SPAN_DAYS,
    siteName: opts.siteName,
  })) {
    stories.push(story);
    candidates.push({
      key: story.key,
      publishedAt: story.publishedAt,
      pinned: false,
      languages: story.versions.map((v) => v.language),
      poll: composed.scenario.poll,
    });
  }

  // 6–8 pinned stories among the last 48 hours, as an editor would pin the day's main news.
  const pinRng = createRng(seed ^ 0x27d4eb2f);
  const recent = stories.filter((s) => s.publishedAt >= opts.now - 48 * HOUR);
  const pinCount = Math.min(recent.length, pinRng.int(6, 8));
  for (const s of pinRng.shuffle(recent).slice(0, pinCount)) s.pinned = true;
  const pinned = new Set(stories.filter((s) => s.pinned).map((s) => s.key));

  const { data } = bank;
  return {
    authors: data.authors.map((a) => ({
      key: a.key,
      slug: a.slug,
      names: { ...a.names },
      bios: { ...a.bios },
    })),
    sections: bank.sections.map((s, i) => ({
      slug: s.slug,
      names: { uk: s.names[0], ru: s.names[1] },
      position: i + 1,
    })),
    stories,
    pages: buildPages(data.pages, opts.siteName),
    imageKeys: bank.sections.flatMap((s) => [...s.imageKeys]),
    polls: buildPolls(
      bank,
      candidates.map((c) => ({ ...c, pinned: pinned.has(c.key) })),
      opts.now,
      seed,
    ),
  };
}
