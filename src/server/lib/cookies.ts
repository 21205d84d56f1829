import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Cookie header → name/value pairs (first occurrence wins; malformed parts are skipped). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

export interface CookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
  httpOnly?: boolean;
}

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${value}`,
    'Path=/',
    `Max-Age=${o.maxAgeSeconds}`,
    'SameSite=Lax',
    ...(o.httpOnly ? ['HttpOnly'] : []),
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}

/**
 * Signs and checks small cookie values with a secret every node shares (kept in the
 * database by the settings area), so a restart or another node accepts the same cookies.
 */
export function createSigner(secret: string) {
  const mac = (data: string) => createHmac('sha256', secret).update(data).digest('base64url').slice(0, 24);
  return {
    /** `<nonce>.<mac>` bound to a purpose such as `poll:12`. */
    sign(purpose: string): string {
      const nonce = randomBytes(9).toString('base64url');
      return `${nonce}.${mac(`${purpose}:${nonce}`)}`;
    },
    /** `<nonce>.<mac>` with a nonce of the caller's (a time, for a form that must not be sent at once). */
    signAs(purpose: string, nonce: string): string {
      return `${nonce}.${mac(`${purpose}:${nonce}`)}`;
    },
    verify(purpose: string, value: string | undefined): boolean {
      if (!value) return false;
      const [nonce, sig] = value.split('.');
      if (!nonce || !sig || nonce.length > 40) return false;
      const expected = Buffer.from(mac(`${purpose}:${nonce}`));
      const given = Buffer.from(sig);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}

export type Signer = ReturnType<typeof createSigner>;
