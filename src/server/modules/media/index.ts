/** Media: images stored once in every responsive width and format. */
export { mediaRoutes } from './media.routes.ts';
export {
  createMediaService,
  type MediaItem,
  type MediaService,
  VARIANT_FORMATS,
  VARIANT_WIDTHS,
} from './media.service.ts';
export { imageRenderer, pictureMarkup } from './picture.ts';
export { CROPS, type CropRatio, cropUrl, mediaUrl, type VariantFormat } from './urls.ts';
