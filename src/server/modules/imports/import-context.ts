import fs from 'node:fs';
import path from 'node:path';
import type { Db, Executor } from '../../db/database.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Languages } from '../../domain/languages.ts';
import type { Principal } from '../../domain/principal.ts';
import type { ImportedStory } from '../articles/index.ts';
import { importedItemsRepo } from './imported-items.repo.ts';
import { legacySlug } from './legacy-text.ts';

/**
 * What every importer (DLE, WordPress) needs from the site: sections, authors, pages, images
 * and stories made through the site's own services (validated, audited, evented), each
 * remembered by the source's key so that a second run updates instead of adding.
 */

export interface ImportReport {
  stories: { created: number; updated: number; unchanged: number };
  /** Sections made (a category whose slug a section already had joins that section). */
  sections: number;
  /** Authors made. */
  authors: number;
  pages: number;
  polls: number;
  images: { copied: number; missing: string[] };
  /** Passages the old site hid from guests, left out. */
  hiddenPassages: number;
  /** Rows left out or changed, each with the reason and where it is in the file. */
  problems: string[];
  notes: string[];
  seconds: number;
}

export interface StoryToSave {
  story: ImportedStory;
  /** The source's keys for it (its id, its old address…); the first carries the checksum. */
  keys: { kind: string; key: string; checksum: string | null }[];
  /** How the report names it. */
  label: string;
  updated: boolean;
  /** The source's translation group (Polylang), joined after the import. */
  group?: string;
  /** Views the old site counted (a new story's count starts there). */
  views?: number;
}

/** The services an import uses, as compose wires them. */
export interface ImportServices {
  db: Db;
  languages: Languages;
  sections: {
    list(): Promise<{ id: number; slug: string }[]>;
    create(p: Principal, input: unknown): Promise<{ id: number; slug: string }>;
  };
  authors: {
    create(p: Principal, input: unknown): Promise<{ id: number; slug: string }>;
    bySlug(slug: string): Promise<{ id: number } | undefined>;
  };
  pages: { upsert(p: Principal, input: unknown): Promise<{ id: number }> };
  views: {
    importCounts(p: Principal, entries: { articleId: number; views: number; at: number }[]): Promise<number>;
  };
  polls: {
    create(
      p: Principal,
      input: unknown,
      carried?: { votes: number[]; ballots: number },
    ): Promise<{ id: number }>;
  };
  media: { add(p: Principal, input: Buffer, opts?: { credit?: string }): Promise<{ id: number }> };
  stories: {
    importStories(
      p: Principal,
      items: readonly ImportedStory[],
      within?: (ex: Executor, ids: number[]) => Promise<void>,
    ): Promise<number[]>;
    validate(item: unknown): string | null;
    joinTranslations(p: Principal, ids: number[]): Promise<void>;
  };
}

export type ImportContext = ReturnType<typeof importContext>;

