import { type Extensions, mergeAttributes, Node } from '@tiptap/core';
import Subscript from '@tiptap/extension-subscript';
import Superscript from '@tiptap/extension-superscript';
import StarterKit from '@tiptap/starter-kit';
import { recogniseEmbed } from './embeds.ts';
import { EMBED_PROVIDER_NAMES, HEADING_LEVELS, NODE } from './names.ts';

/**
 * The TipTap extensions of the newsroom editor: exactly the schema of `schema.ts`, so what
 * the editor writes is what the server validates, stores and renders. StarterKit without what
 * we do not keep (strike, underline, code blocks); links whose `target`, `rel` and `class`
 * stay null (the renderer decides `rel`); and our two nodes, `image` and `embed`.
 */
export const ImageFigure = Node.create({
  name: NODE.image,
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    return {
      mediaId: {
        default: null,
        parseHTML: (el) => {
          const v = el.getAttribute('data-media-id');
          return v && /^\d+$/.test(v) ? Number(v) : null;
        },
        renderHTML: (a) => (a.mediaId ? { 'data-media-id': String(a.mediaId) } : {}),
      },
      src: {
        default: null,
        parseHTML: (el) => el.querySelector('img')?.getAttribute('src') ?? null,
        renderHTML: () => ({}),
      },
      alt: {
        default: null,
        parseHTML: (el) => el.querySelector('img')?.getAttribute('alt') ?? null,
        renderHTML: () => ({}),
      },
      caption: {
        default: null,
        parseHTML: (el) => el.querySelector('.caption')?.textContent ?? null,
        renderHTML: () => ({}),
      },
      credit: {
        default: null,
        parseHTML: (el) => el.querySelector('.credit')?.textContent ?? null,
        renderHTML: () => ({}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'figure[data-media-id]' }, { tag: 'figure:has(img)' }];
  },
  renderHTML({ node, HTMLAttributes }) {
    const { src, alt, caption, credit, mediaId } = node.attrs as Record<string, string | number | null>;
    const img = ['img', { src: src ?? (mediaId ? `/media/${mediaId}/800.jpg` : ''), alt: alt ?? '' }];
    const parts: unknown[] = [];
    if (caption) parts.push(['span', { class: 'caption' }, String(caption)]);
    if (credit) parts.push(['span', { class: 'credit' }, String(credit)]);
    return [
      'figure',
      mergeAttributes(HTMLAttributes),
      img,
      ...(parts.length ? [['figcaption', {}, ...parts]] : []),
    ] as never;
  },
});

export const Embed = Node.create({
  name: NODE.embed,
  group: 'block',
  atom: true,
  addAttributes() {
    return {
      provider: { default: null, parseHTML: (el) => el.getAttribute('data-embed') },
      url: { default: null, parseHTML: (el) => el.querySelector('a')?.getAttribute('href') ?? null },
    };
  },
  parseHTML() {
    return [{ tag: 'figure[data-embed]' }];
  },
  renderHTML({ node }) {
    const provider = String(node.attrs.provider) as keyof typeof EMBED_PROVIDER_NAMES;
    return [
      'figure',
      { class: 'embed', 'data-embed': provider },
      ['a', { href: String(node.attrs.url) }, String(node.attrs.url)],
      ['figcaption', {}, EMBED_PROVIDER_NAMES[provider] ?? provider],
    ];
  },
});

/** An embed node for a pasted URL, or null when the URL is not a post or video we know. */
export function embedFor(url: string): { type: 'embed'; attrs: { provider: string; url: string } } | null {
  const ref = recogniseEmbed(url);
  return ref ? { type: 'embed', attrs: { provider: ref.provider, url: ref.url } } : null;
}

export const contentExtensions: Extensions = [
  StarterKit.configure({
    codeBlock: false,
    strike: false,
    // A trailing empty paragraph would change every story the moment it is opened.
    trailingNode: false,
    underline: false,
    heading: { levels: [...HEADING_LEVELS] },
    link: { openOnClick: false, autolink: true, HTMLAttributes: { target: null, rel: null, class: null } },
  }),
  Subscript,
  Superscript,
  ImageFigure,
  Embed,
];
