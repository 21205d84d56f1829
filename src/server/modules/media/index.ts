/** Media: images stored once in every responsive width and format. */
export {
  CROPS,
  type CropRatio,
  createMediaService,
  cropUrl,
  type MediaItem,
  type MediaService,
  mediaUrl,
  VARIANT_FORMATS,
  VARIANT_WIDTHS,
  type VariantFormat,
} from './media.service.ts';
