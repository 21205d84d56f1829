/**
 * WordPress post content made into HTML our content schema reads: Gutenberg keeps its
 * blocks as HTML comments around ordinary HTML (`<!-- wp:paragraph -->…`), which we drop,
 * keeping the HTML; the classic editor stores paragraphs as blank lines (`wpautop` adds the
 * `<p>` when the page is shown), which we make into paragraphs. Pictures from the uploads
 * folder go to the media library; shortcodes (`[caption]`, `[gallery]`) are unwrapped or
 * left out.
 */

import { escapeAttr } from '../../../shared/content/index.ts';
import type { ImageResolver } from './dle-markup.ts';
import { attrOf } from './legacy-text.ts';

export interface WpConversion {
  html: string;
  missingImages: string[];
}

/** Block-level tags: a classic text that has them is not split into paragraphs around them. */
const BLOCK = /^<\/?(p|div|h[1-6]|ul|ol|li|table|blockquote|figure|pre|hr|iframe)\b/i;

export async function wpToHtml(content: string, image: ImageResolver): Promise<WpConversion> {
  const missingImages: string[] = [];
  const found = new Map<string, number | null>();
  for (const m of content.matchAll(/<img\b[^>]*>/gi)) {
    const src = attrOf(m[0], 'src');
    if (src && !found.has(src)) found.set(src, await image(src));
  }
  let html = content.replace(/\r\n?/g, '\n');
  // Gutenberg's block comments (the HTML between them is the content).
  html = html.replace(/<!--\s*\/?wp:[\s\S]*?-->/g, '');
  // [caption …]<img …> Text[/caption] → the image and its caption as a figure.
  html = html.replace(/\[caption[^\]]*\]([\s\S]*?)\[\/caption\]/gi, (_m, inner: string) => {
    const img = /<img\b[^>]*>/i.exec(inner)?.[0] ?? '';
    const caption = inner.replace(/<a\b[^>]*>|<\/a>|<img\b[^>]*>/gi, '').trim();
    return `<figure>${img}<figcaption>${caption}</figcaption></figure>`;
  });
  // Other shortcodes: galleries and embeds need the old site's plugins; left out.
  html = html.replace(/\[(gallery|embed|video|audio|playlist)[^\]]*\](?:[\s\S]*?\[\/\1\])?/gi, '');
  html = html.replace(/<img\b[^>]*>/gi, (tag) => {
    const src = attrOf(tag, 'src') ?? '';
    const id = found.get(src) ?? null;
    if (id === null) {
      if (src) missingImages.push(src);
      return '';
    }
    return `<img data-media-id="${id}" src="${escapeAttr(src)}" alt="${escapeAttr(attrOf(tag, 'alt') ?? '')}">`;
  });
  // Each known picture as a figure carrying its id where our schema reads it: a figure of the
  // block editor (with its caption) gets the id, a bare picture gets a figure of its own.
  html = html.replace(
    /<figure\b[^>]*>([\s\S]*?)<\/figure>|<img data-media-id="(\d+)"[^>]*>/gi,
    (whole, inner: string | undefined, bare: string | undefined) => {
      if (bare) return `\n\n<figure data-media-id="${bare}">${whole}</figure>\n\n`;
      const id = /data-media-id="(\d+)"/.exec(inner ?? '')?.[1];
      if (id) return `\n\n<figure data-media-id="${id}">${inner}</figure>\n\n`;
      // An embed (a video's address inside): a link, which our schema recognises for the big hosts.
      const url = /^\s*(?:<div[^>]*>)?\s*(https?:\/\/[^\s<]+)\s*(?:<\/div>)?\s*$/.exec(inner ?? '')?.[1];
      if (url) return `\n\n<p><a href="${escapeAttr(url)}">${escapeAttr(url)}</a></p>\n\n`;
      // A figure whose picture was not found keeps only its caption's text, if any.
      const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/i.exec(inner ?? '')?.[1]?.trim();
      return caption && !/<img/i.test(inner ?? '') ? `\n\n<p>${caption}</p>\n\n` : '';
    },
  );
  // The classic editor: blank lines are paragraphs, single line breaks are <br>.
  const parts = html.split(/\n\s*\n/);
  html = parts
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => (BLOCK.test(part) ? part : `<p>${part.replace(/\n/g, '<br>')}</p>`))
    .join('\n');
  return { html, missingImages };
}
