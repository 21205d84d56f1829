import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import { type Principal, ROLES, type Role } from '../../domain/principal.ts';
import { apiKeysRepo } from './api-keys.repo.ts';

export interface ApiKeysServiceOptions {
  db: Db;
  transactor: Transactor;
  /** The operator's key from ADMIN_API_KEY, accepted with full rights; never stored. */
  envKey: string | null;
  now?: () => number;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Only write "last used" this often per key: reading the Admin API must not be a write each time. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Admin API keys. Only a SHA-256 of each token is stored: the tokens are 256-bit random
 * strings, so a fast hash is enough (there is nothing to brute-force, unlike passwords).
 */
export function createApiKeysService(o: ApiKeysServiceOptions) {
  const now = o.now ?? Date.now;
  const envHash = o.envKey ? Buffer.from(sha256(o.envKey), 'hex') : null;
  const touched = new Map<number, number>();

  async function create(
    principal: Principal,
    name: string,
    role: Role = 'administrator',
  ): Promise<{ id: number; name: string; role: Role; token: string }> {
    authorize(principal, 'apikey.manage');
    const clean = name.trim();
    if (!clean || clean.length > 100) throw fail('VALIDATION_FAILED', 'name: 1–100 characters');
    if (!ROLES.includes(role) || role === 'owner') {
      throw fail('VALIDATION_FAILED', 'role: contributor, author, editor or administrator');
    }
    const token = `shp_${randomBytes(32).toString('base64url')}`;
    const id = await o.transactor.run(principal, async (tx) => {
      const id = await apiKeysRepo(tx.db).insert(clean, role, sha256(token), tx.now);
      tx.record({ type: 'ApiKeyCreated', id, name: clean });
      return id;
    });
    return { id, name: clean, role, token };
  }

  /** The principal a bearer token stands for, or null when the token is not a valid key. */
  async function verify(token: string): Promise<Principal | null> {
    if (token.length < 8 || token.length > 200) return null;
    const hash = sha256(token);
    if (envHash && timingSafeEqual(envHash, Buffer.from(hash, 'hex'))) {
      return { kind: 'api-key', id: null, name: 'ADMIN_API_KEY', role: 'owner', authorId: null };
    }
    const row = await apiKeysRepo(o.db).byHash(hash);
    if (!row) return null;
    const t = now();
    if (t - (touched.get(row.id) ?? 0) >= TOUCH_EVERY_MS) {
      touched.set(row.id, t);
      await apiKeysRepo(o.db).touch(row.id, t);
    }
    const role = ROLES.includes(row.role as Role) ? (row.role as Role) : 'contributor';
    return { kind: 'api-key', id: row.id, name: row.name, role, authorId: null };
  }

  async function list(principal: Principal) {
    authorize(principal, 'apikey.manage');
    return apiKeysRepo(o.db).list();
  }

  async function revoke(principal: Principal, id: number): Promise<void> {
    authorize(principal, 'apikey.manage');
    await o.transactor.run(principal, async (tx) => {
      if (!(await apiKeysRepo(tx.db).remove(id))) throw fail('API_KEY_NOT_FOUND', `No API key with id ${id}`);
      tx.record({ type: 'ApiKeyRevoked', id });
    });
    touched.delete(id);
  }

  return { create, verify, list, revoke };
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>;
