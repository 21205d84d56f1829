import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';
import { createMediaFiles, ORIGINAL } from './media.files.ts';
import { mediaRepo } from './media.repo.ts';
import { type CropRatio, cropFileName, focalPercent, type VariantFormat } from './urls.ts';

/** Widths made for every image (only those not wider than the original). */
export const VARIANT_WIDTHS = [480, 800, 1200, 1600] as const;
/** Formats of every width, best first: browsers take the first they support. */
export const VARIANT_FORMATS = ['avif', 'webp', 'jpg'] as const satisfies readonly VariantFormat[];

export interface MediaItem {
  id: number;
  width: number;
  height: number;
  widths: number[];
  /** The photographer's or agency's credit, in the site's first language. */
  credit: string;
  /** The credit in other languages, where it reads differently (language → text). */
  credits: Record<string, string>;
  /** Where the subject is, 0–1 from the left; 0.5 with `focalY` 0.5 means "not set". */
  focalX: number;
  /** Where the subject is, 0–1 from the top. */
  focalY: number;
}

/** A page of the library, newest first; `nextCursor` goes in `before` for the next page. */
export interface MediaPage {
  items: MediaItem[];
  nextCursor: string | null;
}

export interface MediaServiceOptions {
  db: Db;
  transactor: Transactor;
  dataDir: string;
  /** Largest image accepted, in pixels (width × height): decoding cost grows with it. */
  maxPixels?: number;
}

/**
 * Items are kept in memory (bounded): their dimensions never change; their credit and focal
 * point change rarely, and the use case that changes them updates this node's memory on commit
 * (other nodes: `forget`, from the event subscriber).
 */
const MEMO_LIMIT = 50_000;

const focal = z.number().min(0).max(1);
const creditText = z.string().trim().max(200);
/** Credits in other languages: an empty text removes one. */
const creditsPatch = z.record(z.string().regex(/^[a-z]{2}$/, 'a two-letter language code'), creditText);

/** The credit a page in `language` shows: its own, or the first language's. */
export function creditIn(item: Pick<MediaItem, 'credit' | 'credits'>, language: string): string {
  return item.credits[language] || item.credit;
}

/** A stored credits column: a JSON object of texts; anything else reads as none. */
function parseCredits(raw: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(raw);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(
      Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
    );
  } catch {
    return {};
  }
}

/** Credits kept: non-empty texts only, in language order (one spelling of "the same"). */
const tidyCredits = (c: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(c)
      .filter(([, t]) => t !== '')
      .sort(([a], [b]) => a.localeCompare(b)),
  );
/** What the desk may change about an item (the picture itself never changes). */
export const mediaPatch = z
  .object({
    credit: creditText.optional(),
    credits: creditsPatch.optional(),
    focalX: focal.optional(),
    focalY: focal.optional(),
  })
  .strict();

export const mediaQuery = z
  .object({
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(100).default(40),
  })
  .strict();

/** A focal coordinate as stored: rounded to a whole percent, the precision of crop names. */
const toStoredFocal = (v: number) => focalPercent(v) / 100;

/**
 * The media library. An upload is checked, its original written to disk, and only then its
 * row (in one transaction that moves the files into place): a failed upload leaves neither a
 * row without files nor files anyone can reach. Every responsive variant (each width as AVIF,
 * WebP and JPEG) and every crop for search engines is made from the original the first time
 * it is asked for, once however many ask at the same moment, written atomically and kept:
 * uploads stay fast and no file is made that nobody reads.
 */
