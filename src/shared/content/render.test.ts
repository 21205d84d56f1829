import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderDocument } from './render.ts';
import type { BlockNode, ContentDocument, InlineNode, Mark } from './types.ts';

const doc = (...content: BlockNode[]): ContentDocument => ({ type: 'doc', content });
const p = (...content: InlineNode[]): BlockNode => ({ type: 'paragraph', content });
const t = (text: string, ...marks: Mark[]): InlineNode =>
  marks.length ? { type: 'text', text, marks } : { type: 'text', text };
const link = (href: string, title?: string): Mark => ({
  type: 'link',
  attrs: title ? { href, title } : { href },
});

test('text is escaped like the sanitiser escapes it: & < > in text, and " in attributes', () => {
  assert.equal(
    renderDocument(
      doc(p(t('a < b && "c" > d')), p(t('x', link('https://a.example/?q="1"&r=<2>', 'say "hi" & <bye>')))),
    ),
    '<p>a &lt; b &amp;&amp; "c" &gt; d</p>\n' +
      '<p><a href="https://a.example/?q=&quot;1&quot;&amp;r=&lt;2&gt;" title="say &quot;hi&quot; &amp; &lt;bye&gt;" rel="noopener noreferrer">x</a></p>',
  );
});

test('links leaving the site get rel="noopener noreferrer"; site-relative links do not', () => {
  assert.equal(renderDocument(doc(p(t('a', link('/news/1'))))), '<p><a href="/news/1">a</a></p>');
  assert.equal(
    renderDocument(doc(p(t('a', link('http://a.example/')), t(' '), t('b', link('mailto:x@y.example'))))),
    '<p><a href="http://a.example/" rel="noopener noreferrer">a</a> <a href="mailto:x@y.example" rel="noopener noreferrer">b</a></p>',
  );
});

test('blocks: top level separated by newlines, nested blocks not; blank paragraphs render nothing', () => {
  const html = renderDocument(
    doc(
      { type: 'heading', attrs: { level: 3 }, content: [t('H')] },
      { type: 'paragraph' },
      p(t(' \u00a0 ')),
      p({ type: 'hardBreak' }),
      { type: 'blockquote', content: [p(t('q1')), p(t('q2'))] },
      { type: 'horizontalRule' },
      p(t('a'), { type: 'hardBreak' }, t('b')),
    ),
  );
  assert.equal(html, '<h3>H</h3>\n<blockquote><p>q1</p><p>q2</p></blockquote>\n<hr />\n<p>a<br />b</p>');
});

test('lists are tight: an item leading paragraph has no <p>; ordered lists keep their start', () => {
  const item = (...content: BlockNode[]) => ({ type: 'listItem' as const, content });
  const html = renderDocument(
    doc(
      {
        type: 'bulletList',
        content: [
          item(p(t('a')), { type: 'bulletList', content: [item(p(t('b')))] }),
          item({ type: 'paragraph' }),
        ],
      },
      { type: 'orderedList', attrs: { start: 1 }, content: [item(p(t('x')), p(t('y')))] },
      { type: 'orderedList', attrs: { start: 5 }, content: [item(p(t('z')))] },
      { type: 'orderedList', content: [item(p(t('w')))] },
    ),
  );
  assert.equal(
    html,
    '<ul><li>a<ul><li>b</li></ul></li><li></li></ul>\n<ol><li>x<p>y</p></li></ol>\n<ol start="5"><li>z</li></ol>\n<ol><li>w</li></ol>',
  );
});

