import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { DialectHelpers } from '../../db/dialects/types.ts';
import type { Transactor } from '../../db/transactor.ts';
import { fail } from '../../domain/errors.ts';
import { authorize, manageableRoles } from '../../domain/permissions.ts';
import { type Principal, principalKey, ROLES, type Role, systemPrincipal } from '../../domain/principal.ts';
import { checkPasswordPolicy, dummyHash, hashPassword, verifyPassword } from './passwords.ts';
import { createTwoFactor } from './two-factor.ts';
import { type UserRow, usersRepo } from './users.repo.ts';

/** A staff account as the Admin API shows it (never a secret). */
export interface StaffAccount {
  id: number;
  email: string;
  name: string;
  role: Role;
  authorId: number | null;
  active: boolean;
  twoFactor: boolean;
  createdAt: number;
}

/** Sends one plain-text message; absent when no `SMTP_URL` is configured. */
export type SendMail = (message: { to: string; subject: string; text: string }) => Promise<void>;

export interface UsersServiceOptions {
  db: Db;
  dialect: DialectHelpers;
  transactor: Transactor;
  publicUrl: string;
  siteName: string;
  sendMail: SendMail | null;
}

const INVITATION_DAYS = 7;
const RESET_HOURS = 1;

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'an email address');
const name = z.string().trim().min(1).max(120);
const role = z.enum(ROLES);
const password = z.string().max(512);

export const userInput = z
  .object({ email, name, role, password, authorId: z.number().int().positive().nullable().optional() })
  .strict();
export const userPatch = z
  .object({
    email,
    name,
    role,
    password,
    active: z.boolean(),
    authorId: z.number().int().positive().nullable(),
  })
  .partial()
  .strict();
const setupInput = z.object({ email, name, password }).strict();
const inviteInput = z.object({ email, role }).strict();
const acceptInput = z.object({ token: z.string().min(10).max(200), name, password }).strict();
const resetInput = z.object({ token: z.string().min(10).max(200), password }).strict();

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

const toAccount = (r: UserRow): StaffAccount => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role as Role,
  authorId: r.author_id,
  active: r.active === 1,
  twoFactor: r.totp_enabled === 1,
  createdAt: Number(r.created_at),
});

/**
 * Staff accounts: people with roles, invitations, first-run setup, password resets and the
 * two-factor settings of each account. Accounts are held in memory (every Admin API request
 * asks who its principal is) and dropped on every node when a `UserChanged` event arrives.
 */
