import sharp from 'sharp';
import { actor, type TestSite } from './harness.ts';

let counter = 0;

/** Sections and an author most tests need; returns their ids. */
export async function baseContent(site: TestSite) {
  const { sections, authors } = site.services;
  const politics = await sections.create(actor, {
    slug: 'politics',
    names: { uk: 'Політика', ru: 'Политика' },
    position: 1,
  });
  const economy = await sections.create(actor, {
    slug: 'economy',
    names: { uk: 'Економіка', ru: 'Экономика' },
    position: 2,
  });
  const author = await authors.create(actor, {
    slug: 'olena-test',
    names: { uk: 'Олена Тестова', ru: 'Елена Тестова' },
    bios: { uk: 'Пише про політику й економіку.', ru: 'Пишет о политике и экономике.' },
  });
  return { politics, economy, author };
}

export async function testImage(width = 1600, height = 900): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 90, b: 160 } } })
    .png()
    .toBuffer();
}

export interface StoryOverrides {
  language?: string;
  title?: string;
  section?: string;
  publishedAt?: string;
  status?: 'draft' | 'published' | 'scheduled';
  translationOf?: number;
  tags?: string[];
  authorId?: number;
  lead?: string;
  body?: string;
  source?: string | null;
  heroImage?: { mediaId: number; alt?: string; caption?: string } | null;
  pinned?: number;
}

/** A published story written through the service, as the Admin API would. */
export async function makeStory(site: TestSite, authorId: number, o: StoryOverrides = {}) {
  counter++;
  return site.services.articles.create(actor, {
    language: o.language ?? 'uk',
    title: o.title ?? `Тестова новина номер ${counter}`,
    lead: o.lead ?? 'Короткий підсумок події одним реченням.',
    body: o.body ?? '<p>Перший абзац.</p><p>Другий абзац.</p>',
    section: o.section ?? 'politics',
    tags: o.tags ?? ['Київ'],
    authorId: o.authorId ?? authorId,
    status: o.status ?? 'published',
    publishedAt: o.publishedAt ?? new Date(Date.now() - 60_000).toISOString(),
    ...(o.translationOf !== undefined ? { translationOf: o.translationOf } : {}),
    ...(o.source !== undefined ? { source: o.source } : {}),
    ...(o.heroImage !== undefined ? { heroImage: o.heroImage } : {}),
    ...(o.pinned !== undefined ? { pinned: o.pinned } : {}),
  });
}
