import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CONTENT_LIMITS,
  type ContentDocument,
  ContentValidationError,
  renderDocument,
  validateDocument,
} from '../../shared/content/index.ts';
import { htmlToDoc } from './html-to-doc.ts';

const html = (input: string) => renderDocument(htmlToDoc(input));

function depthOf(doc: ContentDocument): number {
  let max = 0;
  const walk = (n: unknown, d: number) => {
    max = Math.max(max, d);
    const content = (n as { content?: unknown[] }).content;
    for (const c of content ?? []) walk(c, d + 1);
  };
  walk(doc, 1);
  return max;
}

test('b and i become bold and italic; marks nest in rank order', () => {
  assert.deepEqual(htmlToDoc('<p><b>a</b><i>b</i></p>').content, [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'a', marks: [{ type: 'bold' }] },
        { type: 'text', text: 'b', marks: [{ type: 'italic' }] },
      ],
    },
  ]);
  assert.equal(html('<em><strong>x</strong></em>'), '<p><strong><em>x</em></strong></p>');
  assert.equal(html('<p>H<sub>2</sub>O, E=mc<sup>2</sup></p>'), '<p>H<sub>2</sub>O, E=mc<sup>2</sup></p>');
});

test('code stands alone: combined with other marks, the other marks win', () => {
  assert.equal(html('<p><code>npm i</code></p>'), '<p><code>npm i</code></p>');
  assert.equal(html('<p><a href="/x"><code>y</code></a></p>'), '<p><a href="/x">y</a></p>');
  assert.equal(html('<p><code>a<b>b</b></code></p>'), '<p><code>a</code><strong>b</strong></p>');
});

test('bad links lose the link and keep the text', () => {
  for (const href of [
    'javascript:alert(1)',
    'data:text/html,x',
    'vbscript:x',
    '//evil.example',
    '/\\evil.example',
    '#top',
    'page.html',
    'ftp://x.org/',
  ]) {
    assert.equal(html(`<p><a href="${href}">t</a></p>`), '<p>t</p>', href);
  }
  assert.equal(html('<p><a>no href</a></p>'), '<p>no href</p>');
});

test('good links keep their target; only links leaving the site get rel', () => {
  assert.equal(
    html('<p><a href=" https://ok.example/a?b=1&amp;c=2 " title="T" target="_blank" onclick="x()">x</a></p>'),
    '<p><a href="https://ok.example/a?b=1&amp;c=2" title="T" rel="noopener noreferrer">x</a></p>',
  );
  assert.equal(html('<p><a href="/news/1">x</a></p>'), '<p><a href="/news/1">x</a></p>');
  assert.equal(
    html('<p><a href="mailto:a@b.example">x</a></p>'),
    '<p><a href="mailto:a@b.example" rel="noopener noreferrer">x</a></p>',
  );
});

test('stray inline text is wrapped in paragraphs, split by blocks', () => {
  assert.equal(
    html('one <b>two</b><h2>Head</h2>three'),
    '<p>one <strong>two</strong></p>\n<h2>Head</h2>\n<p>three</p>',
  );
  assert.equal(html('<div>a<div>b</div>c</div>'), '<p>a</p>\n<p>b</p>\n<p>c</p>');
  assert.equal(html('<blockquote>quoted</blockquote>'), '<blockquote><p>quoted</p></blockquote>');
});

test('whitespace collapses as a browser lays out inline text; NBSP stays', () => {
  assert.equal(html('<p>\n  a \t\n b  <b> c </b> d\n</p>'), '<p>a b <strong>c </strong>d</p>');
  assert.equal(html('<p>a&nbsp;&nbsp;b</p>'), '<p>a\u00a0\u00a0b</p>');
  assert.equal(html('<p>line  <br>  next <br/></p>'), '<p>line<br />next<br /></p>');
  assert.equal(html('<p><b>bold<br>still</b></p>'), '<p><strong>bold<br />still</strong></p>');
});

test('empty paragraphs and headings vanish, as the sanitiser drops empty paragraphs', () => {
  assert.equal(html('<p></p><p> \n </p><p>&nbsp;</p><p><br></p><h2> </h2><p>kept</p>'), '<p>kept</p>');
  assert.deepEqual(htmlToDoc(''), { type: 'doc', content: [{ type: 'paragraph' }] });
  assert.deepEqual(htmlToDoc('<p> </p>'), { type: 'doc', content: [{ type: 'paragraph' }] });
  assert.equal(html(''), '');
});

