export type VariantFormat = 'avif' | 'webp' | 'jpg';
export type CropRatio = '16x9' | '4x3' | '1x1';

/** Pixel sizes of the crops: 1200 px wide, as Google's article guidelines recommend. */
export const CROPS: Record<CropRatio, [number, number]> = {
  '16x9': [1200, 675],
  '4x3': [1200, 900],
  '1x1': [1200, 1200],
};

/** Where a picture's subject is: 0–1 from the left and from the top. */
export interface FocalPoint {
  focalX: number;
  focalY: number;
}

/** What a crop's URL needs to know about a media item. */
export interface CropSource extends FocalPoint {
  id: number;
}

/**
 * A focal coordinate as file names carry it: a whole percent, 0–100. Focal points are
 * stored rounded to a percent (see the media service), so the name and the row agree.
 */
export function focalPercent(v: number): number {
  return Math.min(100, Math.max(0, Math.round(v * 100)));
}

/** The centre (50 %, 50 %) means "not set": the crop then finds the subject itself. */
export function isDefaultFocal(p: FocalPoint): boolean {
  return focalPercent(p.focalX) === 50 && focalPercent(p.focalY) === 50;
}

/**
 * The file name of a crop: `crop-16x9.jpg` without a focal point (the subject is found by
 * sharp's attention strategy), `crop-16x9-f30-70.jpg` for one at 30 % from the left and 70 %
 * from the top. A new focal point is a new name, so every name keeps its year-long immutable
 * caching.
 */
export function cropFileName(ratio: CropRatio, focal?: FocalPoint): string {
  if (!focal || isDefaultFocal(focal)) return `crop-${ratio}.jpg`;
  return `crop-${ratio}-f${focalPercent(focal.focalX)}-${focalPercent(focal.focalY)}.jpg`;
}

/**
 * The URL of a crop for search engines and social cards. Given a media item (or anything with
 * its id and focal point), the crop keeps the focal point in frame; given only an id, it is the
 * crop that finds the subject itself (still valid, but blind to the editor's focal point).
 */
export function cropUrl(id: number, ratio: CropRatio): string;
export function cropUrl(item: CropSource, ratio: CropRatio): string;
export function cropUrl(item: number | CropSource, ratio: CropRatio): string {
  return typeof item === 'number'
    ? `/media/${item}/${cropFileName(ratio)}`
    : `/media/${item.id}/${cropFileName(ratio, item)}`;
}

export function mediaUrl(id: number, width: number, format: VariantFormat): string {
  return `/media/${id}/${width}.${format}`;
}