export function importContext(
  svc: ImportServices,
  principal: Principal,
  opts: { uploads?: string | undefined },
) {
  const repo = importedItemsRepo(svc.db);
  const authorMemo = new Map<string, number>();
  const imageMemo = new Map<string, number | null>();
  let report: ImportReport | null = null;
  const current = () => {
    if (!report) throw new Error('newReport() first');
    return report;
  };

  async function sectionSlug(id: number): Promise<string | undefined> {
    return (await svc.sections.list()).find((s) => s.id === id)?.slug;
  }

  return {
    newReport(): ImportReport {
      report = {
        stories: { created: 0, updated: 0, unchanged: 0 },
        sections: 0,
        authors: 0,
        pages: 0,
        polls: 0,
        images: { copied: 0, missing: [] },
        hiddenPassages: 0,
        problems: [],
        notes: [],
        seconds: 0,
      };
      return report;
    },

    remember: (source: string, kind: string, key: string, targetId: number, checksum: string | null = null) =>
      repo.remember(source, [{ kind, key, targetId, checksum }]),

    known: (source: string, kind: string, keys: string[]) => repo.known(source, kind, keys),

    /** The section a source category became: found again, or one with its slug, or a new one. */
    async ensureSection(c: { source: string; key: string; slug: string; name: string; position: number }) {
      const before = (await repo.known(c.source, 'category', [c.key])).get(c.key);
      const again = before && (await sectionSlug(before.targetId));
      if (before && again) return { id: before.targetId, slug: again };
      const r = current();
      const existing = (await svc.sections.list()).find((s) => s.slug === c.slug);
      const section =
        existing ??
        (await svc.sections.create(principal, {
          slug: c.slug,
          names: Object.fromEntries(svc.languages.list.map((l) => [l, c.name])),
          position: Math.max(0, Math.min(10_000, c.position)),
        }));
      await repo.remember(c.source, [{ kind: 'category', key: c.key, targetId: section.id, checksum: null }]);
      if (!existing) r.sections++;
      return { id: section.id, slug: section.slug };
    },

    /** Where stories without a known category go. */
    async fallbackSection(_language: string): Promise<string> {
      const slug = 'archive';
      if ((await svc.sections.list()).some((s) => s.slug === slug)) return slug;
      const names: Record<string, string> = { uk: 'Архів', ru: 'Архив' };
      await svc.sections.create(principal, {
        slug,
        names: Object.fromEntries(svc.languages.list.map((l) => [l, names[l] ?? 'Archive'])),
        position: 10_000,
      });
      current().sections++;
      return slug;
    },

    /** The author a source user became (by login), made once. */
    async ensureAuthor(a: { source: string; key: string; name: string; language: string }): Promise<number> {
      const memo = authorMemo.get(`${a.source}:${a.key}`);
      if (memo !== undefined) return memo;
      const before = (await repo.known(a.source, 'user', [a.key])).get(a.key);
      let id = before?.targetId;
      if (id === undefined) {
        const name = a.name.slice(0, 120);
        const slug = legacySlug(a.key, a.language, 60) || undefined;
        const taken = slug ? await svc.authors.bySlug(slug) : undefined;
        id = (
          await svc.authors.create(principal, {
            ...(slug && !taken ? { slug } : {}),
            names: Object.fromEntries(svc.languages.list.map((l) => [l, name])),
          })
        ).id;
        await repo.remember(a.source, [{ kind: 'user', key: a.key, targetId: id, checksum: null }]);
        current().authors++;
      }
      authorMemo.set(`${a.source}:${a.key}`, id);
      return id;
    },

    async savePoll(
      p: { language: string; question: string; options: string[]; multiple: boolean; articleId: number },
      carried: { votes: number[]; ballots: number },
    ): Promise<number> {
      return (await svc.polls.create(principal, p, carried)).id;
    },

    async savePage(p: { key: string; language: string; title: string; body: string }): Promise<number> {
      return (await svc.pages.upsert(principal, p)).id;
    },

    /**
     * An image of the old site, from the uploads folder into the media library (once per file);
     * null when it is not there (reported by the caller) or is not a readable image.
     */
    image: async (src: string): Promise<number | null> => {
      const file = uploadPath(opts.uploads, src);
      if (file === null) return null;
      if (imageMemo.has(file)) return imageMemo.get(file)!;
      let id: number | null = null;
      if (fs.existsSync(file)) {
        try {
          id = (await svc.media.add(principal, fs.readFileSync(file))).id;
          current().images.copied++;
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          current().problems.push(`image ${src}: ${err.message}`);
        }
      }
      imageMemo.set(file, id);
      return id;
    },

    hasLanguage: (code: string) => svc.languages.has(code),

    /** Stories that are versions of one another (the source said so) become one translation group. */
    joinTranslations: (ids: number[]) => svc.stories.joinTranslations(principal, ids),

    /**
     * Stories in one transaction with what each source row became; invalid ones reported.
     * Returns each item's story id (undefined for one left out).
     */
    async saveStories(items: StoryToSave[], source: string): Promise<(number | undefined)[]> {
      const r = current();
      const valid: StoryToSave[] = [];
      for (const item of items) {
        const problem = svc.stories.validate(item.story);
        if (problem) r.problems.push(`${item.label}: ${problem}; left out`);
        else valid.push(item);
      }
      if (!valid.length) return items.map(() => undefined);
      const ids = await svc.stories.importStories(
        principal,
        valid.map((v) => v.story),
        async (ex, ids) => {
          await importedItemsRepo(ex).remember(
            source,
            valid.flatMap((v, i) => v.keys.map((k) => ({ ...k, targetId: ids[i]! }))),
          );
        },
      );
      for (const v of valid) {
        if (v.updated) r.stories.updated++;
        else r.stories.created++;
      }
      // The old site's counts, for stories new here (an updated one keeps the count it has).
      await svc.views.importCounts(
        principal,
        valid.flatMap((v, i) =>
          !v.updated && v.views ? [{ articleId: ids[i]!, views: v.views, at: v.story.publishedAt }] : [],
        ),
      );
      const byItem = new Map(valid.map((v, i) => [v, ids[i]]));
      return items.map((item) => byItem.get(item));
    },
  };
}

/** The file in the uploads folder an old address names (`/uploads/posts/…`), never outside it. */
export function uploadPath(uploads: string | undefined, src: string): string | null {
  if (!uploads) return null;
  const m = /\/uploads\/([^?#]+)/.exec(src);
  if (!m) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  const root = path.resolve(uploads);
  const file = path.resolve(root, rel);
  return file.startsWith(`${root}${path.sep}`) ? file : null;
}
