export type VariantFormat = 'avif' | 'webp' | 'jpg';
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
