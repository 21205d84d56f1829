import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getSchema } from '@tiptap/core';
import { htmlToDoc } from '../src/server/content/html-to-doc.ts';
import { generateDemoNewsroom } from '../src/server/demo/generate.ts';
import { contentExtensions } from '../src/shared/content/extensions.ts';
import { validateDocument } from '../src/shared/content/schema.ts';
import type { ContentDocument } from '../src/shared/content/types.ts';

/** Drops null attributes: TipTap writes every attribute, our documents leave unset ones out. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== null)
        .map(([k, x]) => [k, withoutNulls(x)]),
    );
  }
  return v;
}

const schema = getSchema(contentExtensions);

const everything: ContentDocument = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Підзаголовок' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'жирний', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' курсив', marks: [{ type: 'italic' }] },
        { type: 'hardBreak' },
        {
          type: 'text',
          text: 'посилання',
          marks: [{ type: 'link', attrs: { href: 'https://example.org/a' } }],
        },
        { type: 'text', text: '2', marks: [{ type: 'superscript' }] },
        { type: 'text', text: 'x', marks: [{ type: 'subscript' }] },
        { type: 'text', text: 'код', marks: [{ type: 'code' }] },
      ],
    },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: '«Цитата»' }] }] },
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'пункт' }] }] },
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 3 },
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'третій' }] }] },
      ],
    },
    { type: 'horizontalRule' },
    { type: 'image', attrs: { mediaId: 12, alt: 'Фото', caption: 'Підпис', credit: 'Автор' } },
    { type: 'embed', attrs: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' } },
  ],
};

test('the editor’s schema takes every document of ours, and gives back the same JSON', () => {
  const docs = [everything];
  const demo = generateDemoNewsroom({
    stories: 60,
    now: Date.parse('2025-03-15T10:00:00Z'),
    siteName: 'Шпальта',
  });
  for (const s of demo.stories) for (const v of s.versions) docs.push(htmlToDoc(v.bodyHtml));
  for (const doc of docs) {
    const node = schema.nodeFromJSON(doc);
    node.check();
    const back = withoutNulls(node.toJSON()) as ContentDocument;
    const valid = validateDocument(node.toJSON());
    assert.ok(valid.ok, JSON.stringify(valid));
    assert.deepEqual(back, withoutNulls(doc));
  }
  assert.ok(docs.length > 60);
});

test('what our schema refuses, the editor’s refuses too', () => {
  assert.throws(() => schema.nodeFromJSON({ type: 'doc', content: [{ type: 'codeBlock' }] }));
  assert.throws(() =>
    schema.nodeFromJSON({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'strike' }] }] }],
    }),
  );
});
