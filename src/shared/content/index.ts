/**
 * The story-body schema shared by the server and the newsroom editor: a TipTap-compatible JSON
 * document is the canonical body; HTML is rendered from it (ARCHITECTURE.md rule 6).
 *
 * - names: {@link NODE}, {@link MARK}, {@link EMBED_PROVIDERS}, {@link CONTENT_LIMITS} for the
 *   editor's extensions;
 * - validation: {@link validateDocument}, {@link parseDocument}, {@link contentDocumentSchema};
 * - output: {@link renderDocument} (HTML), {@link documentText} (plain text);
 * - helpers: {@link recogniseEmbed}, {@link isAllowedHref}, {@link isAllowedImageSrc}.
 */
export type { EmbedRef } from './embeds.ts';
export { recogniseEmbed } from './embeds.ts';
export {
  CONTENT_LIMITS,
  EMBED_PROVIDER_NAMES,
  EMBED_PROVIDERS,
  HEADING_LEVELS,
  MARK,
  MARK_ORDER,
  NODE,
} from './names.ts';
export type { RenderOptions } from './render.ts';
export { escapeAttr, escapeText, isBlankInline, renderDocument } from './render.ts';
export type { ContentIssue } from './schema.ts';
export {
  ContentValidationError,
  contentDocumentSchema,
  formatPath,
  parseDocument,
  validateDocument,
} from './schema.ts';
export { documentText } from './text.ts';
export type {
  BlockNode,
  BlockquoteNode,
  BulletListNode,
  ContentDocument,
  EmbedNode,
  EmbedProvider,
  HardBreakNode,
  HeadingNode,
  HorizontalRuleNode,
  ImageAttrs,
  ImageNode,
  InlineNode,
  LinkMark,
  ListItemNode,
  Mark,
  OrderedListNode,
  ParagraphNode,
  SimpleMark,
  TextNode,
} from './types.ts';
export { isAllowedHref, isAllowedImageSrc, isSiteRelative } from './urls.ts';
