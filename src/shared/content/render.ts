/**
 * Document → HTML, the derived form stored beside the JSON and served to readers.
 *
 * Deterministic: the same document and options give the same bytes. Every text and attribute is
 * escaped as sanitize-html escapes it (`& < >`, and `"` in attributes), void elements are written
 * `<br />`, and top-level blocks are separated by one newline, so a body that went through the
 * old sanitiser renders to the same bytes it had.
 */
import { EMBED_PROVIDER_NAMES, MARK_ORDER } from './names.ts';
import type {
  BlockNode,
  ContentDocument,
  EmbedNode,
  ImageAttrs,
  ImageNode,
  InlineNode,
  ListItemNode,
  Mark,
} from './types.ts';
import { isAllowedHref, isAllowedImageSrc, isSiteRelative } from './urls.ts';

/** Options of {@link renderDocument}. */
export interface RenderOptions {
  /**
   * Renders the picture of an image figure: trusted HTML placed inside `<figure>` before the
   * caption (the server gives a responsive `<picture>` for a media id). Return null or undefined
   * for the default `<img src>`. An image with neither a hook result nor a `src` is left out.
   */
  image?: (attrs: ImageAttrs) => string | null | undefined;
}

/** Escapes text content: `&`, `<`, `>`. */
export function escapeText(s: string): string {
  return /[&<>]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s;
}

/** Escapes a double-quoted attribute value: `&`, `<`, `>`, `"`. */
export function escapeAttr(s: string): string {
  return /[&<>"]/.test(s) ? escapeText(s).replace(/"/g, '&quot;') : s;
}

const TAG: Record<Exclude<Mark['type'], 'link'>, string> = {
  bold: 'strong',
  italic: 'em',
  code: 'code',
  subscript: 'sub',
  superscript: 'sup',
};

const rank = (m: Mark): number => MARK_ORDER.indexOf(m.type);

function sameMark(a: Mark, b: Mark): boolean {
  if (a.type !== b.type) return false;
  if (a.type !== 'link' || b.type !== 'link') return true;
  return a.attrs.href === b.attrs.href && (a.attrs.title ?? null) === (b.attrs.title ?? null);
}

/** The marks of a node in rank order, links with a disallowed href left out. */
function marksOf(n: InlineNode): Mark[] {
  if (!n.marks || n.marks.length === 0) return [];
  const out = n.marks.filter((m) => m.type !== 'link' || isAllowedHref(m.attrs.href));
  return out.length > 1 ? out.sort((a, b) => rank(a) - rank(b)) : out;
}

function openTag(m: Mark): string {
  if (m.type !== 'link') return `<${TAG[m.type]}>`;
  const { href, title } = m.attrs;
  // Links leaving the site never pass our readers' referrer or window to the target.
  const rel = isSiteRelative(href) ? '' : ' rel="noopener noreferrer"';
  return `<a href="${escapeAttr(href)}"${title ? ` title="${escapeAttr(title)}"` : ''}${rel}>`;
}

const closeTag = (m: Mark): string => (m.type === 'link' ? '</a>' : `</${TAG[m.type]}>`);

/**
 * Inline content. A mark already open stays open while the following nodes still have it (so
 * `<strong>a <a>b</a></strong>` keeps its shape); marks that must open do so in rank order.
 */
function renderInline(content: readonly InlineNode[] | undefined): string {
  if (!content) return '';
  let out = '';
  const open: Mark[] = [];
  for (const n of content) {
    const marks = marksOf(n);
    let keep = 0;
    while (keep < open.length && marks.some((m) => sameMark(m, open[keep]!))) keep++;
    while (open.length > keep) out += closeTag(open.pop()!);
    for (const m of marks) {
      if (open.some((o) => sameMark(o, m))) continue;
      out += openTag(m);
      open.push(m);
    }
    out += n.type === 'text' ? escapeText(n.text) : '<br />';
  }
  while (open.length > 0) out += closeTag(open.pop()!);
  return out;
}

/**
 * True when a paragraph or heading shows nothing: no text but whitespace (line breaks alone do
 * not count), the rule the old sanitiser applied to paragraphs.
 */
