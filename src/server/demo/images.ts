/**
 * Abstract hero illustrations for the demo stories: a gradient, soft light and a few geometric
 * shapes in the section's colours. Drawn as SVG and rasterised by sharp, so the demo needs no
 * photos (and no photo rights). The same key always gives the same picture.
 */
import sharp from 'sharp';
import { createRng, hashString, type Rng } from './rng.ts';

/**
 * 16:9 at 1200 px: the widest hero variant a phone or a 800-px desktop column asks for, and
 * three variants a picture rather than four, which keeps the demo's first start short.
 */
export const DEMO_IMAGE_SIZE = { width: 1200, height: 675 } as const;

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

/** Hue turns (degrees) for the variants of a section: neighbours differ, all stay in the family. */
const HUE_TURNS: readonly number[] = [0, 34, -34, 68, -68, 17, -51, 51, -17, 85];

function rotateHue(hex: string, degrees: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return hex;
  const s = d / (1 - Math.abs(2 * l - 1));
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h = (((h * 60 + degrees) % 360) + 360) % 360;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r1, g1, b1] =
    h < 60
      ? [c, x, 0]
      : h < 120
        ? [x, c, 0]
        : h < 180
          ? [0, c, x]
          : h < 240
            ? [0, x, c]
            : h < 300
              ? [x, 0, c]
              : [c, 0, x];
  const to255 = (v: number) =>
    Math.round((v + m) * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${to255(r1)}${to255(g1)}${to255(b1)}`;
}

/** "politics-3" → variant 2 (from 0); a key without a number gets one from its hash. */
function variantOf(key: string): number {
  const m = /-(\d+)$/.exec(key);
  return m ? Number(m[1]) - 1 : hashString(key);
}

/** The section's palette for one variant of its illustrations. */
function paletteFor(key: string): Palette {
  const base = PALETTES[key.replace(/-\d+$/, '')] ?? FALLBACK;
  const variant = variantOf(key);
  // The section's palette turned for the variant; odd variants run the gradient the other way.
  const turn = HUE_TURNS[variant % HUE_TURNS.length]!;
  const p: Palette = {
    from: rotateHue(base.from, turn),
    to: rotateHue(base.to, turn),
    accents: base.accents.map((a) => rotateHue(a, turn / 2)),
  };
  return variant % 2 === 1 ? { ...p, from: p.to, to: p.from } : p;
}

const f1 = (n: number) => n.toFixed(1);

/** Rings around one centre, like ripples or a target. */
function orbits(r: Rng, w: number, h: number, accents: readonly string[]): string {
  const cx = (0.2 + r.next() * 0.6) * w;
  const cy = (0.2 + r.next() * 0.6) * h;
  const out: string[] = [];
  const n = r.int(5, 9);
  for (let i = 1; i <= n; i++) {
    out.push(
      `<circle cx="${f1(cx)}" cy="${f1(cy)}" r="${f1(i * h * 0.11)}" fill="none" stroke="${r.pick(accents)}" stroke-width="${f1(h * (0.006 + r.next() * 0.03))}" opacity="${f1(0.25 + r.next() * 0.4)}"/>`,
    );
  }
  return out.join('');
}

/** A mosaic of tiles over part of the picture. */
function tiles(r: Rng, w: number, h: number, accents: readonly string[]): string {
  const out: string[] = [];
  const size = h / r.int(5, 8);
  const cols = Math.ceil(w / size);
  const rows = Math.ceil(h / size);
  const fromLeft = r.chance(0.5);
  for (let i = 0; i < cols; i++) {
    // Denser towards one side, fading out towards the other.
    const density = fromLeft ? 1 - i / cols : i / cols;
    for (let j = 0; j < rows; j++) {
      if (!r.chance(density * 0.8)) continue;
      out.push(
        `<rect x="${f1(i * size + 2)}" y="${f1(j * size + 2)}" width="${f1(size - 4)}" height="${f1(size - 4)}" fill="${r.pick(accents)}" opacity="${f1(0.08 + r.next() * 0.3)}"/>`,
      );
    }
  }
  return out.join('');
}

/** Light falling from a corner in wedges. */
function rays(r: Rng, w: number, h: number, accents: readonly string[]): string {
  const out: string[] = [];
  const ox = r.chance(0.5) ? 0 : w;
  const oy = r.chance(0.5) ? 0 : h;
  const n = r.int(6, 11);
  const far = Math.hypot(w, h) * 1.2;
  for (let i = 0; i < n; i++) {
    const a = r.next() * Math.PI * 2;
    const spread = 0.03 + r.next() * 0.1;
    const p1 = `${f1(ox + Math.cos(a) * far)},${f1(oy + Math.sin(a) * far)}`;
    const p2 = `${f1(ox + Math.cos(a + spread) * far)},${f1(oy + Math.sin(a + spread) * far)}`;
    out.push(
      `<polygon points="${f1(ox)},${f1(oy)} ${p1} ${p2}" fill="${r.pick(accents)}" opacity="${f1(0.1 + r.next() * 0.25)}"/>`,
    );
  }
  return out.join('');
}

function circles(r: Rng, w: number, h: number, accents: readonly string[], n = r.int(3, 6)): string {
  const out: string[] = [];
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

function bands(
  r: Rng,
  w: number,
  h: number,
  accents: readonly string[],
  n = r.int(2, 4),
  strong = false,
): string {
  const out: string[] = [];
  const angle = -35 + r.next() * 70;
  for (let i = 0; i < n; i++) {
    const y = r.next() * h;
    const thick = (0.04 + r.next() * (strong ? 0.2 : 0.12)) * h;
    out.push(
      `<rect x="${f1(-w * 0.5)}" y="${f1(y)}" width="${f1(w * 2)}" height="${f1(thick)}" fill="${r.pick(accents)}" opacity="${f1((strong ? 0.15 : 0.07) + r.next() * 0.16)}" transform="rotate(${f1(angle)} ${f1(w / 2)} ${f1(h / 2)})"/>`,
    );
  }
  return out.join('');
}

function polygons(r: Rng, w: number, h: number, accents: readonly string[], n = r.int(2, 4)): string {
  const out: string[] = [];
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
  const a = p.accents;
  // Each variant of a section leads with its own composition, so two stories side by side
  // never look alike; the layers underneath vary with the key as before.
  const variant = variantOf(key);
  const compositions: readonly (() => string[])[] = [
    () => [bands(r, w, h, a), circles(r, w, h, a), polygons(r, w, h, a), waves(r, w, h, a[0]!)],
    () => [orbits(r, w, h, a), polygons(r, w, h, a, 2)],
    () => [bands(r, w, h, a, r.int(5, 8), true), circles(r, w, h, a, 2)],
    () => [tiles(r, w, h, a), waves(r, w, h, a[0]!)],
    () => [rays(r, w, h, a), circles(r, w, h, a, 3)],
    () => [polygons(r, w, h, a, r.int(7, 11)), bands(r, w, h, a, 1)],
    () => [waves(r, w, h, a[0]!), waves(r, w, h, a[1]!), orbits(r, w, h, a)],
  ];
  const layers = [...compositions[variant % compositions.length]!(), dots(r, w, h, a[0]!)];
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
