import { escapeAttr, type ImageAttrs } from '../../../shared/content/index.ts';
import type { MediaItem } from './media.service.ts';
import { mediaUrl, type VariantFormat } from './urls.ts';

/** `sizes` of a picture inside a story body: the text column is at most about 680 px wide. */
const BODY_SIZES = '(max-width: 720px) 100vw, 680px';

/**
 * A responsive `<picture>` (AVIF, WebP, then JPEG, width and height set so nothing jumps)
 * as an HTML string, for images inside stored bodies.
 */
export function pictureMarkup(item: MediaItem, alt: string, sizes = BODY_SIZES): string {
  const srcset = (fmt: VariantFormat) =>
    item.widths.map((w) => `${mediaUrl(item.id, w, fmt)} ${w}w`).join(', ');
  const fallback = item.widths.find((w) => w >= 800) ?? item.widths[item.widths.length - 1]!;
  return (
    `<picture><source type="image/avif" srcset="${srcset('avif')}" sizes="${sizes}">` +
    `<source type="image/webp" srcset="${srcset('webp')}" sizes="${sizes}">` +
    `<img src="${mediaUrl(item.id, fallback, 'jpg')}" srcset="${srcset('jpg')}" sizes="${sizes}" ` +
    `width="${item.width}" height="${item.height}" alt="${escapeAttr(alt)}" loading="lazy" decoding="async"></picture>`
  );
}

/** The renderer's image hook: our media items as responsive pictures, anything else as given. */
export function imageRenderer(items: Map<number, MediaItem>) {
  return (attrs: ImageAttrs): string | null => {
    const item = typeof attrs.mediaId === 'number' ? items.get(attrs.mediaId) : undefined;
    return item ? pictureMarkup(item, attrs.alt ?? '') : null;
  };
}
