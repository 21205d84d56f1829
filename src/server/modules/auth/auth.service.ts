import { createHash, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal, Role } from '../../domain/principal.ts';
import type { ApiKeysService } from '../api-keys/index.ts';
import type { StaffAccount, UsersService } from '../users/index.ts';
import { authRepo } from './auth.repo.ts';

export interface AuthPolicy {
  /** A session ends after this long without a request (ms). */
  idleMs: number;
  /** …and this long after sign-in, whatever the activity (ms). */
  maxMs: number;
  /** Failed sign-ins (or wrong API keys) allowed per account and per address in the window. */
  maxFailures: number;
  windowMs: number;
}

export interface AuthServiceOptions {
  db: Db;
  transactor: Transactor;
  users: UsersService;
  apiKeys: ApiKeysService;
  /** Roles that must use two-factor sign-in (site settings). */
  totpRequiredRoles: () => readonly Role[];
  /** A secret every node shares, for hashing client addresses in the failure records. */
  secret: () => Promise<string>;
  policy: AuthPolicy;
  now?: () => number;
  log: { warn(obj: object, msg: string): void };
}

/** Where a sign-in comes from. */
export interface ClientInfo {
  address: string;
  userAgent: string;
}

const loginInput = z
  .object({
    email: z.string().trim().toLowerCase().min(3).max(254),
    password: z.string().min(1).max(512),
    code: z.string().trim().max(32).optional(),
  })
  .strict();

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Touch `last_seen_at` at most this often: reading pages of the desk must not be a write each time. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Signing in and out: server-side sessions (the cookie carries a random token, the database
 * only its hash), idle and absolute expiry, throttling of wrong passwords per account and per
 * address and of wrong API keys per address, and two-factor sign-in when the account has it.
 */
