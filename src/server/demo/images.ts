/**
 * Abstract hero illustrations for the demo stories: a gradient, soft light and a few geometric
 * shapes in the section's colours. Drawn as SVG and rasterised by sharp, so the demo needs no
 * photos (and no photo rights). The same key always gives the same picture.
 */
import sharp from 'sharp';
import { createRng, hashString, type Rng } from './rng.ts';

export const DEMO_IMAGE_SIZE = { width: 1600, height: 900 } as const;

interface Palette {
  readonly from: string;
  readonly to: string;
  readonly accents: readonly string[];
}

/** Colours per section: the part of the key before the last dash ("politics-2" → politics). */
const PALETTES: Readonly<Record<string, Palette>> = {
  politics: { from: '#1b2a6b', to: '#5b2a86', accents: ['#f2c14e', '#7fb3ff', '#ffffff'] },
  war: { from: '#2f3a24', to: '#6b5a2e', accents: ['#e0a43a', '#c9d6a3', '#f4efe1'] },
  world: { from: '#0f4c5c', to: '#1f7a8c', accents: ['#e1f2fe', '#ffb703', '#8ecae6'] },
  economy: { from: '#0b5d3b', to: '#1c8c5e', accents: ['#f6d55c', '#b8f2e6', '#ffffff'] },
  society: { from: '#b5523b', to: '#e08e45', accents: ['#fff1d6', '#5c3d2e', '#ffd166'] },
  technology: { from: '#1a1446', to: '#2b59c3', accents: ['#3ddcff', '#b388ff', '#e8f7ff'] },
  weather: { from: '#3a7bd5', to: '#8fd3fe', accents: ['#ffffff', '#ffe066', '#d0ebff'] },
  lifestyle: { from: '#c2457a', to: '#f4a38c', accents: ['#fff3e6', '#ffd6a5', '#6a2c70'] },
  sport: { from: '#a4161a', to: '#e85d04', accents: ['#ffba08', '#ffffff', '#370617'] },
  health: { from: '#0f766e', to: '#5eead4', accents: ['#f0fdfa', '#fde68a', '#134e4a'] },
};

const FALLBACK: Palette = { from: '#22313f', to: '#52657a', accents: ['#f5f5f5', '#f2c14e', '#9fb4c7'] };

function paletteFor(key: string): Palette {
  const section = key.replace(/-\d+$/, '');
  return PALETTES[section] ?? FALLBACK;
}

const f1 = (n: number) => n.toFixed(1);

function circles(r: Rng, w: number, h: number, accents: readonly string[]): string {
  const out: string[] = [];
  const n = r.int(3, 6);
  for (let i = 0; i < n; i++) {
    const rad = (0.12 + r.next() * 0.35) * h;
    const fill = r.pick(accents);
    const filled = r.chance(0.55);
    out.push(
      filled
        ? `<circle cx="${f1(r.next() * w)}" cy="${f1(r.next() * h)}" r="${f1(rad)}" fill="${fill}" opacity="${f1(0.08 + r.next() * 0.18)}"/>`
        : `<circle cx="${f1(r.next() * w)}" cy="${f1(r.next() * h)}" r="${f1(rad)}" fill="none" stroke="${fill}" stroke-width="${f1(2 + r.next() * 6)}" opacity="${f1(0.25 + r.next() * 0.35)}"/>`,
    );
  }
  return out.join('');
}

function bands(r: Rng, w: number, h: number, accents: readonly string[]): string {
  const out: string[] = [];
  const angle = -35 + r.next() * 70;
  const n = r.int(2, 4);
  for (let i = 0; i < n; i++) {
    const y = r.next() * h;
    const thick = (0.04 + r.next() * 0.12) * h;
    out.push(
      `<rect x="${f1(-w * 0.5)}" y="${f1(y)}" width="${f1(w * 2)}" height="${f1(thick)}" fill="${r.pick(accents)}" opacity="${f1(0.07 + r.next() * 0.16)}" transform="rotate(${f1(angle)} ${f1(w / 2)} ${f1(h / 2)})"/>`,
    );
  }
  return out.join('');
}

