import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { type PublishChange, tags } from '../changes.ts';

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

export const sectionInput = z.object({
  slug: slugSchema,
  names: z.record(z.string(), z.string().trim().min(1).max(80)),
  descriptions: z.record(z.string(), z.string().max(500)).optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export const sectionPatch = sectionInput.partial();

export interface SectionsServiceOptions {
  db: Db;
  languages: string[];
  publishChange: PublishChange;
  now?: () => number;
}

export function createSectionsService({
  db,
  languages,
  publishChange,
  now = Date.now,
}: SectionsServiceOptions) {
  const checkLanguages = (names: Record<string, string>) => {
    for (const l of Object.keys(names)) {
      if (!languages.includes(l)) throw badRequest('UNKNOWN_LANGUAGE', `Language "${l}" is not configured`);
    }
  };

  async function list(): Promise<Section[]> {
    const rows = await db.selectFrom('sections').selectAll().orderBy('position').orderBy('id').execute();
    const names = await db.selectFrom('section_names').selectAll().execute();
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

  async function get(id: number): Promise<Section> {
    const s = (await list()).find((x) => x.id === id);
    if (!s) throw notFound('SECTION_NOT_FOUND', `No section with id ${id}`);
    return s;
  }

  async function writeNames(
    sectionId: number,
    names: Record<string, string>,
    descriptions: Record<string, string>,
  ) {
    for (const [language, name] of Object.entries(names)) {
      await db
        .insertInto('section_names')
        .values({ section_id: sectionId, language, name, description: descriptions[language] ?? '' })
        .onConflict((oc) =>
          oc
            .columns(['section_id', 'language'])
            .doUpdateSet({ name, description: descriptions[language] ?? '' }),
        )
        .execute();
    }
  }

  async function create(input: unknown): Promise<Section> {
    const data = sectionInput.parse(input);
    checkLanguages(data.names);
    const exists = await db
      .selectFrom('sections')
      .select('id')
      .where('slug', '=', data.slug)
      .executeTakeFirst();
    if (exists) throw conflict('SECTION_SLUG_TAKEN', `A section with slug "${data.slug}" exists`);
    const t = now();
    const row = await db
      .insertInto('sections')
      .values({ slug: data.slug, position: data.position ?? 0, created_at: t, updated_at: t })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeNames(row.id, data.names, data.descriptions ?? {});
    publishChange([tags.all]);
    return get(row.id);
  }

  async function update(id: number, input: unknown): Promise<Section> {
    const data = sectionPatch.parse(input);
    const current = await get(id);
    if (data.names) checkLanguages(data.names);
    if (data.slug && data.slug !== current.slug) {
      const exists = await db
        .selectFrom('sections')
        .select('id')
        .where('slug', '=', data.slug)
        .executeTakeFirst();
      if (exists) throw conflict('SECTION_SLUG_TAKEN', `A section with slug "${data.slug}" exists`);
    }
    await db
      .updateTable('sections')
      .set({
        ...(data.slug ? { slug: data.slug } : {}),
        ...(data.position !== undefined ? { position: data.position } : {}),
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    if (data.names || data.descriptions) {
      await writeNames(id, data.names ?? current.names, {
        ...current.descriptions,
        ...(data.descriptions ?? {}),
      });
    }
    // Section names appear in the menu of every page.
    publishChange([tags.all]);
    return get(id);
  }

  async function remove(id: number): Promise<void> {
    await get(id);
    const used = await db
      .selectFrom('articles')
      .select('id')
      .where('section_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    if (used) throw conflict('SECTION_IN_USE', 'The section still has stories; move them first');
    await db.deleteFrom('section_names').where('section_id', '=', id).execute();
    await db.deleteFrom('sections').where('id', '=', id).execute();
    publishChange([tags.all]);
  }

  async function bySlug(slug: string): Promise<Section | undefined> {
    return (await list()).find((s) => s.slug === slug);
  }

  return { list, get, create, update, remove, bySlug };
}

export type SectionsService = ReturnType<typeof createSectionsService>;
