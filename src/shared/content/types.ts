/**
 * The TypeScript shape of a story body: ProseMirror/TipTap JSON restricted to our schema.
 * Optional attributes may be absent or `null` (TipTap writes `null` for an unset attribute).
 */
import type { EMBED_PROVIDERS, HEADING_LEVELS } from './names.ts';

/** One of the embeddable services. */
export type EmbedProvider = (typeof EMBED_PROVIDERS)[number];

/**
 * A link. `href` is http(s), mailto or site-relative (`/…`), checked by the validator. TipTap's
 * Link also writes `target`, `rel` and `class`; they are accepted only as `null` (the renderer
 * decides `rel` itself), so the editor configures them to default to null.
 */
export interface LinkMark {
  type: 'link';
  attrs: { href: string; title?: string | null; target?: null; rel?: null; class?: null };
}

/** A mark without attributes. */
export interface SimpleMark {
  type: 'bold' | 'italic' | 'code' | 'subscript' | 'superscript';
}

/** Any mark. */
export type Mark = LinkMark | SimpleMark;

/** A run of text; never empty. */
export interface TextNode {
  type: 'text';
  text: string;
  marks?: Mark[];
}

/** A line break inside a paragraph; carries the marks around it, as in ProseMirror. */
export interface HardBreakNode {
  type: 'hardBreak';
  marks?: Mark[];
}

/** Inline content of a paragraph or heading. */
export type InlineNode = TextNode | HardBreakNode;

/** A paragraph; without content it is empty and renders nothing. */
export interface ParagraphNode {
  type: 'paragraph';
  content?: InlineNode[];
}

/** A subheading, h2–h4. */
export interface HeadingNode {
  type: 'heading';
  attrs: { level: (typeof HEADING_LEVELS)[number] };
  content?: InlineNode[];
}

/** A quotation: one block or more. */
export interface BlockquoteNode {
  type: 'blockquote';
  content: BlockNode[];
}

/** One item of a list: a paragraph first, then any blocks (nested lists). */
export interface ListItemNode {
  type: 'listItem';
  content: BlockNode[];
}

/** An unordered list. */
export interface BulletListNode {
  type: 'bulletList';
  content: ListItemNode[];
}

/** A numbered list; `start` defaults to 1. */
export interface OrderedListNode {
  type: 'orderedList';
  attrs?: { start?: number | null };
  content: ListItemNode[];
}

/** A thematic break. */
export interface HorizontalRuleNode {
  type: 'horizontalRule';
}

/** Attributes of an image figure. At least one of `mediaId` and `src` is set. */
export interface ImageAttrs {
  /** Id in our media library; the server renders it as a responsive picture. */
  mediaId?: number | null;
  /** http(s) or site-relative URL, used when there is no media id (or no hook to render it). */
  src?: string | null;
  alt?: string | null;
  caption?: string | null;
  credit?: string | null;
}

/** An image figure with optional caption and credit. */
export interface ImageNode {
  type: 'image';
  attrs: ImageAttrs;
}

/** A post or video of another service, rendered as a consent-gated link. */
export interface EmbedNode {
  type: 'embed';
  attrs: { provider: EmbedProvider; url: string };
}

/** Any block. */
export type BlockNode =
  | ParagraphNode
  | HeadingNode
  | BlockquoteNode
  | BulletListNode
  | OrderedListNode
  | HorizontalRuleNode
  | ImageNode
  | EmbedNode;

/** A whole story body, the canonical stored form. */
export interface ContentDocument {
  type: 'doc';
  content: BlockNode[];
}
