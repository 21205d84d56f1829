import {
  type ContentDocument,
  documentText,
  type ImageAttrs,
  type RenderOptions,
  renderDocument,
  validateDocument,
} from '../../shared/content/index.ts';
import { fail } from '../domain/errors.ts';
import { htmlToDoc } from './html-to-doc.ts';

/**
 * Version of the HTML derived from stored documents. Bump it when the renderer's output
 * changes: stored HTML of an older version is derived again.
 */
export const RENDER_VERSION = 2;

/** A body ready to store: the canonical document, its JSON, the derived HTML and plain text. */
export interface PreparedBody {
  doc: ContentDocument;
  json: string;
  html: string;
  text: string;
}

/**
 * A body as clients send it: HTML (converted through the schema, so markup the schema does
 * not know cannot survive) or a content document (validated; INVALID_CONTENT lists the paths).
 */
export function documentFromInput(input: unknown): ContentDocument {
  if (typeof input === 'string') return htmlToDoc(input);
  const r = validateDocument(input);
  if (!r.ok) {
    throw fail(
      'INVALID_CONTENT',
      `body: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`.slice(0, 2000),
      r.issues.slice(0, 50),
    );
  }
  return r.doc;
}

/** Media ids the document's image figures name (the caller looks them up before rendering). */
export function mediaIdsOf(doc: ContentDocument): number[] {
  const ids = new Set<number>();
  const walk = (nodes: readonly { type: string; attrs?: unknown; content?: unknown }[] | undefined) => {
    for (const n of nodes ?? []) {
      if (n.type === 'image') {
        const id = (n.attrs as ImageAttrs).mediaId;
        if (typeof id === 'number') ids.add(id);
      }
      if (Array.isArray(n.content)) walk(n.content as { type: string }[]);
    }
  };
  walk(doc.content);
  return [...ids];
}

export function prepareBody(doc: ContentDocument, render: RenderOptions = {}): PreparedBody {
  return { doc, json: JSON.stringify(doc), html: renderDocument(doc, render), text: documentText(doc) };
}
