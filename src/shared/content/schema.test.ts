import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTENT_LIMITS } from './names.ts';
import { ContentValidationError, contentDocumentSchema, parseDocument, validateDocument } from './schema.ts';
import type { ContentDocument } from './types.ts';

const para = (text: string, marks?: unknown[]) => ({
  type: 'paragraph',
  content: [{ type: 'text', text, ...(marks ? { marks } : {}) }],
});
const docOf = (...content: unknown[]) => ({ type: 'doc', content });

/** The issues of an invalid document, as `path: message` lines. */
function issues(input: unknown): string[] {
  const r = validateDocument(input);
  assert.equal(r.ok, false, 'expected the document to be rejected');
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

const full: ContentDocument = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Head' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'a', marks: [{ type: 'bold' }, { type: 'italic' }] },
        { type: 'hardBreak' },
        { type: 'text', text: 'b', marks: [{ type: 'link', attrs: { href: 'https://ok.example/' } }] },
        { type: 'text', text: 'c', marks: [{ type: 'link', attrs: { href: '/news/1', title: 'T' } }] },
        { type: 'text', text: 'd', marks: [{ type: 'link', attrs: { href: 'mailto:a@b.example' } }] },
        { type: 'text', text: 'e', marks: [{ type: 'code' }] },
        { type: 'text', text: 'f', marks: [{ type: 'subscript' }, { type: 'superscript' }] },
      ],
    },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'q' }] }] },
    {
      type: 'orderedList',
      attrs: { start: 3 },
      content: [
        {
          type: 'listItem',
          content: [
            { type: 'paragraph' },
            { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] },
          ],
        },
      ],
    },
    { type: 'horizontalRule' },
    { type: 'image', attrs: { mediaId: 7, alt: 'x', caption: 'c', credit: 'Photo: Y' } },
    { type: 'image', attrs: { src: '/m/1.jpg' } },
    { type: 'embed', attrs: { provider: 'youtube', url: 'https://youtu.be/dQw4w9WgXcQ' } },
  ],
};

test('accepts every node, mark and attribute of the schema', () => {
  const r = validateDocument(full);
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.issues));
  assert.deepEqual(parseDocument(full), full);
  assert.ok(contentDocumentSchema.safeParse(full).success);
});

test("accepts TipTap's JSON: nulls for unset attributes, empty paragraphs, Link's null defaults", () => {
  const tiptap = docOf(
    { type: 'paragraph' },
    {
      type: 'paragraph',
      content: [
        {
          type: 'text',
          text: 'x',
          marks: [{ type: 'link', attrs: { href: '/a', target: null, rel: null, class: null, title: null } }],
        },
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 1, type: null },
      content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }],
    },
    { type: 'image', attrs: { mediaId: null, src: '/i.png', alt: null, caption: null, credit: null } },
  );
  assert.ok(validateDocument(tiptap).ok);
});

test('rejects unknown nodes, marks and attributes, pointing at them', () => {
  assert.deepEqual(issues(docOf({ type: 'codeBlock' })), [
    'content[0].type: expected a block node: paragraph, heading, blockquote, bulletList, orderedList, horizontalRule, image, embed',
  ]);
  assert.deepEqual(issues(docOf(para('x', [{ type: 'underline' }]))), [
    'content[0].content[0].marks[0].type: expected a mark: link, bold, code, italic, subscript, superscript',
  ]);
  assert.deepEqual(issues(docOf({ type: 'paragraph', attrs: { textAlign: 'left' } })), [
    'content[0]: Unrecognized key: "attrs"',
  ]);
  assert.deepEqual(issues(docOf(para('x', [{ type: 'link', attrs: { href: '/a', target: '_blank' } }]))), [
    'content[0].content[0].marks[0].attrs.target: Invalid input: expected null, received string',
  ]);
  assert.deepEqual(issues(docOf({ type: 'paragraph', content: [{ type: 'image', attrs: { src: '/x' } }] })), [
    'content[0].content[0].type: expected an inline node: text or hardBreak',
  ]);
  assert.deepEqual(issues({ type: 'paragraph', content: [para('x')] }), [
    'type: the root must be a doc node',
  ]);
  assert.deepEqual(issues('<p>x</p>'), ['(document): Invalid input: expected object, received string']);
});

test('rejects links that are not http(s), mailto or site-relative', () => {
  for (const href of [
    'javascript:alert(1)',
    'JAVASCRIPT:x',
    'data:text/html,x',
    '//evil.example',
    '/\\evil.example',
    ' https://a.example',
    'java\tscript:x',
    'https:evil',
    'page.html',
    '#top',
    '',
  ]) {
    assert.deepEqual(
      issues(docOf(para('x', [{ type: 'link', attrs: { href } }]))),
      [
        'content[0].content[0].marks[0].attrs.href: link href must be http(s), mailto or a site-relative path (/…)',
      ],
      href,
    );
  }
});