function polygons(r: Rng, w: number, h: number, accents: readonly string[]): string {
  const out: string[] = [];
  const n = r.int(2, 4);
  for (let i = 0; i < n; i++) {
    const cx = r.next() * w;
    const cy = r.next() * h;
    const size = (0.1 + r.next() * 0.25) * h;
    const sides = r.int(3, 6);
    const rot = r.next() * Math.PI;
    const pts: string[] = [];
    for (let k = 0; k < sides; k++) {
      const a = rot + (k * 2 * Math.PI) / sides;
      pts.push(`${f1(cx + Math.cos(a) * size)},${f1(cy + Math.sin(a) * size)}`);
    }
    out.push(
      `<polygon points="${pts.join(' ')}" fill="${r.pick(accents)}" opacity="${f1(0.1 + r.next() * 0.25)}"/>`,
    );
  }
  return out.join('');
}

/** A quiet grid of dots in one corner: texture without drawing attention. */
function dots(r: Rng, w: number, h: number, colour: string): string {
  const out: string[] = [];
  const step = Math.max(12, Math.round(h / 28));
  const cols = r.int(6, 12);
  const rows = r.int(4, 8);
  const x0 = r.chance(0.5) ? step * 2 : w - step * (cols + 2);
  const y0 = r.chance(0.5) ? step * 2 : h - step * (rows + 2);
  for (let i = 0; i < cols; i++) {
    for (let j = 0; j < rows; j++) {
      out.push(
        `<circle cx="${x0 + i * step}" cy="${y0 + j * step}" r="${f1(step * 0.12)}" fill="${colour}"/>`,
      );
    }
  }
  return `<g opacity="0.35">${out.join('')}</g>`;
}

/** Thin lines sweeping across the picture, like contour lines on a map. */
function waves(r: Rng, w: number, h: number, colour: string): string {
  const out: string[] = [];
  const n = r.int(3, 7);
  const base = r.next() * h;
  const amp = (0.05 + r.next() * 0.12) * h;
  for (let i = 0; i < n; i++) {
    const y = base + i * h * 0.035;
    out.push(
      `<path d="M ${f1(-w * 0.05)} ${f1(y)} C ${f1(w * 0.3)} ${f1(y - amp)}, ${f1(w * 0.6)} ${f1(y + amp)}, ${f1(w * 1.05)} ${f1(y - amp * 0.4)}" fill="none" stroke="${colour}" stroke-width="${f1(1 + h / 600)}" opacity="0.35"/>`,
    );
  }
  return out.join('');
}

export function demoImageSvg(key: string, width: number, height: number): string {
  const w = Math.max(1, Math.round(width));
  const h = Math.max(1, Math.round(height));
  const r = createRng(hashString(`image:${key}`));
  const p = paletteFor(key);
  const gx = r.next() < 0.5 ? 0 : 1;
  const glowX = f1((0.2 + r.next() * 0.6) * w);
  const glowY = f1((0.2 + r.next() * 0.6) * h);
  const layers = [
    bands(r, w, h, p.accents),
    circles(r, w, h, p.accents),
    polygons(r, w, h, p.accents),
    waves(r, w, h, p.accents[0]!),
    dots(r, w, h, p.accents[0]!),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    '<defs>',
    `<linearGradient id="bg" x1="${gx}" y1="0" x2="${1 - gx}" y2="1">`,
    `<stop offset="0" stop-color="${p.from}"/><stop offset="1" stop-color="${p.to}"/>`,
    '</linearGradient>',
    `<radialGradient id="glow" cx="${glowX}" cy="${glowY}" r="${f1(Math.max(w, h) * 0.55)}" gradientUnits="userSpaceOnUse">`,
    `<stop offset="0" stop-color="${p.accents[0]}" stop-opacity="0.35"/><stop offset="1" stop-color="${p.accents[0]}" stop-opacity="0"/>`,
    '</radialGradient>',
    '<linearGradient id="shade" x1="0" y1="0" x2="0" y2="1">',
    '<stop offset="0.55" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.35"/>',
    '</linearGradient>',
    '</defs>',
    `<rect width="${w}" height="${h}" fill="url(#bg)"/>`,
    `<rect width="${w}" height="${h}" fill="url(#glow)"/>`,
    ...layers,
    // A darker lower edge keeps captions and overlaid headlines readable.
    `<rect width="${w}" height="${h}" fill="url(#shade)"/>`,
    '</svg>',
  ].join('');
}

export async function renderDemoImage(key: string, width: number, height: number): Promise<Buffer> {
  return sharp(Buffer.from(demoImageSvg(key, width, height)))
    .png()
    .toBuffer();
}