export function createAuthService(o: AuthServiceOptions) {
  const now = o.now ?? Date.now;
  const { policy } = o;
  const touched = new Map<string, number>();

  async function addressKey(address: string): Promise<string> {
    return createHmac('sha256', await o.secret())
      .update(address)
      .digest('base64url')
      .slice(0, 22);
  }

  /** Throws RATE_LIMITED (with the seconds to wait) when any of the keys has failed too often lately. */
  async function checkThrottle(keys: string[], t: number): Promise<void> {
    const repo = authRepo(o.db);
    for (const key of keys) {
      const { n, oldest } = await repo.failures(key, t - policy.windowMs);
      if (n >= policy.maxFailures && oldest !== null) {
        const retryAfter = Math.max(1, Math.ceil((oldest + policy.windowMs - t) / 1000));
        throw fail('RATE_LIMITED', 'Too many failed attempts; try again later', { retryAfter });
      }
    }
  }

  async function failed(keys: string[], t: number, reason: string, email?: string) {
    await authRepo(o.db).addFailures(keys, t);
    // Who and from where, never what was typed.
    o.log.warn({ reason, email, address: keys.find((k) => k.startsWith('address:')) }, 'sign-in refused');
  }

  async function startSession(userId: number, client: ClientInfo, principal: Principal) {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = await o.transactor.run(principal, async (tx) => {
      const expires = tx.now + policy.maxMs;
      await authRepo(tx.db).addSession({
        id: sha256(token),
        userId,
        at: tx.now,
        expiresAt: expires,
        userAgent: client.userAgent,
      });
      tx.record({ type: 'SignedIn', userId });
      return expires;
    });
    return { token, expiresAt };
  }

  /**
   * Signs in with email and password (and the one-time code when the account has two-factor
   * sign-in). The same answer for an unknown email as for a wrong password. A new session
   * every time: a session token is never carried over from before sign-in.
   */
  async function login(input: unknown, client: ClientInfo) {
    const data = loginInput.parse(input);
    const t = now();
    const keys = [`account:${data.email}`, `address:${await addressKey(client.address)}`];
    await checkThrottle(keys, t);
    const user = await o.users.checkCredentials(data.email, data.password);
    if (!user) {
      await failed(keys, t, 'wrong email or password', data.email);
      throw fail('INVALID_CREDENTIALS', 'Wrong email or password');
    }
    if (user.totp_enabled === 1) {
      if (!data.code) throw fail('TOTP_REQUIRED', 'Enter the one-time code from your authenticator app');
      if (!(await o.users.twoFactor.check(user.id, data.code))) {
        await failed(keys, t, 'wrong one-time code', data.email);
        throw fail('INVALID_CREDENTIALS', 'The one-time code is wrong');
      }
    }
    const principal = await o.users.principalOf(user.id);
    if (!principal) throw fail('INVALID_CREDENTIALS', 'Wrong email or password');
    // Old records go now and then; they only matter inside the window.
    if (Math.random() < 0.05) {
      await authRepo(o.db).removeFailuresBefore(t - policy.windowMs);
      await authRepo(o.db).removeExpired(t, t - policy.idleMs);
    }
    const session = await startSession(user.id, client, principal);
    return { ...session, account: await o.users.get(principal, user.id) };
  }

  /** Starts a session for an account that was just made (first run, an accepted invitation). */
  async function sessionFor(userId: number, client: ClientInfo) {
    const principal = await o.users.principalOf(userId);
    if (!principal) throw fail('INVALID_CREDENTIALS', 'The account is not active');
    const session = await startSession(userId, client, principal);
    return { ...session, account: await o.users.get(principal, userId) };
  }

  /** The principal of a session cookie, or null when the session is unknown, ended or expired. */
  async function fromSession(token: string): Promise<{ principal: Principal; sessionId: string } | null> {
    if (token.length < 20 || token.length > 100) return null;
    const id = sha256(token);
    const s = await authRepo(o.db).session(id);
    const t = now();
    if (!s || Number(s.expires_at) <= t || Number(s.last_seen_at) <= t - policy.idleMs) return null;
    const principal = await o.users.principalOf(s.user_id);
    if (!principal) return null;
    if (t - Math.max(Number(s.last_seen_at), touched.get(id) ?? 0) >= TOUCH_EVERY_MS) {
      touched.set(id, t);
      if (touched.size > 50_000) touched.clear();
      await authRepo(o.db).touch(id, t);
    }
    if (o.totpRequiredRoles().includes(principal.role) && !(await o.users.twoFactor.enabled(s.user_id))) {
      return { principal: { ...principal, restricted: 'two-factor-setup' }, sessionId: id };
    }
    return { principal, sessionId: id };
  }

  /** The principal of a bearer key; wrong keys from one address are throttled like passwords. */
  async function fromKey(token: string, client: ClientInfo): Promise<Principal | null> {
    const key = [`key:${await addressKey(client.address)}`];
    const t = now();
    await checkThrottle(key, t);
    const principal = await o.apiKeys.verify(token);
    if (!principal) await failed(key, t, 'wrong API key');
    return principal;
  }

  async function logout(principal: Principal, sessionId: string): Promise<void> {
    await o.transactor.run(principal, async (tx) => {
      await authRepo(tx.db).removeSession(sessionId);
      tx.record({ type: 'SignedOut', userId: principal.id ?? 0, everywhere: false });
    });
  }

  /** Ends every session of the account, this one included ("sign out everywhere"). */
  async function logoutEverywhere(principal: Principal): Promise<number> {
    authorize(principal, 'self.manage');
    return o.transactor.run(principal, async (tx) => {
      const n = await authRepo(tx.db).removeSessionsOf(principal.id ?? 0);
      tx.record({ type: 'SignedOut', userId: principal.id ?? 0, everywhere: true });
      return n;
    });
  }

  async function sessions(principal: Principal, currentId: string | null) {
    authorize(principal, 'self.manage');
    const t = now();
    return (await authRepo(o.db).sessionsOf(principal.id ?? 0))
      .filter((s) => Number(s.expires_at) > t && Number(s.last_seen_at) > t - policy.idleMs)
      .map((s) => ({
        id: s.id,
        createdAt: Number(s.created_at),
        lastSeenAt: Number(s.last_seen_at),
        expiresAt: Number(s.expires_at),
        userAgent: s.user_agent,
        current: s.id === currentId,
      }));
  }

  async function endSession(principal: Principal, id: string): Promise<void> {
    authorize(principal, 'self.manage');
    const mine = (await authRepo(o.db).sessionsOf(principal.id ?? 0)).some((s) => s.id === id);
    if (!mine) throw fail('SESSION_NOT_FOUND', 'No session of yours has this id');
    await logout(principal, id);
  }

  /** After a password change (or reset, or deactivation) other sessions end; `keep` survives. */
  async function endOtherSessions(userId: number, keep?: string): Promise<void> {
    await authRepo(o.db).removeSessionsOf(userId, keep);
  }

  return {
    login,
    sessionFor,
    fromSession,
    fromKey,
    logout,
    logoutEverywhere,
    sessions,
    endSession,
    endOtherSessions,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
export type { StaffAccount };
