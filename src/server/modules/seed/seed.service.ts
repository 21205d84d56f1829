import { sql } from 'kysely';
import { foldForSearch } from '../../../shared/search.ts';
import { slugify } from '../../../shared/translit.ts';
import type { Db } from '../../db/database.ts';
import type { DemoStory } from '../../demo/generate.ts';
import type { ArticlesService } from '../articles/index.ts';
import { RENDER_VERSION, sanitizeBody } from '../articles/index.ts';
import type { AuthorsService } from '../authors/index.ts';
import type { MediaService } from '../media/index.ts';
import type { PagesService } from '../pages/index.ts';
import type { SectionsService } from '../sections/index.ts';

export interface SeedServiceOptions {
  db: Db;
  sections: SectionsService;
  authors: AuthorsService;
  media: MediaService;
  pages: PagesService;
  articles: ArticlesService;
  languages: string[];
  siteName: string;
  now?: () => number;
}

export type Progress = (done: number, total: number) => void;

/**
 * Fills a site with the generated demo newsroom (our own text, see src/server/demo).
 * The small demo goes through the same services an editor's requests do; the scale
 * seed writes rows in batched transactions, because it exists to make 100 000 stories.
 */
/** 700 stories over 14 days: about three an hour in the daytime, as a national newsroom publishes. */
export const DEMO_STORIES = 700;

/** The word banks are only loaded when seeding, never by a serving process that does not seed. */
const loadDemo = () => import('../../demo/generate.ts');

