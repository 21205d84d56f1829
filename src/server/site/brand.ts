import sharp from 'sharp';

/**
 * The site mark: a red square with three white columns (a "шпальта" is a newspaper
 * column). Drawn once per size and kept in memory; used as favicon and as the publisher
 * logo in structured data.
 */
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="10" fill="#b3121f"/>
<rect x="12" y="14" width="10" height="36" rx="2" fill="#fff"/>
<rect x="27" y="14" width="10" height="36" rx="2" fill="#fff"/>
<rect x="42" y="14" width="10" height="24" rx="2" fill="#fff"/>
</svg>`;

const cache = new Map<number, Promise<Buffer>>();

export function logoPng(size: number): Promise<Buffer> {
  let p = cache.get(size);
  if (!p) {
    p = sharp(Buffer.from(SVG), { density: Math.max(72, (72 * size) / 64) })
      .resize(size, size)
      .png()
      .toBuffer();
    cache.set(size, p);
  }
  return p;
}

export const LOGO_SIZE = 512;
export const LOGO_PATH = '/assets/logo.png';
