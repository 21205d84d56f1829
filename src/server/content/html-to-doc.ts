/**
 * HTML → content document, for bodies stored before the JSON format, imports and pasted markup.
 *
 * Nothing outside the schema survives: a disallowed element is unwrapped to its text, or dropped
 * with its content when that content is code or a media fallback; a link whose href is not
 * http(s), mailto or site-relative loses the link and keeps its text. Inline whitespace collapses
 * as a browser lays it out; text outside any block is wrapped in paragraphs; blank paragraphs and
 * headings vanish. The result always passes `parseDocument` (too large an input throws its error).
 */
import {
  type BlockNode,
  type BlockquoteNode,
  CONTENT_LIMITS,
  type ContentDocument,
  type EmbedRef,
  type ImageNode,
  type InlineNode,
  isAllowedHref,
  isAllowedImageSrc,
  isBlankInline,
  type ListItemNode,
  type Mark,
  parseDocument,
  recogniseEmbed,
} from '../../shared/content/index.ts';
import {
  attr,
  BLOCK_LEVEL,
  type DomElement,
  type DomNode,
  DROPPED,
  findAll,
  hasClass,
  isElement,
  parseHtml,
  textOf,
  visit,
} from './dom.ts';
import { addMark, collapseInline, type RawInline } from './inline-run.ts';

type Textblock = { readonly type: 'paragraph' } | { readonly type: 'heading'; readonly level: 2 | 3 | 4 };

interface Ctx {
  /** Where blocks go. */
  readonly container: BlockNode[];
  /** Depth of the nodes in `container`: the doc's children are at 2. */
  readonly depth: number;
  /** What inline content here is part of. */
  readonly textblock: Textblock;
  /** Marks of the enclosing inline elements, in rank order. */
  readonly marks: Mark[];
  /** A paragraph made only of a link to a post becomes an embed (not inside list items). */
  readonly linkEmbeds: boolean;
}

