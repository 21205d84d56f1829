/** Which URLs a body may point to. Pure string checks, the same in the browser and on the server. */
import { CONTENT_LIMITS } from './names.ts';

// ASCII controls, space and DEL: a browser strips or re-encodes them, so an href holding one is not
// the URL it appears to be (`java\tscript:` is `javascript:` to a browser).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE_CHAR = /[\u0000-\u0020\u007f]/;
const HTTP = /^https?:\/\/[^/\\?#]/i;
const MAILTO = /^mailto:[^/\\]/i;

/** True for a path on our own site: one slash, not `//host` or `/\host` (both leave the site). */
export function isSiteRelative(href: string): boolean {
  return href.length > 0 && href[0] === '/' && href[1] !== '/' && href[1] !== '\\';
}

function isAbsoluteHttp(url: string): boolean {
  if (!HTTP.test(url)) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function wellFormed(url: string): boolean {
  return url.length > 0 && url.length <= CONTENT_LIMITS.maxUrlLength && !UNSAFE_CHAR.test(url);
}

/** A link target a body may hold: http(s), mailto, or a site-relative path. */
export function isAllowedHref(href: string): boolean {
  if (!wellFormed(href)) return false;
  return isSiteRelative(href) || MAILTO.test(href) || isAbsoluteHttp(href);
}

/** An image source a body may hold: http(s) or a site-relative path (no data:, no blob:). */
export function isAllowedImageSrc(src: string): boolean {
  return wellFormed(src) && (isSiteRelative(src) || isAbsoluteHttp(src));
}

/** Parses an absolute http(s) URL, or gives null. */
export function parseHttpUrl(url: string): URL | null {
  return wellFormed(url) && isAbsoluteHttp(url) ? new URL(url) : null;
}
