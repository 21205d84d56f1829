import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { UsersTable } from '../../db/schema.ts';

export type UserRow = Selectable<UsersTable>;

/** The staff accounts' tables (`users`, `invitations`, `password_resets`); no other module queries them. */
export function usersRepo(ex: Executor) {
  return {
    async byId(id: number): Promise<UserRow | undefined> {
      return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async byEmail(email: string): Promise<UserRow | undefined> {
      return ex.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    },
    async all(): Promise<UserRow[]> {
      return ex.selectFrom('users').selectAll().orderBy('id').execute();
    },
    async count(): Promise<number> {
      return Number(
        (
          await ex
            .selectFrom('users')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    },
    async insert(v: {
      email: string;
      name: string;
      role: string;
      passwordHash: string;
      authorId: number | null;
      at: number;
    }): Promise<number> {
      const row = await ex
        .insertInto('users')
        .values({
          email: v.email,
          name: v.name,
          role: v.role,
          author_id: v.authorId,
          password_hash: v.passwordHash,
          created_at: v.at,
          updated_at: v.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async update(
      id: number,
      set: Partial<{
        email: string;
        name: string;
        role: string;
        author_id: number | null;
        password_hash: string;
        active: number;
        totp_secret: string | null;
        totp_enabled: number;
        totp_last_step: number;
        recovery_codes: string;
      }>,
      at: number,
    ): Promise<void> {
      await ex
        .updateTable('users')
        .set({ ...set, updated_at: at })
        .where('id', '=', id)
        .execute();
    },
    /** Accepts a TOTP step only if it is newer than the last accepted one (atomic: a code works once). */
    async claimTotpStep(id: number, step: number): Promise<boolean> {
      const r = await ex
        .updateTable('users')
        .set({ totp_last_step: step })
        .where('id', '=', id)
        .where('totp_last_step', '<', step)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async remove(id: number): Promise<void> {
      await ex.deleteFrom('users').where('id', '=', id).execute();
    },

    async addInvitation(v: {
      email: string;
      role: string;
      tokenHash: string;
      invitedBy: string;
      at: number;
      expiresAt: number;
    }) {
      const row = await ex
        .insertInto('invitations')
        .values({
          email: v.email,
          role: v.role,
          token_hash: v.tokenHash,
          invited_by: v.invitedBy,
          created_at: v.at,
          expires_at: v.expiresAt,
          accepted_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async invitations() {
      return ex.selectFrom('invitations').selectAll().orderBy('id', 'desc').limit(200).execute();
    },
    /** Marks an open, unexpired invitation as accepted and returns it; undefined when there is none. */
    async claimInvitation(tokenHash: string, at: number) {
      const row = await ex
        .selectFrom('invitations')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('accepted_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      if (!row) return undefined;
      const r = await ex
        .updateTable('invitations')
        .set({ accepted_at: at })
        .where('id', '=', row.id)
        .where('accepted_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? row : undefined;
    },

    async addReset(v: { tokenHash: string; userId: number; at: number; expiresAt: number }) {
      await ex
        .insertInto('password_resets')
        .values({
          token_hash: v.tokenHash,
          user_id: v.userId,
          created_at: v.at,
          expires_at: v.expiresAt,
          used_at: null,
        })
        .execute();
    },
    async claimReset(tokenHash: string, at: number): Promise<number | undefined> {
      const row = await ex
        .selectFrom('password_resets')
        .select('user_id')
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      if (!row) return undefined;
      const r = await ex
        .updateTable('password_resets')
        .set({ used_at: at })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? row.user_id : undefined;
    },
  };
}
