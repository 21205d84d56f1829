/** Plain text of a document, for search, descriptions and word counts. */
import type { BlockNode, ContentDocument, InlineNode } from './types.ts';

function inlineText(content: readonly InlineNode[] | undefined): string {
  if (!content) return '';
  let out = '';
  for (const n of content) out += n.type === 'text' ? n.text : '\n';
  return out.trim();
}

function blockText(node: BlockNode): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inlineText(node.content);
    case 'blockquote':
      return blocksText(node.content);
    case 'bulletList':
    case 'orderedList':
      return node.content
        .map((li) => blocksText(li.content))
        .filter(Boolean)
        .join('\n');
    case 'image':
      return node.attrs.caption?.trim() ?? '';
    default:
      // Rules and embeds carry no text of ours.
      return '';
  }
}

function blocksText(nodes: readonly BlockNode[]): string {
  return nodes.map(blockText).filter(Boolean).join('\n');
}

/**
 * The document's text: one line per paragraph, heading, list item and image caption, a line
 * break for each hard break; embeds and rules contribute nothing. Collapse whitespace for a
 * one-line description: `documentText(doc).replace(/\s+/g, ' ')`.
 */
export function documentText(doc: ContentDocument): string {
  return blocksText(doc.content);
}