const PARAGRAPH: Textblock = { type: 'paragraph' };
const HEADINGS: Record<string, Textblock> = {
  h1: { type: 'heading', level: 2 },
  h2: { type: 'heading', level: 2 },
  h3: { type: 'heading', level: 3 },
  h4: { type: 'heading', level: 4 },
  h5: { type: 'heading', level: 4 },
  h6: { type: 'heading', level: 4 },
};
const SIMPLE_MARKS: Record<string, Mark> = {
  strong: { type: 'bold' },
  b: { type: 'bold' },
  em: { type: 'italic' },
  i: { type: 'italic' },
  code: { type: 'code' },
  sub: { type: 'subscript' },
  sup: { type: 'superscript' },
};
const LISTS = new Set(['ul', 'ol', 'menu', 'dir']);
const CREDIT_CLASS = 'credit';
/** Elements nested deeper than this are read as plain text, keeping the reader's stack small. */
const MAX_DOM_DEPTH = 256;
/** Controls other than whitespace have no place in text (NUL, escape, DEL). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;
const ASCII_SPACE = /^[ \t\n\r\f]+$/;

/** Trims the ASCII whitespace a browser strips from URL attributes. */
function urlAttr(el: DomElement, name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the URL standard strips C0 controls and space.
  return (attr(el, name) ?? '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

function clip(s: string): string {
  return s.slice(0, CONTENT_LIMITS.maxAttrText);
}

/** A post embedded by its provider's own markup: iframe, widget script or widget blockquote/div. */
function widgetEmbed(el: DomElement): EmbedRef | null {
  switch (el.name) {
    case 'iframe':
      return recogniseEmbed(urlAttr(el, 'src'));
    case 'script': {
      const post = attr(el, 'data-telegram-post');
      return post ? recogniseEmbed(`https://t.me/${post}`) : null;
    }
    case 'blockquote':
      if (hasClass(el, 'instagram-media')) return recogniseEmbed(urlAttr(el, 'data-instgrm-permalink'));
      return hasClass(el, 'twitter-tweet') ? linkedEmbed(el) : null;
    case 'div':
      return hasClass(el, 'fb-post') || hasClass(el, 'fb-video')
        ? recogniseEmbed(urlAttr(el, 'data-href'))
        : null;
    default:
      return null;
  }
}

/** The first post linked or framed inside an element (a tweet's date link, a figure's iframe). */
function linkedEmbed(root: DomElement): EmbedRef | null {
  let found: EmbedRef | null = null;
  visit(root, (n) => {
    if (found || !isElement(n)) return false;
    found = (n.name === 'a' ? recogniseEmbed(urlAttr(n, 'href')) : null) ?? widgetEmbed(n);
    return found === null;
  });
  return found;
}

/** A paragraph whose only content is one link to a post (or the post's bare URL). */
function linkOnlyEmbed(content: readonly InlineNode[]): EmbedRef | null {
  let href: string | null = null;
  for (const n of content) {
    if (n.type !== 'text') return null;
    const link = n.marks?.find((m) => m.type === 'link');
    if (!link || (href !== null && link.attrs.href !== href)) {
      // Not a link throughout: only a bare URL as the whole text qualifies.
      return content.length === 1 && !n.marks && /^\S+$/.test(n.text) ? recogniseEmbed(n.text) : null;
    }
    href = link.attrs.href;
  }
  return href === null ? null : recogniseEmbed(href);
}

function imageOf(img: DomElement, mediaId: number | null): ImageNode | null {
  const src = urlAttr(img, 'src') || urlAttr(img, 'data-src');
  const okSrc = isAllowedImageSrc(src);
  if (!okSrc && mediaId === null) return null;
  const alt = clip((attr(img, 'alt') ?? '').replace(/[ \t\n\r\f]+/g, ' ').trim());
  return {
    type: 'image',
    attrs: {
      ...(mediaId !== null ? { mediaId } : {}),
      ...(okSrc ? { src } : {}),
      ...(alt ? { alt } : {}),
    },
  };
}

/** Caption and credit of a figure; the credit is whatever the figcaption marks `.credit`. */
function captionOf(figure: DomElement): { caption?: string; credit?: string } {
  const [figcaption] = findAll(figure, (el) => el.name === 'figcaption');
  if (!figcaption) return {};
  const isCredit = (el: DomElement) => hasClass(el, CREDIT_CLASS);
  const caption = clip(textOf(figcaption, isCredit));
  const credit = clip(
    findAll(figcaption, isCredit)
      .map((el) => textOf(el))
      .join(' ')
      .trim(),
  );
  return { ...(caption ? { caption } : {}), ...(credit ? { credit } : {}) };
}

/** Walks the DOM once, building blocks; holds the inline run of the paragraph being read. */
class Reader {
  private run: RawInline[] = [];
  private runCtx: Ctx | null = null;

  private inline(ctx: Ctx, item: RawInline): void {
    const open = this.runCtx;
    if (open && (open.container !== ctx.container || open.textblock !== ctx.textblock)) this.flush();
    this.runCtx ??= ctx;
    this.run.push(item);
  }

  /** Ends the paragraph or heading being read. */
  flush(): void {
    const ctx = this.runCtx;
    const items = this.run;
    this.runCtx = null;
    this.run = [];
    if (!ctx) return;
    const content = collapseInline(items);
    if (isBlankInline(content)) return;
    const tb = ctx.textblock;
    if (tb.type === 'heading') {
      ctx.container.push({ type: 'heading', attrs: { level: tb.level }, content });
      return;
    }
    const embed = ctx.linkEmbeds ? linkOnlyEmbed(content) : null;
    ctx.container.push(embed ? { type: 'embed', attrs: embed } : { type: 'paragraph', content });
  }

  private block(ctx: Ctx, node: BlockNode): void {
    this.flush();
    ctx.container.push(node);
  }

  children(parent: { children: DomNode[] }, ctx: Ctx, domDepth: number): void {
    for (const c of parent.children) this.node(c, ctx, domDepth + 1);
  }

  private node(n: DomNode, ctx: Ctx, domDepth: number): void {
    if (n.type === 'text') {
      const text = n.data.replace(CONTROL, '');
      if (text) this.inline(ctx, { kind: 'text', text, marks: ctx.marks });
      return;
    }
    if (!isElement(n)) return; // comments, doctype, CDATA
    if (domDepth > MAX_DOM_DEPTH) {
      const text = textOf(n);
      if (text) this.inline(ctx, { kind: 'text', text, marks: ctx.marks });
      return;
    }
    const widget = widgetEmbed(n);
    if (widget) {
      this.block(ctx, { type: 'embed', attrs: widget });
      return;
    }
    const name = n.name;
    if (DROPPED.has(name)) return;
    const heading = HEADINGS[name];
    const simple = SIMPLE_MARKS[name];
    if (name === 'br') {
      this.inline(ctx, { kind: 'br', marks: ctx.marks });
    } else if (name === 'hr') {
      this.block(ctx, { type: 'horizontalRule' });
    } else if (name === 'img') {
      const image = imageOf(n, null);
      if (image) this.block(ctx, image);
    } else if (name === 'figure') {
      this.figure(n, ctx, domDepth);
    } else if (heading) {
      this.flush();
      this.children(n, { ...ctx, textblock: heading }, domDepth);
      this.flush();
    } else if (name === 'blockquote' && ctx.depth + 2 <= CONTENT_LIMITS.maxDepth) {
      this.flush();
      const quote: BlockquoteNode = { type: 'blockquote', content: [] };
      this.children(
        n,
        { ...ctx, container: quote.content, depth: ctx.depth + 1, textblock: PARAGRAPH },
        domDepth,
      );
      this.flush();
      if (quote.content.length > 0) ctx.container.push(quote);
    } else if (LISTS.has(name) && ctx.depth + 3 <= CONTENT_LIMITS.maxDepth) {
      this.list(n, ctx, domDepth);
    } else if (simple) {
      this.children(n, { ...ctx, marks: addMark(ctx.marks, simple) }, domDepth);
    } else if (name === 'a' && isAllowedHref(urlAttr(n, 'href'))) {
      const title = clip((attr(n, 'title') ?? '').replace(/[ \t\n\r\f]+/g, ' ').trim());
      const link: Mark = { type: 'link', attrs: { href: urlAttr(n, 'href'), ...(title ? { title } : {}) } };
      this.children(n, { ...ctx, marks: addMark(ctx.marks, link) }, domDepth);
    } else if (BLOCK_LEVEL.has(name) || LISTS.has(name) || name === 'blockquote') {
      // Also lists and quotations nested past the depth limit: their content joins the parent.
      this.flush();
      this.children(n, ctx, domDepth);
      this.flush();
    } else {
      this.children(n, ctx, domDepth); // unknown inline element: its text stays, the tag goes
    }
  }

  private figure(el: DomElement, ctx: Ctx, domDepth: number): void {
    // Lazy-loading markup repeats an image in <noscript>: one node per distinct source.
    const seen = new Set<string>();
    const imgs = findAll(el, (x) => x.name === 'img').filter((img) => {
      const src = urlAttr(img, 'src') || urlAttr(img, 'data-src');
      if (seen.has(src)) return false;
      seen.add(src);
      return true;
    });
    const idAttr = attr(el, 'data-media-id') ?? '';
    const mediaId = imgs.length === 1 && /^[1-9]\d{0,14}$/.test(idAttr) ? Number(idAttr) : null;
    const images = imgs.map((img) => imageOf(img, mediaId)).filter((x): x is ImageNode => x !== null);
    if (images.length > 0) {
      // A gallery figure: one image node each; the shared caption goes with the last.
      Object.assign(images[images.length - 1]!.attrs, captionOf(el));
      for (const image of images) this.block(ctx, image);
      return;
    }
    const embed = linkedEmbed(el);
    if (embed) {
      this.block(ctx, { type: 'embed', attrs: embed });
      return;
    }
    this.flush();
    this.children(el, ctx, domDepth);
    this.flush();
  }

  private list(el: DomElement, ctx: Ctx, domDepth: number): void {
    this.flush();
    const items: ListItemNode[] = [];
    const implicit = new Set<ListItemNode>();
    let stray: ListItemNode | null = null;
    const inside = (li: ListItemNode): Ctx => ({
      container: li.content,
      depth: ctx.depth + 2,
      textblock: PARAGRAPH,
      marks: ctx.marks,
      linkEmbeds: false,
    });
    for (const c of el.children) {
      if (c.type === 'text' && ASCII_SPACE.test(c.data)) continue;
      if (isElement(c) && c.name === 'li') {
        this.flush();
        stray = null;
        const li: ListItemNode = { type: 'listItem', content: [] };
        this.children(c, inside(li), domDepth + 1);
        this.flush();
        items.push(li);
      } else if (isElement(c) && LISTS.has(c.name) && stray === null && items.length > 0) {
        // <ul><li>a</li><ul>…</ul></ul>: the nested list belongs to the item before it.
        this.node(c, inside(items[items.length - 1]!), domDepth + 1);
        this.flush();
      } else {
        if (!stray) {
          stray = { type: 'listItem', content: [] };
          implicit.add(stray);
          items.push(stray);
        }
        this.node(c, inside(stray), domDepth + 1);
      }
    }
    this.flush();
    const kept = items.filter((li) => !implicit.has(li) || li.content.length > 0);
    if (kept.length === 0) return;
    for (const li of kept) if (li.content[0]?.type !== 'paragraph') li.content.unshift({ type: 'paragraph' });
    if (el.name === 'ol') {
      const raw = attr(el, 'start')?.trim() ?? '';
      const n = /^\d{1,7}$/.test(raw) ? Number(raw) : 1;
      const start = n <= CONTENT_LIMITS.maxListStart ? n : 1;
      ctx.container.push({ type: 'orderedList', attrs: { start }, content: kept });
    } else {
      ctx.container.push({ type: 'bulletList', content: kept });
    }
  }
}

/**
 * The document of an HTML body. Deterministic; `renderDocument(htmlToDoc(html))` gives the bytes
 * the old sanitiser gave for the bodies our newsroom writes. Throws `ContentValidationError` when
 * the result would pass the content limits (nodes, characters).
 */
export function htmlToDoc(html: string): ContentDocument {
  const dom = parseHtml(html);
  const content: BlockNode[] = [];
  const reader = new Reader();
  reader.children(
    dom,
    { container: content, depth: 2, textblock: PARAGRAPH, marks: [], linkEmbeds: true },
    0,
  );
  reader.flush();
  // An empty body is one empty paragraph, as in the editor (a doc holds at least one block).
  if (content.length === 0) content.push({ type: 'paragraph' });
  return parseDocument({ type: 'doc', content });
}
