/**
 * Who acts. Every use case takes the acting principal: an API key, a staff account, or the
 * system itself (the scheduler, the seeder, the command line). Revisions and the audit log
 * record it; permissions are checked against its role.
 */

/** Staff roles from least to most; see permissions.ts for what each may do. */
export const ROLES = ['contributor', 'author', 'editor', 'administrator', 'owner'] as const;
export type Role = (typeof ROLES)[number];

export type PrincipalKind = 'api-key' | 'user' | 'system';

export interface Principal {
  kind: PrincipalKind;
  /** The key's or account's id; null for the system and for the `ADMIN_API_KEY` from the environment. */
  id: number | null;
  /** For people and logs: the key's name, the account's display name, `scheduler`, `seed`… */
  name: string;
  role: Role;
  /** The author profile (byline) linked to this principal, which makes stories carrying it "own". */
  authorId: number | null;
  /**
   * Set when the account must finish something before anything else: its role requires
   * two-factor sign-in and it has none yet. Only its own profile is open to it meanwhile.
   */
  restricted?: 'two-factor-setup';
}

/** A stable string naming the principal, stored as a story's creator: `api-key:3`, `user:7`, `system:seed`. */
export function principalKey(p: Principal): string {
  return p.kind === 'system' || p.id === null ? `${p.kind}:${p.name}` : `${p.kind}:${p.id}`;
}

/** The system acting on its own (jobs, seeding, the command line): full rights, named for the record. */
export function systemPrincipal(name: string): Principal {
  return { kind: 'system', id: null, name, role: 'owner', authorId: null };
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}
