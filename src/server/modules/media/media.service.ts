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
    const m = /^(\d{2,4})\.(webp|jpg)$/.exec(file);
    if (!m || !Number.isSafeInteger(id) || id <= 0) return null;
    return path.join(root, String(id), file);
  }

  return { ingest, get, variantPath };
}

export type MediaService = ReturnType<typeof createMediaService>;

export function mediaUrl(id: number, width: number, format: VariantFormat): string {
  return `/media/${id}/${width}.${format}`;
}
