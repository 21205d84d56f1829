import { z } from 'zod';
import { slugify } from '../../../shared/translit.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { Transactor, Tx } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import type { Languages } from '../../domain/languages.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';
import { authorsRepo } from './authors.repo.ts';

export interface Author {
  id: number;
  slug: string;
  photoMediaId: number | null;
  names: Record<string, string>;
  bios: Record<string, string>;
  /** Role in the newsroom, per language. */
  jobTitles: Record<string, string>;
  /** Subjects the author knows, per language. */
  expertise: Record<string, string[]>;
  /** Where readers may write ('' = not shown). */
  email: string;
  /** Profiles elsewhere (addresses). */
  sameAs: string[];
}

/** Stored JSON of profile addresses, tolerant of anything older or hand-edited. */
function parseSameAs(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase ASCII words joined by dashes')
  .max(80);

export const authorInput = z
  .object({
    slug: slug.optional(),
    names: z.record(z.string(), z.string().trim().min(1).max(120)),
    bios: z.record(z.string(), z.string().trim().max(2000)).optional(),
    photoMediaId: z.number().int().positive().nullable().optional(),
    jobTitles: z.record(z.string(), z.string().trim().max(120)).optional(),
    expertise: z.record(z.string(), z.array(z.string().trim().min(1).max(60)).max(12)).optional(),
    email: z.union([z.email().max(200), z.literal('')]).optional(),
    sameAs: z
      .array(z.url({ protocol: /^https?$/ }).max(300))
      .max(10)
      .optional(),
  })
  .strict();
export const authorPatch = authorInput.partial().strict();

/** Subjects per language as stored: one a line. */
function expertiseText(e: Record<string, string[]> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(e ?? {}).map(([l, topics]) => [l, topics.join('\n')]));
}

export interface AuthorsServiceOptions {
  db: Db;
  dialect: DialectHelpers;
  transactor: Transactor;
  languages: Languages;
}

/**
 * Authors (bylines): a slug, an optional photo, a name and bio per language. All authors are
 * held in memory (bylines are on every list) and dropped on every node when an
 * `AuthorChanged` event arrives (`invalidate`).
 */
