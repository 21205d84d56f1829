import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Db } from '../../db/database.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize } from '../../domain/permissions.ts';
import type { Principal, Role } from '../../domain/principal.ts';
import { verifyPassword } from './passwords.ts';
import { usersRepo } from './users.repo.ts';

const STEP_SECONDS = 30;
const RECOVERY_CODES = 10;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normalise = (code: string) => code.replace(/[\s-]/g, '').toLowerCase();

interface Deps {
  db: Db;
  transactor: Transactor;
}

/**
 * Two-factor sign-in: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of clock
 * drift either way), each code accepted once, and ten single-use recovery codes.
 */
export function createTwoFactor(o: { siteName: string }) {
  const totp = (secret: string, label: string) =>
    new TOTP({
      issuer: o.siteName,
      label,
      algorithm: 'SHA1',
      digits: 6,
      period: STEP_SECONDS,
      secret: Secret.fromBase32(secret),
    });

  /** Starts setting up: a new secret (not yet required at sign-in) and the URI for an authenticator app. */
  async function start(d: Deps, principal: Principal) {
    authorize(principal, 'self.manage');
    const me = await usersRepo(d.db).byId(principal.id ?? 0);
    if (!me) throw fail('USER_NOT_FOUND', 'No such account');
    const secret = new Secret({ size: 20 }).base32;
    await d.transactor.run(principal, async (tx) => {
      await usersRepo(tx.db).update(me.id, { totp_secret: secret, totp_enabled: 0 }, tx.now);
    });
    return { secret, uri: totp(secret, me.email).toString() };
  }

  /** Accepts a code for the account's secret once; false for a wrong or replayed code. */
  async function acceptCode(
    d: Deps,
    userId: number,
    secret: string,
    email: string,
    code: string,
    at: number,
  ) {
    const token = normalise(code);
    if (!/^\d{6}$/.test(token)) return false;
    const delta = totp(secret, email).validate({ token, timestamp: at, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(at / 1000 / STEP_SECONDS) + delta;
    return usersRepo(d.db).claimTotpStep(userId, step);
  }

  /** Turns two-factor sign-in on with a code from the app; returns the recovery codes (shown once). */
  async function confirm(d: Deps, principal: Principal, code: string): Promise<string[]> {
    authorize(principal, 'self.manage');
    const me = await usersRepo(d.db).byId(principal.id ?? 0);
    if (!me?.totp_secret) throw fail('TOTP_INVALID', 'Start setting up two-factor sign-in first');
    if (!(await acceptCode(d, me.id, me.totp_secret, me.email, code, Date.now()))) {
      throw fail('TOTP_INVALID', 'The code is wrong; check the time on the phone');
    }
    const codes = Array.from({ length: RECOVERY_CODES }, () => randomBytes(5).toString('hex'));
    await d.transactor.run(principal, async (tx) => {
      await usersRepo(tx.db).update(
        me.id,
        { totp_enabled: 1, recovery_codes: JSON.stringify(codes.map((c) => sha256(c))) },
        tx.now,
      );
      tx.record({ type: 'UserChanged', id: me.id, change: 'two-factor' });
    });
    return codes;
  }

  /** A second factor at sign-in: a current code or an unused recovery code (then used up). */
  async function check(d: Deps, userId: number, code: string): Promise<boolean> {
    const me = await usersRepo(d.db).byId(userId);
    if (!me?.totp_secret || me.totp_enabled !== 1) return false;
    if (await acceptCode(d, userId, me.totp_secret, me.email, code, Date.now())) return true;
    const hashes = JSON.parse(me.recovery_codes) as string[];
    const hash = sha256(normalise(code));
    if (!hashes.includes(hash)) return false;
    await d.transactor.run(
      { kind: 'user', id: me.id, name: me.name, role: me.role as Role, authorId: me.author_id },
      async (tx) => {
        await usersRepo(tx.db).update(
          me.id,
          { recovery_codes: JSON.stringify(hashes.filter((h) => h !== hash)) },
          tx.now,
        );
        tx.record({ type: 'UserChanged', id: me.id, change: 'two-factor' });
      },
    );
    return true;
  }

  async function disable(d: Deps, principal: Principal, password: string): Promise<void> {
    authorize(principal, 'self.manage');
    const me = await usersRepo(d.db).byId(principal.id ?? 0);
    if (!me || !(await verifyPassword(password, me.password_hash))) {
      throw fail('INVALID_CREDENTIALS', 'The password is wrong');
    }
    await d.transactor.run(principal, async (tx) => {
      await usersRepo(tx.db).update(
        me.id,
        { totp_secret: null, totp_enabled: 0, recovery_codes: '[]' },
        tx.now,
      );
      tx.record({ type: 'UserChanged', id: me.id, change: 'two-factor' });
    });
  }

  return { start, confirm, check, disable };
}
