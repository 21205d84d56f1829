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
/** Formats of every width, best first: browsers take the first they support. */
export const VARIANT_FORMATS = ['avif', 'webp', 'jpg'] as const satisfies readonly VariantFormat[];

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
  /** Largest image accepted, in pixels (width × height): decoding cost grows with it. */
  maxPixels?: number;
}

/** Media items never change once stored, so their dimensions are kept in memory (bounded). */
const MEMO_LIMIT = 50_000;
const ORIGINAL = 'original';
const FILE = /^(?:(\d{2,4})\.(avif|webp|jpg)|crop-(16x9|4x3|1x1)\.jpg)$/;

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
  const making = new Map<string, Promise<string | null>>();

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

  /** Add an image to the library: the original on disk, then the row. */
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

  /** Absolute path of a variant or crop, or null when the name is not one we make. */
  function variantPath(id: number, file: string): string | null {
    if (!FILE.test(file) || !Number.isSafeInteger(id) || id <= 0) return null;
    return path.join(root, String(id), file);
  }

  /** The original; for items stored before originals were kept, their largest JPEG variant. */
  async function sourceOf(id: number, item: MediaItem): Promise<string | null> {
    const dir = path.join(root, String(id));
    for (const name of [ORIGINAL, ...[...item.widths].reverse().map((w) => `${w}.jpg`)]) {
      try {
        await fs.access(path.join(dir, name));
        return path.join(dir, name);
      } catch {
        // try the next
      }
    }
    return null;
  }

  async function render(id: number, file: string, target: string): Promise<string | null> {
    const item = await get(id).catch(() => null);
    if (!item) return null;
    const m = FILE.exec(file)!;
    const source = await sourceOf(id, item);
    if (!source) return null;
    let pipeline = sharp(source).rotate();
    if (m[3]) {
      const [w, h] = CROPS[m[3] as CropRatio];
      pipeline = pipeline.resize({ width: w, height: h, fit: 'cover', position: 'attention' }).jpeg({
        quality: 82,
        mozjpeg: true,
      });
    } else {
      const width = Number(m[1]);
      if (!item.widths.includes(width)) return null;
      pipeline = pipeline.resize({ width, withoutEnlargement: true });
      const format = m[2] as VariantFormat;
      pipeline =
        format === 'avif'
          ? pipeline.avif({ quality: 55, effort: 3 })
          : format === 'webp'
            ? pipeline.webp({ quality: 78 })
            : pipeline.jpeg({ quality: 80, mozjpeg: true });
    }
    const tmp = `${target}.${randomUUID()}.tmp`;
    try {
      await pipeline.toFile(tmp);
      // Rename is atomic: a concurrent reader never sees a half-written file.
      await fs.rename(tmp, target);
    } finally {
      await fs.rm(tmp, { force: true });
    }
    return target;
  }

  /**
   * The file of a variant (`800.avif`, `1200.jpg`…) or crop (`crop-16x9.jpg`), made on first
   * request. Returns its path, or null for names and media we do not have.
   */
  async function file(id: number, name: string): Promise<string | null> {
    const target = variantPath(id, name);
    if (!target) return null;
    try {
      await fs.access(target);
      return target;
    } catch {
      // made below
    }
    let pending = making.get(target);
    if (!pending) {
      pending = render(id, name, target).finally(() => making.delete(target));
      making.set(target, pending);
    }
    return pending;
  }

  return {
    add,
    get,
    dims,
    variantPath,
    file,
    /** The crop search engines and social cards ask for (see `file`). */
    crop: (id: number, ratio: CropRatio) => file(id, `crop-${ratio}.jpg`),
    /** Every media id, oldest first (the demo seeder spreads pictures over stories). */
    ids: () => mediaRepo(o.db).ids(),
  };
}

export type MediaService = ReturnType<typeof createMediaService>;