test('marks nest outermost-first in rank order and stay open across neighbours', () => {
  const bold: Mark = { type: 'bold' };
  const italic: Mark = { type: 'italic' };
  // The order marks are listed in does not matter: the output is the same bytes.
  const a = renderDocument(doc(p(t('x', italic, bold, link('/a')), t('y', bold), t('z'))));
  const b = renderDocument(doc(p(t('x', link('/a'), bold, italic), t('y', bold), t('z'))));
  assert.equal(a, '<p><a href="/a"><strong><em>x</em></strong></a><strong>y</strong>z</p>');
  assert.equal(a, b);
  assert.equal(
    renderDocument(
      doc(
        p(
          t('a', bold),
          t('b', bold, italic),
          t('c', bold),
          t('d', { type: 'code' }),
          t('e', { type: 'subscript' }),
          t('f', { type: 'superscript' }),
        ),
      ),
    ),
    '<p><strong>a<em>b</em>c</strong><code>d</code><sub>e</sub><sup>f</sup></p>',
  );
  // A hard break inside a link stays inside it.
  assert.equal(
    renderDocument(
      doc(p(t('a', link('/x')), { type: 'hardBreak', marks: [link('/x')] }, t('b', link('/x')))),
    ),
    '<p><a href="/x">a<br />b</a></p>',
  );
});

test('images: a lazy <img> with alt inside a figure; caption and credit in separate elements', () => {
  assert.equal(
    renderDocument(
      doc({
        type: 'image',
        attrs: {
          src: 'https://cdn.example/a.jpg',
          alt: 'A "cat"',
          caption: 'The cat',
          credit: 'Photo: <Ann>',
        },
      }),
    ),
    '<figure><img src="https://cdn.example/a.jpg" alt="A &quot;cat&quot;" loading="lazy" />' +
      '<figcaption><span class="caption">The cat</span> <span class="credit">Photo: &lt;Ann&gt;</span></figcaption></figure>',
  );
  assert.equal(
    renderDocument(doc({ type: 'image', attrs: { src: '/a.jpg' } })),
    '<figure><img src="/a.jpg" alt="" loading="lazy" /></figure>',
  );
  assert.equal(
    renderDocument(doc({ type: 'image', attrs: { src: '/a.jpg', credit: 'C' } })),
    '<figure><img src="/a.jpg" alt="" loading="lazy" /><figcaption><span class="credit">C</span></figcaption></figure>',
  );
});

test('the image hook renders media-library images; without hook or src an image is left out', () => {
  const image: BlockNode = { type: 'image', attrs: { mediaId: 42, alt: 'x', caption: 'c' } };
  const calls: unknown[] = [];
  const html = renderDocument(doc(image), {
    image: (a) => {
      calls.push(a);
      return a.mediaId
        ? `<picture><img src="/media/${a.mediaId}/800.jpg" srcset="…" alt="x"></picture>`
        : null;
    },
  });
  assert.equal(
    html,
    '<figure data-media-id="42"><picture><img src="/media/42/800.jpg" srcset="…" alt="x"></picture><figcaption><span class="caption">c</span></figcaption></figure>',
  );
  assert.deepEqual(calls, [image.attrs]);
  assert.equal(renderDocument(doc(image)), '');
  // The hook may decline; then src is used.
  assert.equal(
    renderDocument(doc({ type: 'image', attrs: { mediaId: 1, src: '/a.jpg' } }), { image: () => undefined }),
    '<figure data-media-id="1"><img src="/a.jpg" alt="" loading="lazy" /></figure>',
  );
});

test('embeds render as a consent-ready link: no iframe, no script', () => {
  const html = renderDocument(
    doc(
      {
        type: 'embed',
        attrs: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=30' },
      },
      { type: 'embed', attrs: { provider: 'telegram', url: 'https://t.me/durov/43' } },
    ),
  );
  assert.equal(
    html,
    '<figure class="embed" data-embed="youtube"><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=30" rel="noopener noreferrer">youtube.com/watch?v=dQw4w9WgXcQ&amp;t=30</a><figcaption>YouTube</figcaption></figure>\n' +
      '<figure class="embed" data-embed="telegram"><a href="https://t.me/durov/43" rel="noopener noreferrer">t.me/durov/43</a><figcaption>Telegram</figcaption></figure>',
  );
  assert.doesNotMatch(html, /<iframe|<script/);
});

test('rendering is deterministic and does not change the document', () => {
  const d = doc(p(t('x', { type: 'italic' }, { type: 'bold' })), {
    type: 'image',
    attrs: { src: '/a.jpg', caption: 'c' },
  });
  const before = JSON.stringify(d);
  assert.equal(renderDocument(d), renderDocument(structuredClone(d)));
  assert.equal(JSON.stringify(d), before);
});
