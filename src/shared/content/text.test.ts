import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentText } from './text.ts';
import type { ContentDocument } from './types.ts';

test('plain text: a line per block, hard breaks as newlines, captions kept, embeds left out', () => {
  const doc: ContentDocument = {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title' }] },
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'One ' },
          { type: 'text', text: 'bold', marks: [{ type: 'bold' }] },
          { type: 'hardBreak' },
          { type: 'text', text: 'two' },
        ],
      },
      { type: 'paragraph' },
      { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Quote' }] }] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }] },
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'b' }] }] },
        ],
      },
      { type: 'horizontalRule' },
      { type: 'image', attrs: { src: '/a.jpg', alt: 'alt text', caption: 'Caption', credit: 'Photo: X' } },
      { type: 'embed', attrs: { provider: 'telegram', url: 'https://t.me/durov/43' } },
    ],
  };
  assert.equal(documentText(doc), 'Title\nOne bold\ntwo\nQuote\na\nb\nCaption');
  assert.equal(documentText(doc).replace(/\s+/g, ' ').split(' ').length, 8);
});
