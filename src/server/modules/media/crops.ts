import type { FocalPoint } from './urls.ts';

/** A rectangle of the source image, in pixels of the image as readers see it (EXIF-oriented). */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The largest region of a `width` × `height` image with the crop's aspect ratio whose centre
 * is as close to the focal point as the image's edges allow: the focal point is always inside
 * it, and in its middle unless that would leave the picture.
 */
export function focalRegion(
  width: number,
  height: number,
  [ratioW, ratioH]: readonly [number, number],
  focal: FocalPoint,
): Region {
  const ratio = ratioW / ratioH;
  let w = width;
  let h = height;
  if (width / height > ratio) w = Math.max(1, Math.min(width, Math.round(height * ratio)));
  else h = Math.max(1, Math.min(height, Math.round(width / ratio)));
  const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return {
    left: clamp(Math.round(focal.focalX * width - w / 2), width - w),
    top: clamp(Math.round(focal.focalY * height - h / 2), height - h),
    width: w,
    height: h,
  };
}
