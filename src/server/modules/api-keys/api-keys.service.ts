import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.ts';

export interface ApiKeysServiceOptions {
  db: Db;
  /** The operator's key from ADMIN_API_KEY, accepted with full rights; never stored. */
  envKey: string | null;
  now?: () => number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Admin API keys. Only a SHA-256 of each token is stored: the tokens are 256-bit random
 * strings, so a fast hash is enough (there is nothing to brute-force, unlike passwords).
 */
export function createApiKeysService({ db, envKey, now = Date.now }: ApiKeysServiceOptions) {
  const envHash = envKey ? Buffer.from(sha256(envKey), 'hex') : null;

  async function create(name: string): Promise<{ id: number; name: string; token: string }> {
    const token = `shp_${randomBytes(32).toString('base64url')}`;
    const row = await db
      .insertInto('api_keys')
      .values({ name, token_hash: sha256(token), created_at: now(), last_used_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, name, token };
  }

  /** Returns the key's name when the token is valid, otherwise null. */
  async function verify(token: string): Promise<string | null> {
    if (token.length < 8 || token.length > 200) return null;
    const hash = sha256(token);
    if (envHash && timingSafeEqual(envHash, Buffer.from(hash, 'hex'))) return 'ADMIN_API_KEY';
    const row = await db
      .selectFrom('api_keys')
      .select(['id', 'name'])
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    if (!row) return null;
    await db.updateTable('api_keys').set({ last_used_at: now() }).where('id', '=', row.id).execute();
    return row.name;
  }

  async function list() {
    return db
      .selectFrom('api_keys')
      .select(['id', 'name', 'created_at', 'last_used_at'])
      .orderBy('id')
      .execute();
  }

  async function revoke(id: number): Promise<boolean> {
    const r = await db.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  return { create, verify, list, revoke };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