export function createAuthorsService(o: AuthorsServiceOptions) {
  let memo: Promise<Map<number, Author>> | null = null;

  async function load(ex: Executor): Promise<Map<number, Author>> {
    const { rows, profiles } = await authorsRepo(ex).all();
    const out = new Map<number, Author>();
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        slug: r.slug,
        photoMediaId: r.photo_media_id,
        names: {},
        bios: {},
        jobTitles: {},
        expertise: {},
        email: r.email,
        sameAs: parseSameAs(r.same_as),
      });
    }
    for (const p of profiles) {
      const a = out.get(p.author_id);
      if (!a) continue;
      a.names[p.language] = p.name;
      a.bios[p.language] = p.bio;
      if (p.job_title) a.jobTitles[p.language] = p.job_title;
      const topics = p.expertise.split('\n').filter((t) => t.trim());
      if (topics.length) a.expertise[p.language] = topics;
    }
    return out;
  }

  function all(): Promise<Map<number, Author>> {
    if (!memo) {
      const loading = load(o.db);
      memo = loading;
      loading.catch(() => {
        if (memo === loading) memo = null;
      });
    }
    return memo;
  }

  async function get(id: number): Promise<Author> {
    const a = (await all()).get(id);
    if (!a) throw fail('AUTHOR_NOT_FOUND', `No author with id ${id}`);
    return a;
  }

  /**
   * The byline in a language: the author's name there, else in the site's first language that
   * has one, else any, else the slug. The one place this fallback is decided.
   */
  function displayName(a: Author, language: string): string {
    const first = [language, ...o.languages.list].find((l) => a.names[l]);
    return (first ? a.names[first] : Object.values(a.names)[0]) ?? a.slug;
  }

  async function uniqueSlug(ex: Executor, base: string): Promise<string> {
    const repo = authorsRepo(ex);
    let candidate = base;
    for (let i = 2; await repo.idBySlug(candidate); i++) candidate = `${base}-${i}`;
    return candidate;
  }

  /** Creates an author inside an open transaction (also used when a story names a new byline). */
  async function createIn(tx: Tx, data: z.infer<typeof authorInput>): Promise<number> {
    o.languages.checkKeys(data.names);
    if (Object.keys(data.names).length === 0) throw fail('VALIDATION_FAILED', 'names: at least one language');
    const repo = authorsRepo(tx.db);
    let s: string;
    if (data.slug) {
      if (await repo.idBySlug(data.slug)) {
        throw fail('AUTHOR_SLUG_TAKEN', `An author with slug "${data.slug}" exists`);
      }
      s = data.slug;
    } else {
      const lang = o.languages.list.find((l) => data.names[l]) ?? Object.keys(data.names)[0]!;
      s = await uniqueSlug(tx.db, slugify(data.names[lang]!, lang));
    }
    const id = await repo.insert({
      slug: s,
      photoMediaId: data.photoMediaId ?? null,
      email: data.email ?? '',
      sameAs: data.sameAs ?? [],
      at: tx.now,
    });
    await repo.writeProfiles(
      id,
      data.names,
      data.bios ?? {},
      data.jobTitles ?? {},
      expertiseText(data.expertise),
    );
    tx.record({ type: 'AuthorChanged', id, change: 'created' });
    return id;
  }

  async function create(principal: Principal, input: unknown): Promise<Author> {
    authorize(principal, 'author.manage');
    const data = authorInput.parse(input);
    const id = await mapMediaError(() => o.transactor.run(principal, (tx) => createIn(tx, data)));
    return get(id);
  }

  /** The author with this name in this language, created when there is none (inside a story's transaction). */
  async function ensureByName(tx: Tx, language: string, name: string): Promise<number> {
    const trimmed = name.trim();
    const found = await authorsRepo(tx.db).idByName(language, trimmed);
    return found ?? createIn(tx, { names: { [language]: trimmed } });
  }

  async function exists(tx: Tx, id: number): Promise<boolean> {
    return authorsRepo(tx.db).exists(id);
  }

  async function update(principal: Principal, id: number, input: unknown): Promise<Author> {
    authorize(principal, 'author.manage');
    const data = authorPatch.parse(input);
    if (data.names) o.languages.checkKeys(data.names);
    await mapMediaError(() =>
      o.transactor.run(principal, async (tx) => {
        const repo = authorsRepo(tx.db);
        if (!(await repo.exists(id))) throw fail('AUTHOR_NOT_FOUND', `No author with id ${id}`);
        if (data.slug) {
          const holder = await repo.idBySlug(data.slug);
          if (holder !== undefined && holder !== id) {
            throw fail('AUTHOR_SLUG_TAKEN', `An author with slug "${data.slug}" exists`);
          }
        }
        await repo.update(id, {
          ...(data.slug ? { slug: data.slug } : {}),
          ...(data.photoMediaId !== undefined ? { photoMediaId: data.photoMediaId } : {}),
          ...(data.email !== undefined ? { email: data.email } : {}),
          ...(data.sameAs !== undefined ? { sameAs: data.sameAs } : {}),
          at: tx.now,
        });
        const current = await repo.profiles(id);
        const of = (f: (p: (typeof current)[number]) => string) =>
          Object.fromEntries(current.map((p) => [p.language, f(p)]));
        if (data.jobTitles) o.languages.checkKeys(data.jobTitles);
        if (data.expertise) o.languages.checkKeys(data.expertise);
        await repo.writeProfiles(
          id,
          { ...of((p) => p.name), ...(data.names ?? {}) },
          { ...of((p) => p.bio), ...(data.bios ?? {}) },
          { ...of((p) => p.job_title), ...(data.jobTitles ?? {}) },
          { ...of((p) => p.expertise), ...expertiseText(data.expertise) },
        );
        // Bylines on every story of this author show the name.
        tx.record({ type: 'AuthorChanged', id, change: 'updated' });
      }),
    );
    return get(id);
  }

  async function remove(principal: Principal, id: number): Promise<void> {
    authorize(principal, 'author.manage');
    try {
      await o.transactor.run(principal, async (tx) => {
        const repo = authorsRepo(tx.db);
        if (!(await repo.exists(id))) throw fail('AUTHOR_NOT_FOUND', `No author with id ${id}`);
        await repo.remove(id);
        tx.record({ type: 'AuthorChanged', id, change: 'deleted' });
      });
    } catch (err) {
      if (o.dialect.isForeignKeyViolation(err)) {
        throw fail('AUTHOR_IN_USE', 'The author still has stories; reassign them first');
      }
      throw err;
    }
  }

  /** A photo id that names no media item is refused by a foreign key: say so. */
  async function mapMediaError<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (o.dialect.isForeignKeyViolation(err))
        throw fail('UNKNOWN_MEDIA', 'No media item with this photo id');
      throw err;
    }
  }

  return {
    list: async (): Promise<Author[]> => [...(await all()).values()],
    all,
    get,
    bySlug: async (s: string): Promise<Author | undefined> =>
      [...(await all()).values()].find((a) => a.slug === s),
    displayName,
    create,
    update,
    remove,
    ensureByName,
    exists,
    invalidate(): void {
      memo = null;
    },
  };
}

export type AuthorsService = ReturnType<typeof createAuthorsService>;