test('rejects impossible shapes: empty text, bad levels, lists without items, items without a paragraph', () => {
  assert.deepEqual(issues(docOf(para(''))), ['content[0].content[0].text: text must not be empty']);
  assert.deepEqual(issues(docOf({ type: 'heading', attrs: { level: 1 } })), [
    'content[0].attrs.level: heading level must be 2, 3 or 4',
  ]);
  assert.deepEqual(issues(docOf({ type: 'bulletList', content: [] })), [
    'content[0].content: a list needs at least one item',
  ]);
  assert.deepEqual(
    issues(
      docOf({ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'horizontalRule' }] }] }),
    ),
    ['content[0].content[0].content[0].type: a list item starts with a paragraph'],
  );
  assert.deepEqual(issues(docOf({ type: 'blockquote', content: [] })), [
    'content[0].content: needs at least one block',
  ]);
  assert.deepEqual(issues(docOf()), ['content: needs at least one block']);
  assert.deepEqual(
    issues(
      docOf({
        type: 'orderedList',
        attrs: { start: -1 },
        content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }],
      }),
    ),
    ['content[0].attrs.start: Too small: expected number to be >=0'],
  );
});

test('rejects mark sets the editor could not hold', () => {
  assert.deepEqual(issues(docOf(para('x', [{ type: 'bold' }, { type: 'bold' }]))), [
    'content[0].content[0].marks[1].type: duplicate mark bold',
  ]);
  assert.deepEqual(issues(docOf(para('x', [{ type: 'code' }, { type: 'italic' }]))), [
    'content[0].content[0].marks: code cannot be combined with other marks',
  ]);
});

test('images need a media id or a safe src; embeds need a URL of their provider', () => {
  assert.deepEqual(issues(docOf({ type: 'image', attrs: { alt: 'x' } })), [
    'content[0].attrs.src: an image needs a mediaId or a src',
  ]);
  assert.deepEqual(issues(docOf({ type: 'image', attrs: { src: 'data:image/png;base64,AAAA' } })), [
    'content[0].attrs.src: image src must be http(s) or a site-relative path (/…)',
  ]);
  assert.deepEqual(issues(docOf({ type: 'image', attrs: { mediaId: 1.5 } })), [
    'content[0].attrs.mediaId: Invalid input: expected int, received number',
  ]);
  assert.deepEqual(
    issues(docOf({ type: 'embed', attrs: { provider: 'x', url: 'https://youtu.be/dQw4w9WgXcQ' } })),
    ['content[0].attrs.url: url is not a post or video of this provider'],
  );
  assert.deepEqual(
    issues(docOf({ type: 'embed', attrs: { provider: 'vimeo', url: 'https://vimeo.com/1' } })),
    [
      'content[0].attrs.provider: Invalid option: expected one of "youtube"|"x"|"telegram"|"facebook"|"instagram"',
    ],
  );
});

test('limits: depth, node count and characters, checked before anything recurses', () => {
  let deep: unknown = para('x');
  for (let i = 0; i < 100_000; i++) deep = { type: 'blockquote', content: [deep] };
  const [depthIssue] = issues(docOf(deep));
  assert.match(
    depthIssue!,
    new RegExp(
      `^(content\\[0\\]){1}(\\.content\\[0\\]){${CONTENT_LIMITS.maxDepth - 1}}: nested deeper than ${CONTENT_LIMITS.maxDepth} levels$`,
    ),
  );
  assert.equal(contentDocumentSchema.safeParse(docOf(deep)).success, false);

  // Exactly at the limit is fine: doc, maxDepth - 3 quotations, paragraph and text.
  let atLimit: unknown = para('x');
  for (let i = 0; i < CONTENT_LIMITS.maxDepth - 3; i++) atLimit = { type: 'blockquote', content: [atLimit] };
  assert.ok(validateDocument(docOf(atLimit)).ok);
  assert.equal(validateDocument(docOf({ type: 'blockquote', content: [atLimit] })).ok, false);

  const many = Array.from({ length: CONTENT_LIMITS.maxNodes / 2 }, () => para('x'));
  assert.deepEqual(issues(docOf(...many)), [
    `(document): more than ${CONTENT_LIMITS.maxNodes} nodes and marks`,
  ]);
  assert.ok(validateDocument(docOf(...many.slice(0, CONTENT_LIMITS.maxNodes / 2 - 1))).ok);

  const long = 'x'.repeat(CONTENT_LIMITS.maxChars / 2 + 1);
  assert.deepEqual(issues(docOf(para(long), para(long))), [
    `(document): more than ${CONTENT_LIMITS.maxChars} characters of text`,
  ]);
  assert.deepEqual(
    issues(docOf({ type: 'image', attrs: { src: `/${'a'.repeat(CONTENT_LIMITS.maxUrlLength)}` } })),
    ['content[0].attrs.src: image src must be http(s) or a site-relative path (/…)'],
  );
});

test('parseDocument throws a ContentValidationError with a stable code and every issue', () => {
  assert.throws(
    () => parseDocument(docOf({ type: 'heading', attrs: { level: 9 } }, para(''))),
    (e: unknown) =>
      e instanceof ContentValidationError &&
      e.code === 'CONTENT_INVALID' &&
      e.issues.length === 2 &&
      e.message.includes('content[0].attrs.level') &&
      e.message.includes('content[1].content[0].text'),
  );
});
