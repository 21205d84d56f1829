import type { IncomingHttpHeaders } from 'node:http';

/** The origin a request names (`Origin`, or the origin of `Referer`), or null when it names none. */
export function requestOrigin(headers: IncomingHttpHeaders): string | null {
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin;
  const referer = headers.referer;
  if (typeof referer !== 'string') return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}

const BASE = 'http://same-site.invalid';

/**
 * A redirect target that stays on this site: a path, read as a browser would read it (percent
 * escapes and backslashes included: `/\evil.example` and `/%5Cevil.example` lead elsewhere), or
 * null when it could leave the site or is not a plain path.
 */
export function sameSitePath(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 500 || !raw.startsWith('/')) return null;
  if (!/^[\x21-\x7e]+$/.test(raw)) return null;
  let decoded = raw;
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(decoded);
      if (next === decoded) break;
      decoded = next;
    } catch {
      return null;
    }
  }
  // Backslashes (browsers read them as slashes) and control characters anywhere.
  if (decoded.includes('\\') || [...decoded].some((c) => c < ' ' || c === '\x7f') || decoded.startsWith('//'))
    return null;
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  return `${url.pathname}${url.search}`;
}
