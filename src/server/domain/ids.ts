import { fail } from './errors.ts';

/** The largest id any of our integer identity columns hands out (PostgreSQL `integer`). */
export const MAX_ID = 2_147_483_647;

/**
 * An id from a URL (`/api/admin/articles/12`, `/news/12-slug`, `/v/12`, `/polls/12`): one to
 * ten digits, 1…2^31−1. Returns null for anything else; every route parses ids here.
 */
export function idFrom(raw: string | undefined | null): number | null {
  if (raw === undefined || raw === null || !/^\d{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id > 0 && id <= MAX_ID ? id : null;
}

/** Like `idFrom`, but a bad id is a 400 `INVALID_ID` (for APIs). */
export function parseId(raw: string | undefined | null): number {
  const id = idFrom(raw);
  if (id === null) throw fail('INVALID_ID', 'The id must be a positive integer');
  return id;
}
