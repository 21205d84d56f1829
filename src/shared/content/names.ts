/**
 * The names of the story-body schema, shared by the server renderer and the newsroom editor.
 *
 * Node and mark names are TipTap StarterKit's (plus `subscript`/`superscript` from TipTap's own
 * extensions), so the editor's JSON is our stored JSON. `image` and `embed` are ours.
 */

/** Node type names. */
export const NODE = {
  doc: 'doc',
  paragraph: 'paragraph',
  heading: 'heading',
  text: 'text',
  hardBreak: 'hardBreak',
  bulletList: 'bulletList',
  orderedList: 'orderedList',
  listItem: 'listItem',
  blockquote: 'blockquote',
  horizontalRule: 'horizontalRule',
  image: 'image',
  embed: 'embed',
} as const;

/**
 * Mark type names, in rank order: the first is the outermost when marks nest, as in a TipTap
 * editor where Link has priority 1000 and the rest keep StarterKit's order.
 */
export const MARK = {
  link: 'link',
  bold: 'bold',
  code: 'code',
  italic: 'italic',
  subscript: 'subscript',
  superscript: 'superscript',
} as const;

/** Mark names in rank order (outermost first). */
export const MARK_ORDER = [
  MARK.link,
  MARK.bold,
  MARK.code,
  MARK.italic,
  MARK.subscript,
  MARK.superscript,
] as const;

/** Heading levels a body may use: the story title is the page's only h1. */
export const HEADING_LEVELS = [2, 3, 4] as const;

/** Services whose posts and videos a body may embed (rendered as a link until the reader consents). */
export const EMBED_PROVIDERS = ['youtube', 'x', 'telegram', 'facebook', 'instagram'] as const;

/** Human names of the embed providers, shown beside the link. */
export const EMBED_PROVIDER_NAMES: Readonly<Record<(typeof EMBED_PROVIDERS)[number], string>> = {
  youtube: 'YouTube',
  x: 'X',
  telegram: 'Telegram',
  facebook: 'Facebook',
  instagram: 'Instagram',
};

/**
 * Hard limits of one document. A long read is about 100 000 characters in 500 nodes; these leave
 * ample room while keeping validation and rendering bounded for hostile input.
 */
export const CONTENT_LIMITS = {
  /** Nesting depth counted in nodes, the doc being depth 1 and its text depth ≥ 3. */
  maxDepth: 16,
  /** Nodes and marks together. */
  maxNodes: 20_000,
  /** UTF-16 code units of all text and attribute values together. */
  maxChars: 1_000_000,
  /** Longest href or image src, in characters. */
  maxUrlLength: 2048,
  /** Longest image alt, caption or credit, in characters. */
  maxAttrText: 2000,
  /** Largest `start` of an ordered list. */
  maxListStart: 1_000_000,
} as const;