test('headings map to h2–h4: h1 becomes h2, h5 and h6 become h4', () => {
  assert.equal(html('<h1>a</h1><h3>b</h3><h6>c</h6>'), '<h2>a</h2>\n<h3>b</h3>\n<h4>c</h4>');
});

test('lists: items start with a paragraph; nesting, start and stray content are kept', () => {
  const doc = htmlToDoc('<ol start="3"><li>a<ul><li>b</li></ul></li><li></li></ol>');
  assert.deepEqual(doc.content, [
    {
      type: 'orderedList',
      attrs: { start: 3 },
      content: [
        {
          type: 'listItem',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: 'a' }] },
            {
              type: 'bulletList',
              content: [
                {
                  type: 'listItem',
                  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'b' }] }],
                },
              ],
            },
          ],
        },
        { type: 'listItem', content: [{ type: 'paragraph' }] },
      ],
    },
  ]);
  assert.equal(renderDocument(doc), '<ol start="3"><li>a<ul><li>b</li></ul></li><li></li></ol>');
  // A list nested directly in a list belongs to the item before it; text outside items gets one.
  assert.equal(
    html('<ul><li>a</li><ul><li>b</li></ul>c</ul>'),
    '<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>',
  );
  assert.equal(html('<ul> </ul><ul><!-- x --></ul>'), '');
});

test('<br> becomes hardBreak, <hr> horizontalRule', () => {
  assert.deepEqual(htmlToDoc('<p>a<br>b</p><hr>').content, [
    {
      type: 'paragraph',
      content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' }],
    },
    { type: 'horizontalRule' },
  ]);
});

test('figure with img and figcaption becomes an image with caption and credit', () => {
  const doc = htmlToDoc(
    '<figure><img src="https://cdn.example/a.jpg" alt=" A  cat "><figcaption>The cat. <span class="credit">Photo: Ann</span></figcaption></figure>',
  );
  assert.deepEqual(doc.content, [
    {
      type: 'image',
      attrs: { src: 'https://cdn.example/a.jpg', alt: 'A cat', caption: 'The cat.', credit: 'Photo: Ann' },
    },
  ]);
  // An img inside a paragraph splits it; an image without a usable source is dropped.
  assert.equal(
    html('<p>a<img src="/m/1.jpg" alt="x">b<img src="javascript:alert(1)"></p>'),
    '<p>a</p>\n<figure><img src="/m/1.jpg" alt="x" loading="lazy" /></figure>\n<p>b</p>',
  );
  // Our own figures read back with their media id.
  const withId = htmlToDoc(
    '<figure data-media-id="42"><picture><img src="/media/42/800.jpg" alt="y"></picture></figure>',
  );
  assert.deepEqual(withId.content[0], {
    type: 'image',
    attrs: { mediaId: 42, src: '/media/42/800.jpg', alt: 'y' },
  });
});