export function createMediaService(o: MediaServiceOptions) {
  const root = path.join(o.dataDir, 'media');
  const maxPixels = o.maxPixels ?? 40_000_000;
  const memo = new Map<number, MediaItem>();

  const toItem = (r: {
    id: number;
    width: number;
    height: number;
    variant_widths: string;
    credit: string;
    credits: string;
    focal_x: number;
    focal_y: number;
  }): MediaItem => ({
    id: r.id,
    width: r.width,
    height: r.height,
    widths: r.variant_widths.split(',').map(Number),
    credit: r.credit,
    credits: parseCredits(r.credits),
    // PostgreSQL's double precision arrives as a number from `pg`; Number() guards other drivers.
    focalX: Number(r.focal_x),
    focalY: Number(r.focal_y),
  });

  function remember(item: MediaItem): void {
    memo.delete(item.id);
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
    memo.set(item.id, item);
  }

  /** Add an image to the library: the original on disk, then the row. */
  async function add(
    principal: Principal,
    input: Buffer,
    opts: { credit?: string; credits?: Record<string, string> } = {},
  ): Promise<MediaItem> {
    authorize(principal, 'media.upload');
    let meta: Metadata;
    try {
      meta = await sharp(input).metadata();
    } catch {
      throw fail('MEDIA_UNREADABLE', 'The file is not an image we can read');
    }
    if (!meta.width || !meta.height) throw fail('MEDIA_UNREADABLE', 'The image has no dimensions');
    if (meta.width * meta.height > maxPixels) {
      throw fail(
        'MEDIA_UNREADABLE',
        `The image is ${meta.width} × ${meta.height} pixels; at most ${maxPixels.toLocaleString('en')} pixels are accepted`,
      );
    }
    // Dimensions as readers see them: EXIF orientations 5–8 swap width and height.
    const [width, height] =
      (meta.orientation ?? 1) >= 5 ? [meta.height, meta.width] : [meta.width, meta.height];
    const widths: number[] = VARIANT_WIDTHS.filter((w) => w <= width);
    if (widths.length === 0) widths.push(width);
    const staging = path.join(root, `.incoming-${randomUUID()}`);
    try {
      await fs.mkdir(staging, { recursive: true });
      await fs.writeFile(path.join(staging, ORIGINAL), input);
      const id = await o.transactor.run(principal, async (tx) => {
        const id = await mediaRepo(tx.db).insert({
          width,
          height,
          widths,
          credit: (opts.credit ?? '').slice(0, 200),
          credits: tidyCredits(
            Object.fromEntries(Object.entries(opts.credits ?? {}).map(([l, t]) => [l, t.slice(0, 200)])),
          ),
          at: tx.now,
        });
        // A folder left by an earlier failed attempt at this id is nobody's: replace it.
        await fs.rm(path.join(root, String(id)), { recursive: true, force: true });
        await fs.rename(staging, path.join(root, String(id)));
        tx.record({ type: 'MediaAdded', id });
        return id;
      });
      return get(id);
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
  }

  /** Dimensions and widths of many items at once (from memory after the first time). */
  async function dims(ids: Iterable<number>): Promise<Map<number, MediaItem>> {
    const out = new Map<number, MediaItem>();
    const missing: number[] = [];
    for (const id of new Set(ids)) {
      const hit = memo.get(id);
      if (hit) out.set(id, hit);
      else missing.push(id);
    }
    if (missing.length) {
      for (const r of await mediaRepo(o.db).byIds(missing)) {
        const item = toItem(r);
        remember(item);
        out.set(item.id, item);
      }
    }
    return out;
  }

  async function get(id: number): Promise<MediaItem> {
    const item = (await dims([id])).get(id);
    if (!item) throw fail('MEDIA_NOT_FOUND', `No media with id ${id}`);
    return item;
  }

  /** The item as the database has it now (another node may have changed it), or null. */
  async function reload(id: number): Promise<MediaItem | null> {
    const row = await mediaRepo(o.db).byId(id);
    if (!row) {
      memo.delete(id);
      return null;
    }
    const item = toItem(row);
    remember(item);
    return item;
  }

  /** The library, newest first, a page at a time (keyset on id: stable while others upload). */
  async function list(principal: Principal, input: unknown): Promise<MediaPage> {
    authorize(principal, 'media.read');
    const q = mediaQuery.parse(input ?? {});
    const rows = await mediaRepo(o.db).page({
      limit: q.limit + 1,
      ...(q.before !== undefined ? { beforeId: q.before } : {}),
    });
    const items = rows.slice(0, q.limit).map(toItem);
    return {
      items,
      nextCursor: rows.length > q.limit ? String(items[items.length - 1]!.id) : null,
    };
  }

  /**
   * Change an item's credit and focal point. Focal coordinates are kept to a whole percent:
   * crops are named after them, and finer points would only make more names for the same crop.
   */
  async function update(principal: Principal, id: number, input: unknown): Promise<MediaItem> {
    authorize(principal, 'media.upload');
    const data = mediaPatch.parse(input ?? {});
    const change = {
      ...(data.credit !== undefined ? { credit: data.credit } : {}),
      ...(data.focalX !== undefined ? { focalX: toStoredFocal(data.focalX) } : {}),
      ...(data.focalY !== undefined ? { focalY: toStoredFocal(data.focalY) } : {}),
    };
    return o.transactor.run(principal, async (tx) => {
      const repo = mediaRepo(tx.db);
      const row = await repo.byId(id);
      if (!row) throw fail('MEDIA_NOT_FOUND', `No media with id ${id}`);
      const before = toItem(row);
      const credits = data.credits ? tidyCredits({ ...before.credits, ...data.credits }) : before.credits;
      const after: MediaItem = { ...before, ...change, credits };
      const sameCredits = JSON.stringify(credits) === JSON.stringify(before.credits);
      if (
        sameCredits &&
        after.credit === before.credit &&
        after.focalX === before.focalX &&
        after.focalY === before.focalY
      ) {
        // Nothing changes: no write, so no event and no audit entry.
        return before;
      }
      await repo.update(id, { ...change, ...(sameCredits ? {} : { credits }) });
      tx.record({ type: 'MediaChanged', id });
      tx.onCommit(() => remember(after));
      return after;
    });
  }

  const files = createMediaFiles({ root, get, reload });

  /** Every item, in id order, a page at a time (exports: what each picture's files are). */
  async function exportPage(afterId: number, limit: number) {
    return (await mediaRepo(o.db).after(afterId, limit)).map((r) => ({
      id: r.id,
      createdAt: Number(r.created_at),
      credit: r.credit,
      credits: parseCredits(r.credits),
      widths: r.variant_widths
        .split(',')
        .map(Number)
        .filter((n) => n > 0),
    }));
  }

  return {
    add,
    exportPage,
    get,
    list,
    update,
    dims,
    variantPath: files.variantPath,
    locate: files.locate,
    file: files.file,
    /** The crop search engines and social cards ask for, at the item's focal point (see `file`). */
    crop: async (id: number, ratio: CropRatio) => {
      const item = await get(id).catch(() => null);
      return item ? files.file(id, cropFileName(ratio, item)) : null;
    },
    /**
     * Drops what this node remembers of these items (all of them without ids): wired to
     * `MediaChanged` from other nodes, and to a resynchronisation.
     */
    forget(ids?: Iterable<number>): void {
      if (ids === undefined) memo.clear();
      else for (const id of ids) memo.delete(id);
    },
    /** Every media id, oldest first (the demo seeder spreads pictures over stories). */
    ids: () => mediaRepo(o.db).ids(),
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
