import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { Db } from '../../db/database.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal } from '../../domain/principal.ts';
import { mediaRepo } from './media.repo.ts';
import { CROPS, type CropRatio, type VariantFormat } from './urls.ts';

/** Widths made for every image (only those not wider than the original). */
export const VARIANT_WIDTHS = [480, 800, 1200, 1600] as const;
export const VARIANT_FORMATS = ['webp', 'jpg'] as const satisfies readonly VariantFormat[];

export interface MediaItem {
  id: number;
  width: number;
  height: number;
  widths: number[];
  credit: string;
}

export interface MediaServiceOptions {
  db: Db;
  transactor: Transactor;
  dataDir: string;
}

/** Media items never change once stored, so their dimensions are kept in memory (bounded). */
const MEMO_LIMIT = 50_000;

/**
 * Images are resized once, on upload, into every width and format the pages use; readers
 * are served those files as they are, with year-long immutable caching. Files are written
 * first (into a folder of their own), then the row, in one transaction that renames the
 * folder to the new id: a failed upload leaves neither a row without files nor files
 * anyone can reach.
 */
export function createMediaService(o: MediaServiceOptions) {
  const root = path.join(o.dataDir, 'media');
  const memo = new Map<number, MediaItem>();
  const crops = new Map<string, Promise<string | null>>();

  const toItem = (r: {
    id: number;
    width: number;
    height: number;
    variant_widths: string;
    credit: string;
  }): MediaItem => ({
    id: r.id,
    width: r.width,
    height: r.height,
    widths: r.variant_widths.split(',').map(Number),
    credit: r.credit,
  });

  async function writeVariants(input: Buffer, dir: string, widths: number[]): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    for (const w of widths) {
      const resized = sharp(input).rotate().resize({ width: w, withoutEnlargement: true });
      await resized
        .clone()
        .webp({ quality: 78 })
        .toFile(path.join(dir, `${w}.webp`));
      await resized
        .clone()
        .jpeg({ quality: 80, mozjpeg: true })
        .toFile(path.join(dir, `${w}.jpg`));
    }
  }

  /** Add an image to the library: every variant on disk, then the row. */
  async function add(
    principal: Principal,
    input: Buffer,
    opts: { credit?: string } = {},
  ): Promise<MediaItem> {
    authorize(principal, 'media.upload');
    let meta: Metadata;
    try {
      meta = await sharp(input).metadata();
    } catch {
      throw fail('MEDIA_UNREADABLE', 'The file is not an image we can read');
    }
    if (!meta.width || !meta.height) throw fail('MEDIA_UNREADABLE', 'The image has no dimensions');
    const widths: number[] = VARIANT_WIDTHS.filter((w) => w <= meta.width!);
    if (widths.length === 0) widths.push(meta.width);
    const staging = path.join(root, `.incoming-${randomUUID()}`);
    try {
      await writeVariants(input, staging, widths);
      const id = await o.transactor.run(principal, async (tx) => {
        const id = await mediaRepo(tx.db).insert({
          width: meta.width!,
          height: meta.height!,
          widths,
          credit: (opts.credit ?? '').slice(0, 200),
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
        if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value!);
        memo.set(item.id, item);
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

  /** Absolute path of a stored variant, or null when the name is not one we make. */
  function variantPath(id: number, file: string): string | null {
    const m = /^((\d{2,4})\.(webp|jpg)|crop-(16x9|4x3|1x1)\.jpg)$/.exec(file);
    if (!m || !Number.isSafeInteger(id) || id <= 0) return null;
    return path.join(root, String(id), file);
  }

  async function makeCrop(id: number, ratio: CropRatio, file: string): Promise<string | null> {
    const item = await get(id).catch(() => null);
    if (!item) return null;
    const source = path.join(root, String(id), `${Math.max(...item.widths)}.jpg`);
    const [w, h] = CROPS[ratio];
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      await sharp(source)
        .resize({ width: w, height: h, fit: 'cover', position: 'attention' })
        .jpeg({ quality: 82, mozjpeg: true })
        .toFile(tmp);
      // Rename is atomic: a concurrent reader never sees a half-written file.
      await fs.rename(tmp, file);
    } finally {
      await fs.rm(tmp, { force: true });
    }
    return file;
  }

  /**
   * The 1200-px-wide crops search engines and social cards ask for (16:9, 4:3, 1:1), made
   * from the largest stored variant the first time one is asked for, once however many ask
   * at the same moment, then kept on disk. Returns the file's path, or null for media we do
   * not have.
   */
  async function crop(id: number, ratio: CropRatio): Promise<string | null> {
    const file = path.join(root, String(id), `crop-${ratio}.jpg`);
    try {
      await fs.access(file);
      return file;
    } catch {
      // made below
    }
    let making = crops.get(file);
    if (!making) {
      making = makeCrop(id, ratio, file).finally(() => crops.delete(file));
      crops.set(file, making);
    }
    return making;
  }

  return {
    add,
    get,
    dims,
    variantPath,
    crop,
    /** Every media id, oldest first (the demo seeder spreads pictures over stories). */
    ids: () => mediaRepo(o.db).ids(),
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