test('posts in iframes, widgets and link-only paragraphs become embeds', () => {
  const cases: [string, string, string][] = [
    [
      '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=90"></iframe>',
      'youtube',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90',
    ],
    [
      '<p><a href="https://youtu.be/dQw4w9WgXcQ">Watch</a></p>',
      'youtube',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    ],
    ['<p> https://twitter.com/jack/status/20 </p>', 'x', 'https://x.com/jack/status/20'],
    [
      '<blockquote class="twitter-tweet"><p>just setting up</p>— jack <a href="https://twitter.com/jack/status/20?ref_src=tw">March 21, 2006</a></blockquote><script src="https://platform.twitter.com/widgets.js"></script>',
      'x',
      'https://x.com/jack/status/20',
    ],
    [
      '<script async src="https://telegram.org/js/telegram-widget.js" data-telegram-post="durov/43"></script>',
      'telegram',
      'https://t.me/durov/43',
    ],
    ['<iframe src="https://t.me/durov/43?embed=1"></iframe>', 'telegram', 'https://t.me/durov/43'],
    [
      '<iframe src="https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fzuck%2Fposts%2F10114%2F"></iframe>',
      'facebook',
      'https://www.facebook.com/zuck/posts/10114',
    ],
    [
      '<div class="fb-video" data-href="https://www.facebook.com/watch/?v=1234"></div>',
      'facebook',
      'https://www.facebook.com/watch/?v=1234',
    ],
    [
      '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/C1abcDEF/?utm_source=ig_embed"><a href="x">View</a></blockquote>',
      'instagram',
      'https://www.instagram.com/p/C1abcDEF/',
    ],
    [
      '<figure><iframe src="https://www.instagram.com/reel/C1abcDEF/embed"></iframe><figcaption>Reel</figcaption></figure>',
      'instagram',
      'https://www.instagram.com/reel/C1abcDEF/',
    ],
  ];
  for (const [input, provider, url] of cases) {
    assert.deepEqual(htmlToDoc(input).content, [{ type: 'embed', attrs: { provider, url } }], input);
  }
  // A post link inside other text stays a link; unknown iframes vanish; list items keep links.
  assert.equal(
    html('<p>See <a href="https://youtu.be/dQw4w9WgXcQ">this</a>.</p>'),
    '<p>See <a href="https://youtu.be/dQw4w9WgXcQ" rel="noopener noreferrer">this</a>.</p>',
  );
  assert.equal(html('<iframe src="https://evil.example/"></iframe><p>x</p>'), '<p>x</p>');
  assert.equal(htmlToDoc('<ul><li>https://t.me/durov/43</li></ul>').content[0]?.type, 'bulletList');
});

test('script, style and iframe content is dropped; other unknown elements are unwrapped', () => {
  assert.equal(
    html(
      '<script>alert(1)</script><style>p{}</style><iframe>inner</iframe><p><span>a</span> <u>b</u> <cite>c</cite></p>',
    ),
    '<p>a b c</p>',
  );
  assert.equal(html('<table><tr><td>a</td><td>b</td></tr></table>'), '<p>a</p>\n<p>b</p>');
});

test('html → doc → html → doc is stable for varied markup', () => {
  const inputs = [
    '<p>a <b>b <i>c</i></b> <a href="/x">d</a><br> e</p><ul><li>f<ol><li>g</li></ol></li></ul>',
    '<blockquote><p>q</p><ul><li>x</li></ul></blockquote><h3>h</h3><hr>',
    '<ol start="0"><li><p>x</p><p>y</p></li></ol><ul><li><img src="/i.png"></li></ul>',
    '<figure><img src="https://a.example/i.jpg"><img src="https://a.example/j.jpg"><figcaption><span class="credit">C</span></figcaption></figure>',
    'text<iframe src="https://youtu.be/dQw4w9WgXcQ"></iframe>more<p><a href="https://t.me/durov/43">t</a></p>',
    '<p><a href="https://a.example/"><b>x</b><br>y</a> <code>z</code></p>',
  ];
  for (const input of inputs) {
    const doc = htmlToDoc(input);
    const out = renderDocument(doc);
    assert.deepEqual(htmlToDoc(out), doc, input);
  }
});

test('nesting past the depth limit is flattened into a valid document', () => {
  for (const input of [
    `${'<blockquote>'.repeat(200)}x`,
    `${'<ul><li>'.repeat(200)}x`,
    `${'<b><i>'.repeat(2_000)}x`,
  ]) {
    const doc = htmlToDoc(input);
    assert.ok(validateDocument(doc).ok);
    assert.ok(depthOf(doc) <= CONTENT_LIMITS.maxDepth, `depth ${depthOf(doc)}`);
    assert.match(renderDocument(doc), />x</);
  }
});

test('a body past the node or size limit is refused with ContentValidationError', () => {
  assert.throws(
    () => htmlToDoc('<p>a</p>'.repeat(CONTENT_LIMITS.maxNodes)),
    (e: unknown) =>
      e instanceof ContentValidationError && e.code === 'CONTENT_INVALID' && /nodes/.test(e.message),
  );
  assert.throws(() => htmlToDoc(`<p>${'a'.repeat(CONTENT_LIMITS.maxChars + 1)}</p>`), ContentValidationError);
  // Just under the limits it converts.
  assert.equal(
    htmlToDoc('<p>a</p>'.repeat(CONTENT_LIMITS.maxNodes / 4)).content.length,
    CONTENT_LIMITS.maxNodes / 4,
  );
});
