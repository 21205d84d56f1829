import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomUtils, parseDocument } from 'htmlparser2';
import {
  type ContentDocument,
  isAllowedHref,
  isAllowedImageSrc,
  renderDocument,
  validateDocument,
} from '../../shared/content/index.ts';
import { htmlToDoc } from './html-to-doc.ts';

/** Every element and attribute renderDocument may write; anything else in its output is a bug. */
const ALLOWED: Record<string, readonly string[]> = {
  p: [],
  h2: [],
  h3: [],
  h4: [],
  strong: [],
  em: [],
  code: [],
  sub: [],
  sup: [],
  br: [],
  hr: [],
  ul: [],
  ol: ['start'],
  li: [],
  blockquote: [],
  a: ['href', 'title', 'rel'],
  figure: ['class', 'data-embed', 'data-media-id'],
  figcaption: [],
  span: ['class'],
  img: ['src', 'alt', 'loading'],
};

/** Problems that would let markup run code or leave the allow-list; empty when the HTML is inert. */
function unsafeParts(html: string): string[] {
  const problems: string[] = [];
  const dom = parseDocument(html, { decodeEntities: true });
  for (const el of DomUtils.findAll(() => true, dom.children)) {
    const allowed = ALLOWED[el.name];
    if (!allowed) {
      problems.push(`element <${el.name}>`);
      continue;
    }
    for (const [name, value] of Object.entries(el.attribs)) {
      if (!allowed.includes(name)) problems.push(`<${el.name} ${name}>`);
      if (name === 'href' && !isAllowedHref(value)) problems.push(`href ${value}`);
      if (name === 'src' && !isAllowedImageSrc(value)) problems.push(`src ${value}`);
    }
  }
  // A raw `<` that htmlparser2 read as text could be a tag to a browser's parser: text is escaped.
  const raw = parseDocument(html, { decodeEntities: false });
  for (const t of DomUtils.filter((n) => n.type === 'text', raw.children)) {
    if ('data' in t && /</.test(String(t.data))) problems.push('raw < in text');
  }
  if (/<!--|<!\[CDATA\[|<\?/.test(html)) problems.push('comment or CDATA');
  return problems;
}

const VECTORS = [
  '<script>alert(1)</script>',
  '<ScRiPt>alert(1)</sCrIpT>',
  '<scr<script>ipt>alert(1)</script>',
  '<<script>script>alert(1)<</script>/script>',
  '"><script>alert(1)</script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<img src=x onerror=alert(1)>',
  '<img src="https://ok.example/x.png" alt="&quot; onerror=&quot;alert(1)" onerror="alert(1)">',
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<img src="javascript:alert(1)">',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="java\tscript:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="jav&#x0A;ascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="//evil.example/">x</a>',
  '<a href="/\\evil.example/">x</a>',
  '<a href="https://ok.example/" onclick="alert(1)" style="x">x</a>',
  '<a href="https://ok.example/&quot;onmouseover=&quot;alert(1)">x</a>',
  '<a href="https://ok.example/" title="x&quot; onclick=&quot;alert(1)">x</a>',
  '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
  '<style>@import "https://evil.example/x.css";</style><p>x</p>',
  '<div onclick="alert(1)">x</div><b onmouseover=alert(1)>y</b>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"><iframe src="javascript:alert(1)"></iframe></iframe>',
  '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" onload="alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '<form><button formaction="javascript:alert(1)">x</button></form>',
  '<base href="javascript:alert(1)//"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<details open ontoggle=alert(1)>x</details>',
  '<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<!--<script>alert(1)</script>--><![CDATA[<script>alert(1)</script>]]>',
  '<xmp><script>alert(1)</script></xmp><textarea><script>alert(1)</script></textarea>',
  '<p>unclosed <b>bold <a href="https://ok.example/">link <i>italic',
  '<table><tr><td><a href="javascript:alert(1)">x</td>',
  '<figure><img src="https://ok.example/x.png"><figcaption><script>alert(1)</script>cap<img src=x onerror=alert(1)></figcaption></figure>',
  '<figure data-media-id="1 onload=alert(1)"><img src="/x.png"></figure>',
  '<blockquote class="twitter-tweet"><a href="javascript:alert(1)">x</a></blockquote>',
  '<script data-telegram-post="durov/43&quot;><script>alert(1)</script>"></script>',
  '<p><a href="https://youtu.be/dQw4w9WgXcQ&quot; onclick=&quot;alert(1)">v</a></p>',
];

test('the safety check itself catches executable markup', () => {
  for (const bad of [
    '<img src=x onerror=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<script>alert(1)</script>',
    '<p style="x">y</p>',
    '<iframe src="https://ok.example/"></iframe>',
    '<p>a<!-- c --></p>',
    '<p>a < b</p>',
  ]) {
    assert.notDeepEqual(unsafeParts(bad), [], bad);
  }
  assert.deepEqual(unsafeParts('<p><a href="https://ok.example/" rel="noopener noreferrer">x</a></p>'), []);
});

test('hostile HTML never becomes executable markup', () => {
  for (const vector of VECTORS) {
    const doc = htmlToDoc(vector);
    const out = renderDocument(doc);
    assert.deepEqual(unsafeParts(out), [], `${vector} → ${out}`);
    assert.doesNotMatch(out, /<(script|iframe|svg|object|embed|style)/i, `${vector} → ${out}`);
    const v = validateDocument(doc);
    assert.ok(v.ok, `${vector}: ${v.ok ? '' : JSON.stringify(v.issues)}`);
    // Whatever came in, a second pass changes nothing.
    assert.deepEqual(htmlToDoc(out), doc, vector);
  }
});

test('a hand-made document cannot smuggle markup through text or attributes', () => {
  const evil = '"><script>alert(1)</script><img src=x onerror=alert(1)>';
  const doc = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: evil, marks: [{ type: 'link', attrs: { href: '/a', title: evil } }] },
        ],
      },
      { type: 'image', attrs: { src: '/i.png', alt: evil, caption: evil, credit: evil } },
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: evil }] },
    ],
  } satisfies ContentDocument;
  assert.ok(validateDocument(doc).ok);
  assert.deepEqual(unsafeParts(renderDocument(doc)), []);
  // An unvalidated document with a hostile href or src renders without it.
  const unchecked = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }] },
        ],
      },
      { type: 'image', attrs: { src: 'javascript:alert(1)' } },
      { type: 'embed', attrs: { provider: 'youtube', url: 'javascript:alert(1)' } },
    ],
  } satisfies ContentDocument;
  assert.equal(validateDocument(unchecked).ok, false);
  assert.equal(renderDocument(unchecked), '<p>x</p>');
});
