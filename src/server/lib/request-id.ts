import { randomFillSync } from 'node:crypto';

/** What an incoming `X-Request-Id` may be to be kept: short, and nothing a log line could be forged with. */
const SANE = /^[A-Za-z0-9._-]{1,64}$/;

/** Random bytes drawn in batches: an id costs a slice and a base64url encoding. */
const pool = Buffer.alloc(8 * 512);
let offset = pool.length;

/** A short random id: 8 random bytes, 11 characters of base64url. */
export function newRequestId(): string {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + 8);
  offset += 8;
  return id;
}

/**
 * The id of a request: the caller's `X-Request-Id` when it is sane (≤ 64 characters of
 * `A-Za-z0-9._-`, e.g. set by a proxy in front to follow a request through), else a new one.
 */
export function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE.test(header) ? header : newRequestId();
}