export function isBlankInline(content: readonly InlineNode[] | undefined): boolean {
  return !content || content.every((n) => n.type !== 'text' || n.text.trim() === '');
}

function renderImage(node: ImageNode, options: RenderOptions): string {
  const a = node.attrs;
  let picture = options.image?.(a) ?? null;
  if (picture === null && a.src && isAllowedImageSrc(a.src)) {
    picture = `<img src="${escapeAttr(a.src)}" alt="${escapeAttr(a.alt ?? '')}" loading="lazy" />`;
  }
  if (picture === null) return '';
  const id = a.mediaId != null ? ` data-media-id="${a.mediaId}"` : '';
  const caption = a.caption ? `<span class="caption">${escapeText(a.caption)}</span>` : '';
  const credit = a.credit ? `<span class="credit">${escapeText(a.credit)}</span>` : '';
  const figcaption =
    caption || credit ? `<figcaption>${caption}${caption && credit ? ' ' : ''}${credit}</figcaption>` : '';
  return `<figure${id}>${picture}${figcaption}</figure>`;
}

/** The address shown as link text: no scheme, no `www.`. */
function displayUrl(url: string): string {
  return url.replace(/^https?:\/\/(?:www\.)?/i, '');
}

/**
 * No iframe and no third-party script until the reader consents: a figure with a plain link to
 * the post and the provider's name. A consent-gated script finds it by `data-embed` and may swap
 * in the provider's player.
 */
function renderEmbed(node: EmbedNode): string {
  const { provider, url } = node.attrs;
  const name = EMBED_PROVIDER_NAMES[provider];
  if (name === undefined || !isAllowedHref(url) || isSiteRelative(url)) return '';
  return (
    `<figure class="embed" data-embed="${escapeAttr(provider)}">` +
    `<a href="${escapeAttr(url)}" rel="noopener noreferrer">${escapeText(displayUrl(url))}</a>` +
    `<figcaption>${escapeText(name)}</figcaption></figure>`
  );
}

function renderListItem(item: ListItemNode, options: RenderOptions): string {
  // Tight lists: the item's leading paragraph is written without <p>, as editors write <li>text</li>.
  const [first, ...rest] = item.content;
  const head =
    first?.type === 'paragraph' ? renderInline(first.content) : first ? renderBlock(first, options) : '';
  return `<li>${head}${renderBlocks(rest, options, '')}</li>`;
}

function renderBlock(node: BlockNode, options: RenderOptions): string {
  switch (node.type) {
    case 'paragraph':
      return isBlankInline(node.content) ? '' : `<p>${renderInline(node.content)}</p>`;
    case 'heading': {
      if (isBlankInline(node.content)) return '';
      const level = Math.min(4, Math.max(2, Math.trunc(Number(node.attrs.level)) || 2));
      return `<h${level}>${renderInline(node.content)}</h${level}>`;
    }
    case 'blockquote':
      return `<blockquote>${renderBlocks(node.content, options, '')}</blockquote>`;
    case 'bulletList':
      return `<ul>${node.content.map((li) => renderListItem(li, options)).join('')}</ul>`;
    case 'orderedList': {
      const start = node.attrs?.start;
      const attr = start != null && start !== 1 && Number.isInteger(start) ? ` start="${start}"` : '';
      return `<ol${attr}>${node.content.map((li) => renderListItem(li, options)).join('')}</ol>`;
    }
    case 'horizontalRule':
      return '<hr />';
    case 'image':
      return renderImage(node, options);
    case 'embed':
      return renderEmbed(node);
    default:
      // A type the schema does not know renders nothing rather than something unescaped.
      return '';
  }
}

function renderBlocks(nodes: readonly BlockNode[], options: RenderOptions, separator: string): string {
  let out = '';
  for (const n of nodes) {
    const html = renderBlock(n, options);
    if (html === '') continue;
    out += out === '' ? html : separator + html;
  }
  return out;
}

/**
 * The HTML of a (validated) document. Top-level blocks are separated by a newline; blank
 * paragraphs and headings render nothing; links leaving the site get `rel="noopener noreferrer"`.
 */
export function renderDocument(doc: ContentDocument, options: RenderOptions = {}): string {
  return renderBlocks(doc.content, options, '\n');
}
