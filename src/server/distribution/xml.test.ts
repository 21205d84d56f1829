import assert from 'node:assert/strict';
import { test } from 'node:test';
import { element, emptyElement, xmlEscape } from './xml.ts';

test('xmlEscape escapes markup and drops characters XML 1.0 forbids', () => {
  assert.equal(
    xmlEscape(`<a href="x">Tom & 'Jerry'</a>`),
    '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;',
  );
  // A vertical tab, a NUL, U+FFFE and a lone surrogate vanish; tab, newline and emoji stay.
  assert.equal(xmlEscape('a\u000bb\u0000c\uFFFEd\uD800e\tf\ng 😀'), 'abcde\tf\ng 😀');
  assert.equal(xmlEscape('Київ — «лапки»'), 'Київ — «лапки»');
});

test('element and emptyElement escape, and leave out null attributes', () => {
  assert.equal(element('title', 'A & B'), '<title>A &amp; B</title>');
  assert.equal(
    emptyElement('link', { rel: 'self', href: 'https://x.org/?a=1&b=2', type: null, length: 12 }),
    '<link rel="self" href="https://x.org/?a=1&amp;b=2" length="12"/>',
  );
});
