import { z } from 'zod';
import { slugify } from '../../../shared/translit.ts';
import type { Db } from '../../db/database.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { type PublishChange, tags } from '../changes.ts';

export interface Author {
  id: number;
  slug: string;
  photoMediaId: number | null;
  names: Record<string, string>;
  bios: Record<string, string>;
}

export const authorInput = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase ASCII words joined by dashes')
    .max(80)
    .optional(),
  names: z.record(z.string(), z.string().trim().min(1).max(120)),
  bios: z.record(z.string(), z.string().trim().max(2000)).optional(),
  photoMediaId: z.number().int().positive().nullable().optional(),
});
export const authorPatch = authorInput.partial();

export interface AuthorsServiceOptions {
  db: Db;
  languages: string[];
  publishChange: PublishChange;
  now?: () => number;
}

export function createAuthorsService({
  db,
  languages,
  publishChange,
  now = Date.now,
}: AuthorsServiceOptions) {
  async function load(where: { id?: number; slug?: string }): Promise<Author | undefined> {
    let q = db.selectFrom('authors').selectAll();
    if (where.id !== undefined) q = q.where('id', '=', where.id);
    if (where.slug !== undefined) q = q.where('slug', '=', where.slug);
    const row = await q.executeTakeFirst();
    if (!row) return undefined;
    const profiles = await db
      .selectFrom('author_profiles')
      .selectAll()
      .where('author_id', '=', row.id)
      .execute();
    return {
      id: row.id,
      slug: row.slug,
      photoMediaId: row.photo_media_id,
      names: Object.fromEntries(profiles.map((p) => [p.language, p.name])),
      bios: Object.fromEntries(profiles.map((p) => [p.language, p.bio])),
    };
  }

  async function get(id: number): Promise<Author> {
    const a = await load({ id });
    if (!a) throw notFound('AUTHOR_NOT_FOUND', `No author with id ${id}`);
    return a;
  }

  const bySlug = (slug: string) => load({ slug });

  async function list(): Promise<Author[]> {
    const rows = await db.selectFrom('authors').select('id').orderBy('id').execute();
    return Promise.all(rows.map((r) => get(r.id)));
  }

  async function uniqueSlug(base: string): Promise<string> {
    let slug = base;
    for (let i = 2; ; i++) {
      const taken = await db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirst();
      if (!taken) return slug;
      slug = `${base}-${i}`;
    }
  }

  async function writeProfiles(
    authorId: number,
    names: Record<string, string>,
    bios: Record<string, string>,
  ) {
    for (const [language, name] of Object.entries(names)) {
      const bio = bios[language] ?? '';
      await db
        .insertInto('author_profiles')
        .values({ author_id: authorId, language, name, bio })
        .onConflict((oc) => oc.columns(['author_id', 'language']).doUpdateSet({ name, bio }))
        .execute();
    }
  }

  function checkLanguages(names: Record<string, string>) {
    if (Object.keys(names).length === 0)
      throw badRequest('VALIDATION_FAILED', 'names: at least one language');
    for (const l of Object.keys(names)) {
      if (!languages.includes(l)) throw badRequest('UNKNOWN_LANGUAGE', `Language "${l}" is not configured`);
    }
  }

  async function create(input: unknown): Promise<Author> {
    const data = authorInput.parse(input);
    checkLanguages(data.names);
    const firstName = data.names[languages.find((l) => data.names[l]) ?? ''] ?? Object.values(data.names)[0]!;
    const firstLang = languages.find((l) => data.names[l]) ?? languages[0]!;
    let slug: string;
    if (data.slug) {
      const taken = await db
        .selectFrom('authors')
        .select('id')
        .where('slug', '=', data.slug)
        .executeTakeFirst();
      if (taken) throw conflict('AUTHOR_SLUG_TAKEN', `An author with slug "${data.slug}" exists`);
      slug = data.slug;
    } else {
      slug = await uniqueSlug(slugify(firstName, firstLang));
    }
    const t = now();
    const row = await db
      .insertInto('authors')
      .values({ slug, photo_media_id: data.photoMediaId ?? null, created_at: t, updated_at: t })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeProfiles(row.id, data.names, data.bios ?? {});
    return get(row.id);
  }

  /** Finds an author by the name in one language, creating one when there is none. */
  async function findOrCreateByName(language: string, name: string): Promise<Author> {
    const trimmed = name.trim();
    const hit = await db
      .selectFrom('author_profiles')
      .select('author_id')
      .where('language', '=', language)
      .where('name', '=', trimmed)
      .executeTakeFirst();
    if (hit) return get(hit.author_id);
    return create({ names: { [language]: trimmed } });
  }

  async function update(id: number, input: unknown): Promise<Author> {
    const data = authorPatch.parse(input);
    const current = await get(id);
    if (data.names) checkLanguages(data.names);
    if (data.slug && data.slug !== current.slug) {
      const taken = await db
        .selectFrom('authors')
        .select('id')
        .where('slug', '=', data.slug)
        .executeTakeFirst();
      if (taken) throw conflict('AUTHOR_SLUG_TAKEN', `An author with slug "${data.slug}" exists`);
    }
    await db
      .updateTable('authors')
      .set({
        ...(data.slug ? { slug: data.slug } : {}),
        ...(data.photoMediaId !== undefined ? { photo_media_id: data.photoMediaId } : {}),
        updated_at: now(),
      })
      .where('id', '=', id)
      .execute();
    await writeProfiles(
      id,
      { ...current.names, ...(data.names ?? {}) },
      { ...current.bios, ...(data.bios ?? {}) },
    );
    // The byline on every story of this author shows the name.
    publishChange([tags.author(id)]);
    return get(id);
  }

  async function remove(id: number): Promise<void> {
    await get(id);
    const used = await db
      .selectFrom('articles')
      .select('id')
      .where('author_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    if (used) throw conflict('AUTHOR_IN_USE', 'The author still has stories; reassign them first');
    await db.deleteFrom('author_profiles').where('author_id', '=', id).execute();
    await db.deleteFrom('authors').where('id', '=', id).execute();
    publishChange([tags.author(id)]);
  }

  return { get, bySlug, list, create, update, remove, findOrCreateByName };
}

export type AuthorsService = ReturnType<typeof createAuthorsService>;
