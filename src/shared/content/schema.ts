/**
 * The validator of story bodies: which nodes, marks and attributes a document may hold, and how
 * big it may be. Used wherever a document crosses a boundary (HTTP input, stored JSON, imports).
 */
import { z } from 'zod';
import { recogniseEmbed } from './embeds.ts';
import { CONTENT_LIMITS, EMBED_PROVIDERS, MARK_ORDER, NODE } from './names.ts';
import type { BlockNode, ContentDocument, InlineNode, ListItemNode, Mark } from './types.ts';
import { isAllowedHref, isAllowedImageSrc } from './urls.ts';

type Path = readonly PropertyKey[];

/** One problem of an invalid document; `path` reads like `content[2].content[0].marks[1].attrs.href`. */
export interface ContentIssue {
  path: string;
  message: string;
}

/** Thrown by {@link parseDocument}: the document is not one of ours. Stable code for the HTTP layer. */
export class ContentValidationError extends Error {
  readonly code = 'CONTENT_INVALID';
  constructor(readonly issues: readonly ContentIssue[]) {
    super(`invalid document: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'ContentValidationError';
  }
}

/** `['content', 2, 'marks', 0]` → `content[2].marks[0]`; the root is `(document)`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : `${out ? '.' : ''}${String(k)}`;
  return out || '(document)';
}

// ---------------------------------------------------------------------------------------------
// Limits, checked before the structure so that zod never recurses into a hostile depth.

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly parent: Frame | null;
  readonly key: PropertyKey | null;
}

function pathOf(f: Frame): PropertyKey[] {
  const out: PropertyKey[] = [];
  for (let x: Frame | null = f; x !== null && x.key !== null; x = x.parent) out.unshift(x.key);
  return out;
}

function stringChars(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (v === null || typeof v !== 'object') return 0;
  let n = 0;
  for (const x of Object.values(v)) if (typeof x === 'string') n += x.length;
  return n;
}

interface LimitIssue {
  path: PropertyKey[];
  message: string;
}

/** Depth, node count and size of a raw document; iterative, stops at the first limit passed. */
function checkLimits(input: unknown): LimitIssue | null {
  const stack: Frame[] = [{ value: input, depth: 1, parent: null, key: null }];
  let nodes = 0;
  let chars = 0;
  while (stack.length > 0) {
    const f = stack.pop()!;
    const v = f.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
    const node = v as Record<string, unknown>;
    if (++nodes > CONTENT_LIMITS.maxNodes) {
      return { path: [], message: `more than ${CONTENT_LIMITS.maxNodes} nodes and marks` };
    }
    if (f.depth > CONTENT_LIMITS.maxDepth) {
      return { path: pathOf(f), message: `nested deeper than ${CONTENT_LIMITS.maxDepth} levels` };
    }
    chars += stringChars(node.text) + stringChars(node.attrs);
    if (chars > CONTENT_LIMITS.maxChars) {
      return { path: [], message: `more than ${CONTENT_LIMITS.maxChars} characters of text` };
    }
    for (const key of ['marks', 'content'] as const) {
      const list = node[key];
      if (!Array.isArray(list)) continue;
      const holder: Frame = { value: list, depth: f.depth, parent: f, key };
      // A mark sits beside its text, not below it: only content adds depth.
      const depth = key === 'content' ? f.depth + 1 : f.depth;
      for (let i = list.length - 1; i >= 0; i--)
        stack.push({ value: list[i], depth, parent: holder, key: i });
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Structure.

const attrText = z.string().max(CONTENT_LIMITS.maxAttrText).nullish();

const linkMark = z.strictObject({
  type: z.literal('link'),
  attrs: z.strictObject({
    href: z.string().refine(isAllowedHref, 'link href must be http(s), mailto or a site-relative path (/…)'),
    title: attrText,
    target: z.null().optional(),
    rel: z.null().optional(),
    class: z.null().optional(),
  }),
});
const simpleMark = z.strictObject({ type: z.enum(['bold', 'italic', 'code', 'subscript', 'superscript']) });
const mark = z.discriminatedUnion('type', [linkMark, simpleMark], {
  error: () => `expected a mark: ${MARK_ORDER.join(', ')}`,
});

const marks = z
  .array(mark)
  .max(MARK_ORDER.length)
  .superRefine((list: Mark[], ctx) => {
    const seen = new Set<string>();
    list.forEach((m, i) => {
      if (seen.has(m.type))
        ctx.addIssue({ code: 'custom', path: [i, 'type'], message: `duplicate mark ${m.type}` });
      seen.add(m.type);
    });
    // TipTap's Code mark excludes every other mark; a set holding both would not load in the editor.
    if (seen.has('code') && seen.size > 1) {
      ctx.addIssue({ code: 'custom', path: [], message: 'code cannot be combined with other marks' });
    }
  });

const textNode = z.strictObject({
  type: z.literal('text'),
  text: z.string().min(1, 'text must not be empty'),
  marks: marks.optional(),
});
const hardBreak = z.strictObject({ type: z.literal('hardBreak'), marks: marks.optional() });
const inline: z.ZodType<InlineNode> = z.discriminatedUnion('type', [textNode, hardBreak], {
  error: () => 'expected an inline node: text or hardBreak',
});
const inlineContent = z.array(inline).optional();

const paragraph = z.strictObject({ type: z.literal('paragraph'), content: inlineContent });
const heading = z.strictObject({
  type: z.literal('heading'),
  attrs: z.strictObject({
    level: z.union([z.literal(2), z.literal(3), z.literal(4)], {
      error: () => 'heading level must be 2, 3 or 4',
    }),
  }),
  content: inlineContent,
});
const horizontalRule = z.strictObject({ type: z.literal('horizontalRule') });

const image = z.strictObject({
  type: z.literal('image'),
  attrs: z
    .strictObject({
      mediaId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullish(),
      src: z
        .string()
        .refine(isAllowedImageSrc, 'image src must be http(s) or a site-relative path (/…)')
        .nullish(),
      alt: attrText,
      caption: attrText,
      credit: attrText,
    })
    .refine((a) => a.mediaId != null || a.src != null, {
      message: 'an image needs a mediaId or a src',
      path: ['src'],
    }),
});

const embed = z.strictObject({
  type: z.literal('embed'),
  attrs: z
    .strictObject({ provider: z.enum(EMBED_PROVIDERS), url: z.string().max(CONTENT_LIMITS.maxUrlLength) })
    .refine((a) => recogniseEmbed(a.url)?.provider === a.provider, {
      message: 'url is not a post or video of this provider',
      path: ['url'],
    }),
});

// Recursive parts: z.lazy with the declared types, so the union can refer to itself.
const block: z.ZodType<BlockNode> = z.lazy(() =>
  z.discriminatedUnion(
    'type',
    [paragraph, heading, blockquote, bulletList, orderedList, horizontalRule, image, embed],
    { error: () => `expected a block node: ${BLOCK_TYPES.join(', ')}` },
  ),
);
const BLOCK_TYPES = [
  NODE.paragraph,
  NODE.heading,
  NODE.blockquote,
  NODE.bulletList,
  NODE.orderedList,
  NODE.horizontalRule,
  NODE.image,
  NODE.embed,
];
const blocks = z.array(block).min(1, 'needs at least one block');

const blockquote = z.strictObject({ type: z.literal('blockquote'), content: blocks });
const listItem: z.ZodType<ListItemNode> = z
  .strictObject({
    type: z.literal('listItem', { error: () => 'a list holds only listItem nodes' }),
    content: blocks,
  })
  .superRefine((li, ctx) => {
    if (li.content[0]?.type !== 'paragraph') {
      ctx.addIssue({
        code: 'custom',
        path: ['content', 0, 'type'],
        message: 'a list item starts with a paragraph',
      });
    }
  });
const listItems = z.array(listItem).min(1, 'a list needs at least one item');
const bulletList = z.strictObject({ type: z.literal('bulletList'), content: listItems });
const orderedList = z.strictObject({
  type: z.literal('orderedList'),
  attrs: z
    .strictObject({
      start: z.number().int().min(0).max(CONTENT_LIMITS.maxListStart).nullish(),
      // TipTap 3 writes `type: null` for a plain numbered list.
      type: z.null().optional(),
    })
    .optional(),
  content: listItems,
});

const doc = z.strictObject({
  type: z.literal('doc', { error: () => 'the root must be a doc node' }),
  content: blocks,
});

/**
 * The zod schema of a whole document: limits first (depth, nodes, characters), then structure.
 * Usable inside other zod schemas at HTTP boundaries.
 */
export const contentDocumentSchema: z.ZodType<ContentDocument> = z
  .unknown()
  .superRefine((input, ctx) => {
    const issue = checkLimits(input);
    if (issue) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  })
  .pipe(doc);

function issuesOf(error: z.ZodError): ContentIssue[] {
  return error.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
}

/** Checks a document; never throws. */
export function validateDocument(
  input: unknown,
): { ok: true; doc: ContentDocument } | { ok: false; issues: ContentIssue[] } {
  const limit = checkLimits(input);
  if (limit) return { ok: false, issues: [{ path: formatPath(limit.path), message: limit.message }] };
  const r = doc.safeParse(input);
  return r.success ? { ok: true, doc: r.data } : { ok: false, issues: issuesOf(r.error) };
}

/** The document, checked; throws {@link ContentValidationError} listing every problem. */
export function parseDocument(input: unknown): ContentDocument {
  const r = validateDocument(input);
  if (!r.ok) throw new ContentValidationError(r.issues);
  return r.doc;
}
