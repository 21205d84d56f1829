import { z } from 'zod';
import type { Db, Executor } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import type { Languages } from '../../domain/languages.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';
import { sectionsRepo } from './sections.repo.ts';

export interface Section {
  id: number;
  slug: string;
  position: number;
  /** Name per language code. */
  names: Record<string, string>;
  descriptions: Record<string, string>;
}

const slugSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase ASCII words joined by dashes')
  .max(60);

export const sectionInput = z
  .object({
    slug: slugSchema,
    names: z.record(z.string(), z.string().trim().min(1).max(80)),
    descriptions: z.record(z.string(), z.string().max(500)).optional(),
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export const sectionPatch = sectionInput.partial().strict();

export interface SectionsServiceOptions {
  db: Db;
  dialect: DialectHelpers;
  transactor: Transactor;
  languages: Languages;
}

/**
 * Sections (categories): a slug and a name per language. The whole list is small, read on
 * every page (the menu) and changed a few times a year, so it is held in memory and dropped
 * on every node when a `SectionChanged` event arrives (`invalidate`).
 */
export function createSectionsService(o: SectionsServiceOptions) {
  let memo: Promise<Section[]> | null = null;

  async function load(ex: Executor): Promise<Section[]> {
    const { rows, names } = await sectionsRepo(ex).all();
    return rows.map((r) => {
      const mine = names.filter((n) => n.section_id === r.id);
      return {
        id: r.id,
        slug: r.slug,
        position: r.position,
        names: Object.fromEntries(mine.map((n) => [n.language, n.name])),
        descriptions: Object.fromEntries(mine.map((n) => [n.language, n.description])),
      };
    });
  }

  /** Every section in menu order (from memory after the first call). */
  function list(): Promise<Section[]> {
    if (!memo) {
      const loading = load(o.db);
      memo = loading;
      loading.catch(() => {
        if (memo === loading) memo = null;
      });
    }
    return memo;
  }

  async function get(id: number): Promise<Section> {
    const s = (await list()).find((x) => x.id === id);
    if (!s) throw fail('SECTION_NOT_FOUND', `No section with id ${id}`);
    return s;
  }

  async function bySlug(slug: string): Promise<Section | undefined> {
    return (await list()).find((s) => s.slug === slug);
  }

  async function create(principal: Principal, input: unknown): Promise<Section> {
    authorize(principal, 'section.manage');
    const data = sectionInput.parse(input);
    o.languages.checkKeys(data.names);
    const id = await o.transactor.run(principal, async (tx) => {
      const repo = sectionsRepo(tx.db);
      if (await repo.idBySlug(data.slug)) {
        throw fail('SECTION_SLUG_TAKEN', `A section with slug "${data.slug}" exists`);
      }
      const id = await repo.insert({ slug: data.slug, position: data.position ?? 0, at: tx.now });
      await repo.writeNames(id, data.names, data.descriptions ?? {});
      tx.record({ type: 'SectionChanged', id, change: 'created' });
      return id;
    });
    return get(id);
  }

  async function update(principal: Principal, id: number, input: unknown): Promise<Section> {
    authorize(principal, 'section.manage');
    const data = sectionPatch.parse(input);
    if (data.names) o.languages.checkKeys(data.names);
    await o.transactor.run(principal, async (tx) => {
      const repo = sectionsRepo(tx.db);
      if (!(await repo.exists(id))) throw fail('SECTION_NOT_FOUND', `No section with id ${id}`);
      if (data.slug) {
        const holder = await repo.idBySlug(data.slug);
        if (holder !== undefined && holder !== id) {
          throw fail('SECTION_SLUG_TAKEN', `A section with slug "${data.slug}" exists`);
        }
      }
      await repo.update(id, {
        ...(data.slug ? { slug: data.slug } : {}),
        ...(data.position !== undefined ? { position: data.position } : {}),
        at: tx.now,
      });
      if (data.names || data.descriptions) {
        const current = (await load(tx.db)).find((s) => s.id === id);
        await repo.writeNames(id, data.names ?? current?.names ?? {}, {
          ...(current?.descriptions ?? {}),
          ...(data.descriptions ?? {}),
        });
      }
      tx.record({ type: 'SectionChanged', id, change: 'updated' });
    });
    return get(id);
  }

  async function remove(principal: Principal, id: number): Promise<void> {
    authorize(principal, 'section.manage');
    try {
      await o.transactor.run(principal, async (tx) => {
        const repo = sectionsRepo(tx.db);
        if (!(await repo.exists(id))) throw fail('SECTION_NOT_FOUND', `No section with id ${id}`);
        await repo.remove(id);
        tx.record({ type: 'SectionChanged', id, change: 'deleted' });
      });
    } catch (err) {
      if (o.dialect.isForeignKeyViolation(err)) {
        throw fail('SECTION_IN_USE', 'The section still has stories; move them first');
      }
      throw err;
    }
  }

  return {
    list,
    get,
    bySlug,
    create,
    update,
    remove,
    /** Forget the list held in memory (a section changed, here or on another node). */
    invalidate(): void {
      memo = null;
    },
  };
}

export type SectionsService = ReturnType<typeof createSectionsService>;
