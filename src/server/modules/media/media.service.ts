import fs from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import type { Db } from '../../db/database.ts';
import { badRequest, notFound } from '../../http/errors.ts';

/** Widths made for every image (only those not wider than the original). */
export const VARIANT_WIDTHS = [480, 800, 1200, 1600] as const;
export const VARIANT_FORMATS = ['webp', 'jpg'] as const;
export type VariantFormat = (typeof VARIANT_FORMATS)[number];

export interface MediaItem {
  id: number;
  width: number;
  height: number;
  widths: number[];
  credit: string;
}

export interface MediaServiceOptions {
  db: Db;
  dataDir: string;
  now?: () => number;
}

/**
 * Images are resized once, on upload, into every width and format the pages use;
 * readers are served those files as they are, with year-long immutable caching.
 */
export function createMediaService({ db, dataDir, now = Date.now }: MediaServiceOptions) {
  const root = path.join(dataDir, 'media');

  async function ingest(input: Buffer, opts: { credit?: string } = {}): Promise<MediaItem> {
    let meta: Metadata;
    try {
      meta = await sharp(input).metadata();
    } catch {
      throw badRequest('MEDIA_UNREADABLE', 'The file is not an image sharp can read');
    }
    if (!meta.width || !meta.height) throw badRequest('MEDIA_UNREADABLE', 'The image has no dimensions');
    const widths: number[] = VARIANT_WIDTHS.filter((w) => w <= meta.width!);
    if (widths.length === 0) widths.push(meta.width);
    const row = await db
      .insertInto('media')
      .values({
        width: meta.width,
        height: meta.height,
        variant_widths: widths.join(','),
        credit: opts.credit ?? '',
        created_at: now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const dir = path.join(root, String(row.id));
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
    return get(row.id);
  }

  async function get(id: number): Promise<MediaItem> {
    const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('MEDIA_NOT_FOUND', `No media with id ${id}`);
    return {
      id: row.id,
      width: row.width,
      height: row.height,
      widths: row.variant_widths.split(',').map(Number),
      credit: row.credit,
    };
  }

  /** Absolute path of a stored variant, or null when the name is not one we make. */
  function variantPath(id: number, file: string): string | null {
    const m = /^((\d{2,4})\.(webp|jpg)|crop-(16x9|4x3|1x1)\.jpg)$/.exec(file);
    if (!m || !Number.isSafeInteger(id) || id <= 0) return null;
    return path.join(root, String(id), file);
  }

  /**
   * The 1200-px-wide crops search engines and social cards ask for (16:9, 4:3, 1:1), made
   * from the largest stored variant the first time one is asked for, then kept on disk.
   * Returns the file's path, or null for media we do not have.
   */
  async function crop(id: number, ratio: CropRatio): Promise<string | null> {
    const file = path.join(root, String(id), `crop-${ratio}.jpg`);
    try {
      await fs.access(file);
      return file;
    } catch {
      // made below
    }
    const item = await get(id).catch(() => null);
    if (!item) return null;
    const source = path.join(root, String(id), `${Math.max(...item.widths)}.jpg`);
    const [w, h] = CROPS[ratio];
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await sharp(source)
      .resize({ width: w, height: h, fit: 'cover', position: 'attention' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toFile(tmp);
    // Rename is atomic: two concurrent requests never serve a half-written file.
    await fs.rename(tmp, file);
    return file;
  }

  return { ingest, get, variantPath, crop };
}

export type MediaService = ReturnType<typeof createMediaService>;

export type CropRatio = '16x9' | '4x3' | '1x1';
/** Pixel sizes of the crops: 1200 px wide, as Google's article guidelines recommend. */
export const CROPS: Record<CropRatio, [number, number]> = {
  '16x9': [1200, 675],
  '4x3': [1200, 900],
  '1x1': [1200, 1200],
};

export function cropUrl(id: number, ratio: CropRatio): string {
  return `/media/${id}/crop-${ratio}.jpg`;
}

export function mediaUrl(id: number, width: number, format: VariantFormat): string {
  return `/media/${id}/${width}.${format}`;
}
