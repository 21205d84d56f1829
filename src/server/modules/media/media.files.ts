import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { focalRegion } from './crops.ts';
import { CROPS, type CropRatio, cropFileName, type FocalPoint, type VariantFormat } from './urls.ts';

/** The uploaded file as it came, in each item's folder. */
export const ORIGINAL = 'original';

/**
 * Names of the files we make: `800.avif`, `crop-16x9.jpg`, `crop-16x9-f30-70.jpg` (focal point
 * in whole percent, written without leading zeros so each point has exactly one name).
 */
const FILE = /^(?:(\d{2,4})\.(avif|webp|jpg)|crop-(16x9|4x3|1x1)(?:-f(100|[1-9]?\d)-(100|[1-9]?\d))?\.jpg)$/;

/**
 * Where a file of an item is: on disk (`file`), or, for a crop named after a focal point the
 * item no longer has and never made, under another name (`moved`: the current crop).
 */
export type Located = { kind: 'file'; path: string } | { kind: 'moved'; name: string };

/** What making an item's files needs to know of it. */
export interface FileSource extends FocalPoint {
  /** Widths of the variants it may have (`800.jpg` only if 800 is among them). */
  widths: number[];
}

export interface MediaFilesOptions {
  /** `DATA_DIR/media`: one folder per item, named by its id. */
  root: string;
  /** The item as this node remembers it (throws when there is none). */
  get: (id: number) => Promise<FileSource>;
  /** The item as the database has it now, or null. */
  reload: (id: number) => Promise<FileSource | null>;
}

/**
 * The files of the media library: every variant and crop is made from the original the first
 * time it is asked for, once however many ask at the same moment (single flight per file),
 * into a temporary file renamed into place, and kept.
 */
export function createMediaFiles(o: MediaFilesOptions) {
  const { root, get, reload } = o;
  const making = new Map<string, Promise<string | null>>();

  /** Absolute path of a variant or crop, or null when the name is not one we make. */
  function variantPath(id: number, file: string): string | null {
    if (!FILE.test(file) || !Number.isSafeInteger(id) || id <= 0) return null;
    return path.join(root, String(id), file);
  }

  /** The original; for items stored before originals were kept, their largest JPEG variant. */
  async function sourceOf(id: number, item: FileSource): Promise<string | null> {
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
      if (m[4] !== undefined && m[5] !== undefined) {
        // The focal point from the name, not the row: a file always shows what its name says.
        const point: FocalPoint = { focalX: Number(m[4]) / 100, focalY: Number(m[5]) / 100 };
        // The source's own size (an older item's source is its largest JPEG, not the original).
        const { autoOrient } = await sharp(source).metadata();
        pipeline = pipeline
          .extract(focalRegion(autoOrient.width, autoOrient.height, [w, h], point))
          .resize({ width: w, height: h, fit: 'cover' });
      } else {
        pipeline = pipeline.resize({ width: w, height: h, fit: 'cover', position: 'attention' });
      }
      pipeline = pipeline.jpeg({ quality: 82, mozjpeg: true });
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
   * Where a variant (`800.avif`, `1200.jpg`…) or crop (`crop-16x9.jpg`, `crop-16x9-f30-70.jpg`)
   * is, made on first request; null for names and media we do not have. A focal crop is made
   * only for the focal point the item has now (so nobody can fill the disk with every point);
   * one made earlier stays served, and an older name never made is `moved` to the current crop.
   */
  async function locate(id: number, name: string): Promise<Located | null> {
    const target = variantPath(id, name);
    if (!target) return null;
    try {
      await fs.access(target);
      return { kind: 'file', path: target };
    } catch {
      // made below
    }
    const m = FILE.exec(name)!;
    if (m[4] !== undefined && m[5] !== undefined) {
      const ratio = m[3] as CropRatio;
      const current = (item: FileSource | null) => item && cropFileName(ratio, item);
      let now = current(await get(id).catch(() => null));
      // Another node may have set this focal point since this node remembered the item.
      if (now !== name) now = current(await reload(id));
      if (now === null) return null;
      if (now !== name) return { kind: 'moved', name: now };
    }
    let pending = making.get(target);
    if (!pending) {
      pending = render(id, name, target).finally(() => making.delete(target));
      making.set(target, pending);
    }
    const made = await pending;
    return made ? { kind: 'file', path: made } : null;
  }

  /** The path of a variant or crop, made if need be (see `locate`); null if there is none. */
  async function file(id: number, name: string): Promise<string | null> {
    const found = await locate(id, name);
    return found?.kind === 'file' ? found.path : null;
  }

  return { variantPath, locate, file };
}
