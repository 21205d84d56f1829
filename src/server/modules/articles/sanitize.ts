import sanitizeHtml from 'sanitize-html';

/**
 * The allow-list for story bodies. Applied on save (what is stored is already safe)
 * and again whenever stored HTML is re-rendered with a new render version.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'blockquote',
    'ul',
    'ol',
    'li',
    'strong',
    'b',
    'em',
    'i',
    'a',
    'br',
    'figure',
    'figcaption',
    'cite',
    'q',
    'sub',
    'sup',
    'hr',
    'code',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    b: 'strong',
    i: 'em',
    // Links leaving the site never pass our readers' referrer or window to the target.
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, ...(attribs.href?.startsWith('/') ? {} : { rel: 'noopener noreferrer' }) },
    }),
  },
  exclusiveFilter: (frame) =>
    frame.tag === 'p' && frame.text.trim() === '' && frame.mediaChildren.length === 0,
};

export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}

/** Plain text of a body, for leads and descriptions. */
export function textOf(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}