export function createUsersService(o: UsersServiceOptions) {
  let memo: Promise<Map<number, UserRow>> | null = null;
  const twoFactor = createTwoFactor({ siteName: o.siteName });

  function rows(): Promise<Map<number, UserRow>> {
    if (!memo) {
      const loading = usersRepo(o.db)
        .all()
        .then((all) => new Map(all.map((r) => [r.id, r])));
      memo = loading;
      loading.catch(() => {
        if (memo === loading) memo = null;
      });
    }
    return memo;
  }

  async function row(id: number): Promise<UserRow> {
    const r = (await rows()).get(id);
    if (!r) throw fail('USER_NOT_FOUND', `No staff account with id ${id}`);
    return r;
  }

  /** The principal a signed-in account acts as; null when it is gone or deactivated. */
  async function principalOf(userId: number): Promise<Principal | null> {
    const r = (await rows()).get(userId);
    if (r?.active !== 1) return null;
    return { kind: 'user', id: r.id, name: r.name, role: r.role as Role, authorId: r.author_id };
  }

  /**
   * Whether `p` may give role `target` to an account (currently `current`): editors manage
   * contributors and authors, administrators everyone but the owner, and only the owner
   * changes the owner's account (never its role). The command line may do anything.
   */
  function checkManage(p: Principal, target: Role, current?: UserRow) {
    authorize(p, 'staff.manage');
    if (p.kind === 'system') return;
    if (current?.role === 'owner') {
      if (!(p.kind === 'user' && p.id === current.id) || target !== 'owner') {
        throw fail('OWNER_PROTECTED', 'Only the owner may change the owner account, and it stays the owner');
      }
      return;
    }
    const allowed = manageableRoles(p);
    for (const r of current ? [target, current.role as Role] : [target]) {
      if (!allowed.includes(r))
        throw fail('FORBIDDEN', `The role "${p.role}" may not manage "${r}" accounts`);
    }
  }

  /** A unique email is the database's to guarantee: map its refusal. */
  async function uniqueEmail<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (o.dialect.isUniqueViolation(err)) throw fail('EMAIL_TAKEN', 'Another account has this email');
      if (o.dialect.isForeignKeyViolation(err))
        throw fail('UNKNOWN_AUTHOR', 'No author profile with this id');
      throw err;
    }
  }

  const link = (kind: 'invite' | 'reset', token: string) => `${o.publicUrl}/admin/${kind}#${token}`;

  async function mail(to: string, subject: string, text: string) {
    await o.sendMail?.({ to, subject, text });
  }

  async function create(principal: Principal, input: unknown): Promise<StaffAccount> {
    authorize(principal, 'staff.manage');
    const data = userInput.parse(input);
    checkManage(principal, data.role);
    await checkPasswordPolicy(data.password, { email: data.email });
    const passwordHash = await hashPassword(data.password);
    const id = await uniqueEmail(() =>
      o.transactor.run(principal, async (tx) => {
        if (data.role === 'owner' && (await usersRepo(tx.db).all()).some((u) => u.role === 'owner')) {
          throw fail('SETUP_DONE', 'The site already has an owner');
        }
        const id = await usersRepo(tx.db).insert({
          ...data,
          passwordHash,
          authorId: data.authorId ?? null,
          at: tx.now,
        });
        tx.record({ type: 'UserChanged', id, change: 'created' });
        return id;
      }),
    );
    return toAccount(await row(id));
  }

  async function update(principal: Principal, id: number, input: unknown): Promise<StaffAccount> {
    const self = principal.kind === 'user' && principal.id === id;
    authorize(principal, self ? 'self.manage' : 'staff.manage');
    const data = userPatch.parse(input);
    const current = await row(id);
    if (!(self && data.role === undefined && data.active === undefined)) {
      checkManage(principal, data.role ?? (current.role as Role), current);
    }
    if (self && data.active === false)
      throw fail('FORBIDDEN', 'Deactivate your own account from another one');
    if (data.password !== undefined)
      await checkPasswordPolicy(data.password, { email: data.email ?? current.email });
    const passwordHash = data.password !== undefined ? await hashPassword(data.password) : undefined;
    await uniqueEmail(() =>
      o.transactor.run(principal, async (tx) => {
        await usersRepo(tx.db).update(
          id,
          {
            ...(data.email !== undefined ? { email: data.email } : {}),
            ...(data.name !== undefined ? { name: data.name } : {}),
            ...(data.role !== undefined ? { role: data.role } : {}),
            ...(data.active !== undefined ? { active: data.active ? 1 : 0 } : {}),
            ...(data.authorId !== undefined ? { author_id: data.authorId } : {}),
            ...(passwordHash ? { password_hash: passwordHash } : {}),
          },
          tx.now,
        );
        const change = data.active === false ? 'deactivated' : passwordHash ? 'password' : 'updated';
        tx.record({ type: 'UserChanged', id, change });
      }),
    );
    return toAccount(await row(id));
  }

  async function remove(principal: Principal, id: number): Promise<void> {
    authorize(principal, 'staff.manage');
    const current = await row(id);
    if (current.role === 'owner') throw fail('OWNER_PROTECTED', 'The owner account cannot be deleted');
    checkManage(principal, current.role as Role, current);
    await o.transactor.run(principal, async (tx) => {
      await usersRepo(tx.db).remove(id);
      tx.record({ type: 'UserChanged', id, change: 'deleted' });
    });
  }

  /** First run: the owner account, once, when there is no account at all. */
  async function setup(input: unknown): Promise<number> {
    const data = setupInput.parse(input);
    await checkPasswordPolicy(data.password, { email: data.email });
    const passwordHash = await hashPassword(data.password);
    return uniqueEmail(() =>
      o.transactor.run(systemPrincipal('setup'), async (tx) => {
        if ((await usersRepo(tx.db).count()) > 0) throw fail('SETUP_DONE', 'The site already has an owner');
        const id = await usersRepo(tx.db).insert({
          ...data,
          role: 'owner',
          passwordHash,
          authorId: null,
          at: tx.now,
        });
        tx.record({ type: 'UserChanged', id, change: 'created' });
        return id;
      }),
    );
  }

  async function invite(principal: Principal, input: unknown) {
    authorize(principal, 'staff.manage');
    const data = inviteInput.parse(input);
    checkManage(principal, data.role);
    if (data.role === 'owner') throw fail('FORBIDDEN', 'The owner is made at first run, not invited');
    const token = newToken();
    const result = await o.transactor.run(principal, async (tx) => {
      const expiresAt = tx.now + INVITATION_DAYS * 86_400_000;
      const id = await usersRepo(tx.db).addInvitation({
        email: data.email,
        role: data.role,
        tokenHash: tokenHash(token),
        invitedBy: principalKey(principal),
        at: tx.now,
        expiresAt,
      });
      tx.record({ type: 'InvitationCreated', id, role: data.role });
      return { id, email: data.email, role: data.role, expiresAt, link: link('invite', token) };
    });
    await mail(
      data.email,
      `Запрошення до редакції «${o.siteName}»`,
      `Вас запрошено до редакції «${o.siteName}» (роль: ${data.role}).\n\nЩоб створити обліковий запис, відкрийте посилання протягом ${INVITATION_DAYS} днів:\n${result.link}\n`,
    );
    return result;
  }

  async function invitations(principal: Principal) {
    authorize(principal, 'staff.manage');
    return (await usersRepo(o.db).invitations()).map((r) => ({
      id: r.id,
      email: r.email,
      role: r.role,
      invitedBy: r.invited_by,
      createdAt: Number(r.created_at),
      expiresAt: Number(r.expires_at),
      acceptedAt: r.accepted_at === null ? null : Number(r.accepted_at),
    }));
  }

  /** Accepts an invitation: the account is made with the invited email and role. Valid once, for 7 days. */
  async function acceptInvitation(input: unknown): Promise<number> {
    const data = acceptInput.parse(input);
    const passwordHash = await hashPassword(data.password);
    return uniqueEmail(() =>
      o.transactor.run(systemPrincipal('invitation'), async (tx) => {
        const invitation = await usersRepo(tx.db).claimInvitation(tokenHash(data.token), tx.now);
        if (!invitation) throw fail('INVALID_TOKEN', 'This invitation is unknown, used or expired');
        await checkPasswordPolicy(data.password, { email: invitation.email });
        const id = await usersRepo(tx.db).insert({
          email: invitation.email,
          name: data.name,
          role: invitation.role,
          passwordHash,
          authorId: null,
          at: tx.now,
        });
        tx.record({ type: 'UserChanged', id, change: 'created' });
        return id;
      }),
    );
  }

  /** A one-time link to set a new password, valid for an hour (the CLI prints it; mail sends it). */
  async function resetLink(principal: Principal, forEmail: string): Promise<string | null> {
    const address = email.parse(forEmail);
    const user = await usersRepo(o.db).byEmail(address);
    if (user?.active !== 1) return null;
    const token = newToken();
    await o.transactor.run(principal, async (tx) => {
      await usersRepo(tx.db).addReset({
        tokenHash: tokenHash(token),
        userId: user.id,
        at: tx.now,
        expiresAt: tx.now + RESET_HOURS * 3_600_000,
      });
    });
    return link('reset', token);
  }

  /** "Forgot my password": mails a reset link when the account exists; answers the same either way. */
  async function requestReset(input: unknown): Promise<void> {
    const { email: address } = z.object({ email }).strict().parse(input);
    const url = await resetLink(systemPrincipal('password-reset'), address);
    if (url) {
      await mail(
        address,
        `Новий пароль для «${o.siteName}»`,
        `Щоб задати новий пароль, відкрийте посилання протягом години:\n${url}\n\nЯкщо ви не просили про це, нічого не робіть.`,
      );
    }
  }

  async function completeReset(input: unknown): Promise<number> {
    const data = resetInput.parse(input);
    const passwordHash = await hashPassword(data.password);
    return o.transactor.run(systemPrincipal('password-reset'), async (tx) => {
      const userId = await usersRepo(tx.db).claimReset(tokenHash(data.token), tx.now);
      if (userId === undefined) throw fail('INVALID_TOKEN', 'This reset link is unknown, used or expired');
      const user = await usersRepo(tx.db).byId(userId);
      await checkPasswordPolicy(data.password, { email: user?.email ?? '' });
      await usersRepo(tx.db).update(userId, { password_hash: passwordHash }, tx.now);
      tx.record({ type: 'UserChanged', id: userId, change: 'password' });
      return userId;
    });
  }

  /** The account an email and password sign in to, or null (wrong password, unknown or inactive). */
  async function checkCredentials(address: string, pass: string): Promise<UserRow | null> {
    const user = await usersRepo(o.db).byEmail(address.trim().toLowerCase());
    const ok = await verifyPassword(pass, user?.password_hash ?? (await dummyHash()));
    return ok && user && user.active === 1 ? user : null;
  }

  async function changeOwnPassword(principal: Principal, current: string, next: string): Promise<void> {
    authorize(principal, 'self.manage');
    const me = await row(principal.id ?? 0);
    if (!(await verifyPassword(current, me.password_hash))) {
      throw fail('INVALID_CREDENTIALS', 'The current password is wrong');
    }
    await checkPasswordPolicy(next, { email: me.email });
    const passwordHash = await hashPassword(next);
    await o.transactor.run(principal, async (tx) => {
      await usersRepo(tx.db).update(me.id, { password_hash: passwordHash }, tx.now);
      tx.record({ type: 'UserChanged', id: me.id, change: 'password' });
    });
  }

  return {
    list: async (principal: Principal): Promise<StaffAccount[]> => {
      authorize(principal, 'staff.read');
      return [...(await rows()).values()].map(toAccount);
    },
    get: async (principal: Principal, id: number): Promise<StaffAccount> => {
      if (!(principal.kind === 'user' && principal.id === id)) authorize(principal, 'staff.read');
      return toAccount(await row(id));
    },
    create,
    update,
    remove,
    setup,
    needsSetup: async () => (await rows()).size === 0,
    invite,
    invitations,
    acceptInvitation,
    resetLink,
    requestReset,
    completeReset,
    checkCredentials,
    changeOwnPassword,
    principalOf,
    twoFactor: {
      /** Whether the account must give a second factor to sign in. */
      enabled: async (userId: number) => (await row(userId)).totp_enabled === 1,
      check: (userId: number, code: string) => twoFactor.check(o, userId, code),
      start: (principal: Principal) => twoFactor.start(o, principal),
      confirm: (principal: Principal, code: string) => twoFactor.confirm(o, principal, code),
      disable: (principal: Principal, pass: string) => twoFactor.disable(o, principal, pass),
    },
    /** Forget the accounts held in memory (an account changed, here or on another node). */
    invalidate(): void {
      memo = null;
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
