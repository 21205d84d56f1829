import { createHash, hash } from 'node:crypto';

const DAY = 86_400_000;

/** Where the daily salts are kept: the settings area's period secrets. */
export type PeriodSecret = (name: string, period: number, keep: number) => Promise<string>;

/**
 * Daily salts for reader hashes. The salt of a UTC day is created once, in the database
 * (so every node hashes a reader the same way), and deleted two days later: after that
 * nobody, not even us, can link a hash back to an address.
 */
export function createSalts(periodSecret: PeriodSecret, now: () => number = Date.now) {
  let current: { day: number; salt: string } | null = null;
  let loading: Promise<string> | null = null;

  async function load(day: number): Promise<string> {
    // Yesterday's salt stays for readers whose requests straddle midnight; older ones go.
    const salt = await periodSecret('view_salt', day, 1);
    current = { day, salt };
    return salt;
  }

  /** The salt of the day of `t` when it is already loaded (no waiting), else null. */
  function ready(t = now()): string | null {
    return current?.day === Math.floor(t / DAY) ? current.salt : null;
  }

  /** The salt of today (UTC); cached in memory, loaded once a day. */
  async function today(): Promise<string> {
    const day = Math.floor(now() / DAY);
    if (current?.day === day) return current.salt;
    if (!loading) {
      loading = load(day).finally(() => {
        loading = null;
      });
    }
    return loading;
  }

  return { today, ready };
}

/** The reader's identity for counting: never stored, rotates with the salt. */
export function readerHash(salt: string, address: string, userAgent: string): string {
  return createHash('sha256')
    .update(salt)
    .update('\0')
    .update(address)
    .update('\0')
    .update(userAgent)
    .digest('base64url')
    .slice(0, 22);
}

/** Salted SHA-256 of the parts (one call, no hash object: this runs for every beacon). */
function digest(salt: string, parts: string[]): Buffer {
  return hash('sha256', `${salt}\0${parts.join('\0')}`, 'buffer');
}

/** One address reading one story, as a 32-bit tag: never reversible, rotates with the salt. */
export const pairTag = (salt: string, address: string, articleId: number): number =>
  digest(salt, ['pair', address, String(articleId)]).readInt32BE(0);

/**
 * One reader (address, browser and story) as a 16-bit tag, from a hash of its own: two
 * readers are taken for one only when both their pair tags and these agree (1 in 2^48).
 */
export const readerTag = (salt: string, address: string, userAgent: string, articleId: number): number =>
  digest(salt, ['reader', address, userAgent, String(articleId)]).readUInt16BE(0);