export function createSeedService(o: SeedServiceOptions) {
  const now = o.now ?? Date.now;

  async function isEmpty(): Promise<boolean> {
    const row = await o.db.selectFrom('sections').select('id').limit(1).executeTakeFirst();
    return row === undefined;
  }

  /** Sections, authors, pages and images; returns the lookup maps the stories need. */
  async function seedFrame(onProgress?: Progress) {
    const { generateDemoNewsroom } = await loadDemo();
    const { DEMO_IMAGE_SIZE, renderDemoImage } = await import('../../demo/images.ts');
    const demo = generateDemoNewsroom({ stories: 0, now: now(), siteName: o.siteName });
    const sectionIds = new Map<string, number>();
    for (const s of demo.sections) {
      const created = await o.sections.create({
        slug: s.slug,
        names: pick(s.names, o.languages),
        position: s.position,
      });
      sectionIds.set(s.slug, created.id);
    }
    const authorIds = new Map<string, number>();
    for (const a of demo.authors) {
      const created = await o.authors.create({
        slug: a.slug,
        names: pick(a.names, o.languages),
        bios: pick(a.bios, o.languages),
      });
      authorIds.set(a.key, created.id);
    }
    for (const p of demo.pages) {
      for (const v of p.versions) {
        if (!o.languages.includes(v.language)) continue;
        await o.pages.upsert({
          key: p.key,
          language: v.language,
          slug: p.slug,
          title: v.title,
          body: v.bodyHtml,
        });
      }
    }
    const imageIds = new Map<string, number>();
    let i = 0;
    for (const key of demo.imageKeys) {
      const png = await renderDemoImage(key, DEMO_IMAGE_SIZE.width, DEMO_IMAGE_SIZE.height);
      const item = await o.media.ingest(png, { credit: `${o.siteName} / ілюстрація` });
      imageIds.set(key, item.id);
      i++;
      onProgress?.(i, demo.imageKeys.length);
    }
    return { sectionIds, authorIds, imageIds };
  }

  async function seedDemo(
    opts: { stories?: number; onProgress?: Progress } = {},
  ): Promise<{ stories: number }> {
    const frame = await seedFrame();
    const { generateDemoNewsroom } = await loadDemo();
    const demo = generateDemoNewsroom({
      stories: opts.stories ?? DEMO_STORIES,
      now: now(),
      siteName: o.siteName,
    });
    let done = 0;
    for (const story of demo.stories) {
      await createStory(story, frame);
      done++;
      opts.onProgress?.(done, demo.stories.length);
    }
    // Demo stories were "written" when they were published, not when the seed ran:
    // otherwise every one would look edited just now (dateModified, sitemap lastmod).
    await o.db
      .updateTable('articles')
      .set({ created_at: sql`published_at`, updated_at: sql`published_at` })
      .execute();
    return { stories: done };
  }

  async function createStory(
    story: DemoStory,
    frame: { sectionIds: Map<string, number>; authorIds: Map<string, number>; imageIds: Map<string, number> },
  ) {
    let originalId: number | undefined;
    for (const v of story.versions) {
      if (!o.languages.includes(v.language)) continue;
      const mediaId = frame.imageIds.get(story.imageKey);
      const created = await o.articles.create({
        language: v.language,
        title: v.title,
        source: v.source,
        lead: v.lead,
        body: v.bodyHtml,
        section: story.section,
        tags: v.tags,
        authorId: frame.authorIds.get(story.authorKey),
        status: 'published',
        publishedAt: new Date(story.publishedAt).toISOString(),
        ...(originalId !== undefined ? { translationOf: originalId } : {}),
        heroImage: mediaId ? { mediaId, alt: v.imageAlt, caption: v.imageCaption } : null,
        pinned: story.pinned ? 1 : 0,
      });
      originalId ??= created.id;
    }
  }

  /**
   * Adds `count` generated stories quickly (scale tests): rows go in batches of 500
   * per transaction; tags are reused from a fixed set per language.
   */
  async function seedBulk(count: number, onProgress?: Progress): Promise<void> {
    if (await isEmpty()) await seedFrame();
    const { generateStories } = await loadDemo();
    const sections = new Map(
      (await o.db.selectFrom('sections').select(['id', 'slug']).execute()).map((s) => [s.slug, s.id]),
    );
    const authorRows = await o.db.selectFrom('authors').select(['id', 'slug']).execute();
    const mediaRows = await o.db.selectFrom('media').select('id').orderBy('id').execute();
    const fallbackSection = sections.values().next().value!;
    const tagCache = new Map<string, number>();
    const tagId = async (trx: Db, language: string, name: string) => {
      const slug = slugify(name, language);
      const k = `${language}:${slug}`;
      const hit = tagCache.get(k);
      if (hit !== undefined) return hit;
      const row =
        (await trx
          .selectFrom('tags')
          .select('id')
          .where('language', '=', language)
          .where('slug', '=', slug)
          .executeTakeFirst()) ??
        (await trx
          .insertInto('tags')
          .values({ language, name, slug })
          .returning('id')
          .executeTakeFirstOrThrow());
      tagCache.set(k, row.id);
      return row.id;
    };
    const BATCH = 500;
    let done = 0;
    let batch: DemoStory[] = [];
    const flush = async () => {
      const stories = batch;
      batch = [];
      await o.db.transaction().execute(async (trx) => {
        for (const [n, story] of stories.entries()) {
          let groupId: number | null = null;
          for (const v of story.versions) {
            if (!o.languages.includes(v.language)) continue;
            const t = story.publishedAt;
            const row = await trx
              .insertInto('articles')
              .values({
                group_id: groupId,
                language: v.language,
                slug: slugify(v.title, v.language),
                title: v.title,
                source: v.source,
                lead: v.lead,
                body_html: sanitizeBody(v.bodyHtml),
                render_version: RENDER_VERSION,
                section_id: sections.get(story.section) ?? fallbackSection,
                author_id: authorRows[(done + n) % authorRows.length]!.id,
                hero_media_id: mediaRows.length ? mediaRows[(done + n) % mediaRows.length]!.id : null,
                hero_alt: v.imageAlt,
                hero_caption: v.imageCaption,
                status: 'published',
                published_at: t,
                created_at: t,
                updated_at: t,
                pinned: 0,
                search_text: foldForSearch(`${v.title} ${v.source ?? ''} ${v.lead}`),
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            if (groupId === null) {
              groupId = row.id;
              await trx.updateTable('articles').set({ group_id: row.id }).where('id', '=', row.id).execute();
            }
            const ids: number[] = [];
            for (const name of v.tags) {
              const id = await tagId(trx, v.language, name);
              if (!ids.includes(id)) ids.push(id);
            }
            if (ids.length) {
              await trx
                .insertInto('article_tags')
                .values(ids.map((tag_id, position) => ({ article_id: row.id, tag_id, position })))
                .execute();
            }
          }
        }
      });
      done += stories.length;
      onProgress?.(done, count);
    };
    for (const story of generateStories({
      count,
      now: now(),
      spanDays: Math.max(14, Math.ceil(count / 300)),
    })) {
      batch.push(story);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
  }

  return { isEmpty, seedDemo, seedBulk };
}

function pick(values: Record<string, string>, languages: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of languages) if (values[l]) out[l] = values[l];
  if (Object.keys(out).length === 0) {
    const first = Object.values(values)[0];
    if (first) out[languages[0]!] = first;
  }
  return out;
}

export type SeedService = ReturnType<typeof createSeedService>;
