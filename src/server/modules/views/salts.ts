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

  return { today };
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

/** A 53-bit key (a safe integer, any database stores it) from a salted hash of the parts. */
function key53(salt: string, parts: string[]): number {
  // One call, no hash object: this runs for every beacon.
  const digest = hash('sha256', `${salt}\0${parts.join('\0')}`, 'buffer');
  return Number(digest.readBigUInt64BE(0) >> 11n);
}

/** One reader of one story, for counting once per window: never reversible, rotates with the salt. */
export const readerKey = (salt: string, address: string, userAgent: string, articleId: number) =>
  key53(salt, [address, userAgent, String(articleId)]);

/** One address, for the cap on views from it: never reversible, rotates with the salt. */
export const addressKey = (salt: string, address: string) => key53(salt, ['address', address]);
