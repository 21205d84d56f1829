import { fail } from './errors.ts';
import { type Principal, principalKey, type Role } from './principal.ts';

/**
 * The one permission table. Each action lists the roles that may do it to anything (`any`),
 * and the roles that may do it only to what they own (`own`: a story they created or whose
 * byline carries their author profile). Routes never decide; use cases call `authorize`.
 */
export const PERMISSIONS = {
  'story.read': { any: ['contributor', 'author', 'editor', 'administrator', 'owner'], own: [] },
  'story.create': { any: ['contributor', 'author', 'editor', 'administrator', 'owner'], own: [] },
  'story.edit': { any: ['editor', 'administrator', 'owner'], own: ['contributor', 'author'] },
  'story.publish': { any: ['editor', 'administrator', 'owner'], own: ['author'] },
  'story.delete': { any: ['editor', 'administrator', 'owner'], own: ['author'] },
  'story.submit': { any: ['editor', 'administrator', 'owner'], own: ['contributor', 'author'] },
  'story.review': { any: ['editor', 'administrator', 'owner'], own: [] },
  'story.import': { any: ['administrator', 'owner'], own: [] },
  /** Readers' error reports: the editors who answer for the stories. */
  'feedback.manage': { any: ['editor', 'administrator', 'owner'], own: [] },
  /** A live blog's updates: the editors running the coverage. */
  'story.live': { any: ['editor', 'administrator', 'owner'], own: [] },
  /** Appending a correction to a published story: the editors who answer for it. */
  'story.correct': { any: ['editor', 'administrator', 'owner'], own: [] },
  'media.upload': { any: ['contributor', 'author', 'editor', 'administrator', 'owner'], own: [] },
  'media.read': { any: ['contributor', 'author', 'editor', 'administrator', 'owner'], own: [] },
  'section.manage': { any: ['editor', 'administrator', 'owner'], own: [] },
  'tag.manage': { any: ['editor', 'administrator', 'owner'], own: [] },
  'author.manage': { any: ['editor', 'administrator', 'owner'], own: [] },
  'page.manage': { any: ['editor', 'administrator', 'owner'], own: [] },
  'poll.manage': { any: ['editor', 'administrator', 'owner'], own: [] },
  'settings.manage': { any: ['administrator', 'owner'], own: [] },
  'apikey.manage': { any: ['administrator', 'owner'], own: [] },
  'staff.read': { any: ['editor', 'administrator', 'owner'], own: [] },
  /** Editors manage contributors and authors only; the use case checks which roles. */
  'staff.manage': { any: ['editor', 'administrator', 'owner'], own: [] },
  /** Anyone signed in: their own profile, password, two-factor sign-in and sessions. */
  'self.manage': { any: ['contributor', 'author', 'editor', 'administrator', 'owner'], own: [] },
  'audit.read': { any: ['administrator', 'owner'], own: [] },
  'views.import': { any: ['administrator', 'owner'], own: [] },
} as const satisfies Record<string, { any: readonly Role[]; own: readonly Role[] }>;

export type Action = keyof typeof PERMISSIONS;

/** What makes a resource "own": who created it and whose bylines it carries. */
export interface Ownership {
  createdBy: string;
  authorIds: readonly number[];
}

export function owns(p: Principal, o: Ownership): boolean {
  return o.createdBy === principalKey(p) || (p.authorId !== null && o.authorIds.includes(p.authorId));
}

/** Whether the principal may do the action, to this resource when one is given. */
export function can(p: Principal, action: Action, resource?: Ownership): boolean {
  const rule: { any: readonly Role[]; own: readonly Role[] } = PERMISSIONS[action];
  if (rule.any.includes(p.role)) return true;
  return resource !== undefined && rule.own.includes(p.role) && owns(p, resource);
}

/**
 * Throws FORBIDDEN unless the principal may do the action to at least something (anything, or
 * what it owns): checked first, before the input is even read, so a role that may never do it
 * always hears 403. The resource's own check follows once it is loaded.
 */
export function authorizeSome(p: Principal, action: Action): void {
  const rule: { any: readonly Role[]; own: readonly Role[] } = PERMISSIONS[action];
  if (!rule.any.includes(p.role) && !rule.own.includes(p.role)) authorize(p, action);
  if (p.restricted) authorize(p, action);
}

/** The roles a principal may give to or manage in staff accounts. */
export function manageableRoles(p: Principal): readonly Role[] {
  if (p.role === 'owner') return ['contributor', 'author', 'editor', 'administrator'];
  if (p.role === 'administrator') return ['contributor', 'author', 'editor', 'administrator'];
  if (p.role === 'editor') return ['contributor', 'author'];
  return [];
}

/** Throws FORBIDDEN unless the principal may do the action (to this resource). */
export function authorize(p: Principal, action: Action, resource?: Ownership): void {
  if (p.restricted === 'two-factor-setup' && action !== 'self.manage') {
    throw fail(
      'TOTP_SETUP_REQUIRED',
      'Your role must sign in with a second factor: set it up in your profile first',
    );
  }
  if (!can(p, action, resource)) {
    throw fail('FORBIDDEN', `The role "${p.role}" may not do "${action}"${resource ? ' to this item' : ''}`);
  }
}
