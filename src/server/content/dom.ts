/**
 * The parsed-HTML helpers html-to-doc needs: htmlparser2's DOM, read without recursion (hostile
 * markup may nest a hundred thousand elements deep).
 */
import { DomUtils, parseDocument } from 'htmlparser2';

/** A parsed document. */
export type DomDocument = ReturnType<typeof parseDocument>;
/** Any node of a parsed document. */
export type DomNode = DomDocument['children'][number];
/** An element. */
export type DomElement = Parameters<typeof DomUtils.getAttributeValue>[0];

/** Parses HTML the way sanitize-html does (same htmlparser2, entities decoded). */
export function parseHtml(html: string): DomDocument {
  return parseDocument(html, { decodeEntities: true });
}

/** Elements whose content is never text of the story (scripts, media fallbacks, forms). */
// biome-ignore format: a word list
export const DROPPED = new Set([
  'script', 'style', 'template', 'noscript', 'textarea', 'select', 'option', 'optgroup', 'datalist',
  'button', 'input', 'object', 'embed', 'applet', 'param', 'svg', 'math', 'canvas', 'audio', 'video',
  'source', 'track', 'picture', 'map', 'area', 'head', 'title', 'meta', 'link', 'base', 'iframe', 'frame',
  'frameset', 'noframes', 'noembed', 'xmp', 'plaintext', 'portal', 'slot', 'dialog',
]);

/** Elements a browser lays out as blocks: text on either side of one is not one paragraph. */
// biome-ignore format: a word list
export const BLOCK_LEVEL = new Set([
  'address', 'article', 'aside', 'body', 'caption', 'center', 'dd', 'details', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hgroup', 'html', 'legend', 'li', 'main',
  'menu', 'nav', 'p', 'pre', 'search', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr',
]);

/** The element's attribute, or undefined. */
export function attr(el: DomElement, name: string): string | undefined {
  return el.attribs[name];
}

/** True when the element's class list holds `name`. */
export function hasClass(el: DomElement, name: string): boolean {
  const c = el.attribs.class;
  return c?.split(/[ \t\n\r\f]+/).includes(name) === true;
}

/** Element test. */
export function isElement(n: DomNode): n is DomElement {
  return DomUtils.isTag(n);
}

/** Depth-first, document order, without recursion; `enter` returning false skips the subtree. */
export function visit(root: DomElement, enter: (n: DomNode) => boolean | undefined): void {
  const stack: DomNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (enter(n) === false || !isElement(n)) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
}

/** Every descendant element that `pick` accepts, in document order. */
export function findAll(root: DomElement, pick: (el: DomElement) => boolean): DomElement[] {
  const out: DomElement[] = [];
  visit(root, (n) => {
    if (isElement(n) && pick(n)) out.push(n);
    return true;
  });
  return out;
}

/**
 * The visible text of an element with whitespace collapsed and trimmed, skipping dropped
 * elements and any element `skip` names.
 */
export function textOf(root: DomElement, skip?: (el: DomElement) => boolean): string {
  let out = '';
  visit(root, (n) => {
    if (isElement(n)) {
      if (DROPPED.has(n.name) || skip?.(n)) return false;
      if (n.name === 'br' || BLOCK_LEVEL.has(n.name)) out += ' ';
      return true;
    }
    if (DomUtils.isText(n)) out += n.data;
    return true;
  });
  return out.replace(/[ \t\n\r\f]+/g, ' ').trim();
}
