import type { ArticlesReader, FeedRow, SitemapRow } from '../modules/articles/index.ts';
import type { AuthorsService } from '../modules/authors/index.ts';
import type { PagesService } from '../modules/pages/index.ts';
import type { SectionsService } from '../modules/sections/index.ts';

export type { FeedRow, SitemapRow };

export interface VersionRow {
  id: number;
  groupId: number;
  language: string;
  slug: string;
}

export interface DistributionSources {
  reader: ArticlesReader;
  sections: SectionsService;
  authors: AuthorsService;
  pages: PagesService;
}

/**
 * What feeds and sitemaps read, from the areas that own it: published stories from the
 * stories' reader (keyset walks on (published_at, id), index-only counts), sections,
 * authors and static pages from their services. No SQL here.
 */
export function createDistributionRepo(o: DistributionSources) {
  return {
    feedRows: o.reader.feedRows,
    countBuckets: o.reader.countBuckets,
    sitemapBatch: o.reader.sitemapBatch,
    newest: o.reader.newest,
    versions: (groupIds: number[]): Promise<VersionRow[]> => o.reader.versions(groupIds),

    async sectionBySlug(slug: string, language: string) {
      const s = await o.sections.bySlug(slug);
      return s
        ? {
            id: s.id,
            slug: s.slug,
            name: s.names[language] ?? null,
            description: s.descriptions[language] ?? '',
          }
        : undefined;
    },

    async authorBySlug(slug: string, language: string) {
      const a = await o.authors.bySlug(slug);
      return a ? { id: a.id, slug: a.slug, name: o.authors.displayName(a, language) } : undefined;
    },

    async slugsOf(kind: 'sections' | 'authors', ids: number[]): Promise<Map<number, string>> {
      const wanted = new Set(ids);
      const all =
        kind === 'sections'
          ? (await o.sections.list()).map((s) => [s.id, s.slug] as const)
          : [...(await o.authors.all()).values()].map((a) => [a.id, a.slug] as const);
      return new Map(all.filter(([id]) => wanted.has(id)));
    },

    async sections() {
      return (await o.sections.list()).map((s) => ({ id: s.id, slug: s.slug }));
    },

    /** Authors with their profile languages. */
    async authors() {
      return [...(await o.authors.all()).values()].flatMap((a) =>
        Object.keys(a.names).map((language) => ({ id: a.id, slug: a.slug, language })),
      );
    },

    async pages() {
      return (await o.pages.list()).map((p) => ({
        page_key: p.key,
        language: p.language,
        slug: p.slug,
        updated_at: p.updatedAt,
      }));
    },
  };
}

export type DistributionRepo = ReturnType<typeof createDistributionRepo>;
