import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/database.ts';

const DAY = 86_400_000;

/**
 * Daily salts for reader hashes. The salt of a UTC day is created once, in the database
 * (so every node hashes a reader the same way), and deleted two days later: after that
 * nobody, not even us, can link a hash back to an address.
 */
export function createSalts(db: Db, now: () => number = Date.now) {
  let current: { day: number; salt: string } | null = null;
  let loading: Promise<string> | null = null;

  async function load(day: number): Promise<string> {
    const key = `view_salt:${day}`;
    await db
      .insertInto('settings')
      .values({ key, value: randomBytes(32).toString('base64') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    // Salts older than yesterday are no longer needed by anyone.
    await db
      .deleteFrom('settings')
      .where('key', 'like', 'view_salt:%')
      .where('key', 'not in', [key, `view_salt:${day - 1}`])
      .execute();
    current = { day, salt: row.value };
    return row.value;
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
