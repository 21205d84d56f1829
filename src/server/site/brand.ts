import sharp from 'sharp';
import { MARK_SVG } from './mark.ts';

const cache = new Map<number, Promise<Buffer>>();

/** The mark as a PNG of `size` pixels, drawn once per size and kept in memory (favicon, publisher logo). */
export function logoPng(size: number): Promise<Buffer> {
  let p = cache.get(size);
  if (!p) {
    p = sharp(Buffer.from(MARK_SVG), { density: Math.max(72, (72 * size) / 64) })
      .resize(size, size)
      .png()
      .toBuffer();
    cache.set(size, p);
  }
  return p;
}

export const LOGO_SIZE = 512;
export const LOGO_PATH = '/assets/logo.png';
