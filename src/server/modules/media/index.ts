/** Media: images stored once in every responsive width and format. */
export type { Located } from './media.files.ts';
export { mediaRoutes } from './media.routes.ts';
export {
  createMediaService,
  creditIn,
  type MediaItem,
  type MediaPage,
  type MediaService,
  VARIANT_FORMATS,
  VARIANT_WIDTHS,
} from './media.service.ts';
export { imageRenderer, pictureMarkup } from './picture.ts';
export {
  CROPS,
  type CropRatio,
  type CropSource,
  cropFileName,
  cropUrl,
  type FocalPoint,
  isDefaultFocal,
  mediaUrl,
  type VariantFormat,
} from './urls.ts';
