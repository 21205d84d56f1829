import { escapeAttr } from '../../../shared/content/index.ts';
import { attrOf } from './legacy-text.ts';

/**
 * DataLife Engine's stored markup made into plain HTML our content schema reads: DLE keeps
 * its editor's features as HTML comments around the real tags (`<!--dle_image_begin:…-->`,
 * `<!--colorstart:…-->`), as BB-style codes (`[hide]`, `[leech=…]`), and line breaks as
 * `<br />` runs instead of paragraphs.
 */

/** An image the text refers to: the address as written, resolved by the caller to a media id. */
export type ImageResolver = (src: string) => Promise<number | null>;

export interface DleConversion {
  html: string;
  /** Images whose files were not found (the caller reports them). */
  missingImages: string[];
  /** Passages `[hide]` kept from guests on the old site: left out here, never published openly. */
  hidden: number;
}

/** `/engine/go.php?url=<base64>`: DLE's outgoing-link wrapper; the real address inside. */
function unwrapGo(href: string): string {
  const m = /\/engine\/go\.php\?url=([A-Za-z0-9+/=%]+)/.exec(href);
  if (!m) return href;
  try {
    const url = Buffer.from(decodeURIComponent(m[1]!), 'base64').toString('utf8');
    return /^https?:\/\//.test(url) ? url : href;
  } catch {
    return href;
  }
}

/**
 * Converts one DLE text (`short_story` or `full_story`). Images become figures with their
 * media id when `image` finds the file, and are left out (and listed) when it does not.
 */
export async function dleToHtml(text: string, image: ImageResolver): Promise<DleConversion> {
  const missingImages: string[] = [];
  // Images are found first (the media library is asked once per address), then placed.
  const found = new Map<string, number | null>();
  for (const m of text.matchAll(/<!--(?:dle_image_begin|TBegin):([^|>]*?)(?:\|[^>]*?)?-->|<img\b[^>]*>/gi)) {
    const src = m[1]?.trim() ?? attrOf(m[0], 'src');
    if (src && !found.has(src)) found.set(src, await image(src));
  }
  let hidden = 0;
  let html = text.replace(/\r\n?/g, '\n');

  // Hidden from guests on the old site: not ours to publish.
  html = html.replace(/\[hide(?:=[^\]]*)?\][\s\S]*?\[\/hide\]/gi, () => {
    hidden++;
    return '';
  });
  // Links: BB codes, and DLE's redirect wrapper around outgoing links.
  html = html.replace(
    /\[(?:leech|url)=([^\]\s]+)\]([\s\S]*?)\[\/(?:leech|url)\]/gi,
    (_m, href: string, label: string) => `<a href="${escapeAttr(unwrapGo(href))}">${label}</a>`,
  );
  html = html.replace(/<a\s[^>]*>/gi, (tag) => {
    const href = attrOf(tag, 'href');
    return href === null ? tag : `<a href="${escapeAttr(unwrapGo(href))}">`;
  });

  // Images: the whole `dle_image_begin … dle_image_end` (or thumbnail `TBegin … TEnd`) group
  // is one picture; so is a lone <img>.
  const figure = (src: string, alt: string): string => {
    const id = found.get(src) ?? null;
    if (id === null) {
      missingImages.push(src);
      return '';
    }
    return `\n<figure data-media-id="${id}"><img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}"></figure>\n`;
  };
  html = html.replace(
    /<!--(?:dle_image_begin|TBegin):([^|>]*?)(?:\|[^>]*?)?-->([\s\S]*?)<!--(?:dle_image_end|TEnd)-->/gi,
    (_m, src: string, inner: string) => {
      const img = /<img\b[^>]*>/i.exec(inner)?.[0] ?? '';
      return figure(src.trim(), attrOf(img, 'alt') ?? attrOf(img, 'title') ?? '');
    },
  );
  html = html.replace(/<img\b[^>]*>/gi, (tag) => {
    const src = attrOf(tag, 'src');
    return src ? figure(src, attrOf(tag, 'alt') ?? '') : '';
  });
  // Embedded media: a link to it (our schema recognises the big video hosts' links).
  html = html.replace(
    /<!--dle_media_begin:([^>]*?)-->[\s\S]*?<!--dle_media_end-->/gi,
    (_m, src: string) =>
      `\n<p><a href="${escapeAttr(src.split('|')[0]!.trim())}">${escapeAttr(src.split('|')[0]!.trim())}</a></p>\n`,
  );
  // Every other DLE comment marks formatting its tags already carry (colour, quote, spoiler).
  html = html.replace(/<!--[\s\S]*?-->/g, '');
  // Remaining BB codes of the old editor.
  html = html
    .replace(/\[(\/?)(b|i|u|s)\]/gi, '<$1$2>')
    .replace(
      /\[(?:\/?)(?:left|right|center|justify|color(?:=[^\]]*)?|size(?:=[^\]]*)?|font(?:=[^\]]*)?)\]/gi,
      '',
    )
    .replace(/\[quote(?:=[^\]]*)?\]/gi, '<blockquote>')
    .replace(/\[\/quote\]/gi, '</blockquote>');

  // Paragraphs: a text without block tags is split at blank lines and `<br>` pairs.
  if (!/<(p|div|h[1-6]|ul|ol|table|blockquote|figure)\b/i.test(html)) {
    html = html
      .split(/(?:\s*<br\s*\/?>\s*){2,}|\n\s*\n/i)
      .map((part) => part.trim())
      .filter((part) => part.length > 0)
      .map((part) => (part.startsWith('<figure') ? part : `<p>${part}</p>`))
      .join('\n');
  } else {
    html = html.replace(/(?:\s*<br\s*\/?>\s*){2,}/gi, '</p><p>');
  }
  return { html: html.trim(), missingImages, hidden };
}

/** The first picture of a text (a teaser's picture becomes the story's main image). */
export function firstImage(text: string): { src: string; alt: string } | null {
  const group =
    /<!--(?:dle_image_begin|TBegin):([^|>]*?)(?:\|[^>]*?)?-->([\s\S]*?)<!--(?:dle_image_end|TEnd)-->/i.exec(
      text,
    );
  if (group) {
    const img = /<img\b[^>]*>/i.exec(group[2]!)?.[0] ?? '';
    return { src: group[1]!.trim(), alt: attrOf(img, 'alt') ?? '' };
  }
  const img = /<img\b[^>]*>/i.exec(text)?.[0];
  const src = img ? attrOf(img, 'src') : null;
  return img && src ? { src, alt: attrOf(img, 'alt') ?? '' } : null;
}

/** Plain text of a DLE snippet (a lead): tags and codes removed, spaces folded. */
export function dleToText(text: string): string {
  return text
    .replace(/\[hide(?:=[^\]]*)?\][\s\S]*?\[\/hide\]/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/\[[^\]]{0,40}\]/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&laquo;/g, '«')
    .replace(/&raquo;/g, '»')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
