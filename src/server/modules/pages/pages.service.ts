import { z } from 'zod';
import type { ContentDocument } from '../../../shared/content/index.ts';
import { documentFromInput, mediaIdsOf, prepareBody } from '../../content/body.ts';
import { htmlToDoc } from '../../content/html-to-doc.ts';
import type { Db } from '../../db/database.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import type { Languages } from '../../domain/languages.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';
import { imageRenderer, type MediaService } from '../media/index.ts';
import { type PageRow, pagesRepo } from './pages.repo.ts';

/** Static pages (editorial standards, privacy policy, contacts), one row per language. */
export interface StaticPage {
  id: number;
  key: string;
  language: string;
  slug: string;
  title: string;
  /** The canonical body document; null only while a page stored as HTML awaits conversion. */
  body: ContentDocument | null;
  bodyHtml: string;
  updatedAt: number;
}

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(80);

export const pageInput = z
  .object({
    key: slug.max(60),
    language: z.string(),
    slug: slug.optional(),
    title: z.string().trim().min(1).max(200),
    /** HTML (converted through the content schema) or a content document. */
    body: z.union([z.string().max(200_000), z.record(z.string(), z.unknown())]),
  })
  .strict();

export interface PagesServiceOptions {
  db: Db;
  transactor: Transactor;
  languages: Languages;
  media: MediaService;
}

const toPage = (r: PageRow): StaticPage => ({
  id: r.id,
  key: r.page_key,
  language: r.language,
  slug: r.slug,
  title: r.title,
  body: r.body === null ? null : (JSON.parse(r.body) as ContentDocument),
  bodyHtml: r.body_html,
  updatedAt: Number(r.updated_at),
});

export function createPagesService(o: PagesServiceOptions) {
  /** Creates or replaces the page with this key in this language. */
  async function upsert(principal: Principal, input: unknown): Promise<StaticPage> {
    authorize(principal, 'page.manage');
    const data = pageInput.parse(input);
    o.languages.check(data.language);
    const doc = documentFromInput(data.body);
    const body = prepareBody(doc, { image: imageRenderer(await o.media.dims(mediaIdsOf(doc))) });
    const pageSlug = data.slug ?? data.key;
    await o.transactor.run(principal, async (tx) => {
      await pagesRepo(tx.db).upsert({
        page_key: data.key,
        language: data.language,
        slug: pageSlug,
        title: data.title,
        body: body.json,
        body_html: body.html,
        updated_at: tx.now,
      });
      tx.record({ type: 'PageChanged', key: data.key, language: data.language });
    });
    const page = await bySlug(data.language, pageSlug);
    if (!page) throw fail('PAGE_NOT_FOUND', 'The page vanished while saving');
    return page;
  }

  async function byId(id: number): Promise<StaticPage | undefined> {
    const r = await pagesRepo(o.db).byId(id);
    return r ? toPage(r) : undefined;
  }

  async function bySlug(language: string, s: string): Promise<StaticPage | undefined> {
    const r = await pagesRepo(o.db).bySlug(language, s);
    return r ? toPage(r) : undefined;
  }

  async function versions(key: string): Promise<StaticPage[]> {
    return (await pagesRepo(o.db).byKey(key)).map(toPage);
  }

  async function list(): Promise<StaticPage[]> {
    return (await pagesRepo(o.db).all()).map(toPage);
  }

  /**
   * Gives pages stored as HTML only (before bodies were documents) their document. The HTML
   * readers see is left as it is: it was made by the same allow-list the converter follows.
   */
  async function upgradeContent(): Promise<number> {
    const repo = pagesRepo(o.db);
    let n = 0;
    for (const r of await repo.unconverted(10_000)) {
      await repo.setBody(r.id, JSON.stringify(htmlToDoc(r.body_html)), r.body_html);
      n++;
    }
    return n;
  }

  return { upsert, byId, bySlug, versions, list, upgradeContent };
}

export type PagesService = ReturnType<typeof createPagesService>;
