import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { fail } from '../../domain/errors.ts';

/**
 * Passwords are hashed with scrypt (memory-hard), N = 2^15, r = 8, p = 3: 32 MiB per hash,
 * OWASP's equivalent of N = 2^17, p = 1 at a quarter of the memory. The parameters are stored
 * with each hash, so they can be raised later without invalidating old ones. See
 * docs/adr/0009-accounts-and-sessions.md for the measured time per hash.
 */
export const SCRYPT = { N: 2 ** 15, r: 8, p: 3, keyLength: 32 } as const;
const MAXMEM = 64 * 1024 * 1024;
export const MIN_PASSWORD_LENGTH = 12;

function derive(
  password: string,
  salt: Buffer,
  N: number,
  r: number,
  p: number,
  length: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, { N, r, p, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (!Number.isSafeInteger(N) || N > 2 ** 20 || r > 32 || p > 16 || expected.length < 16) return false;
  const key = await derive(password, Buffer.from(parts[4]!, 'base64url'), N, r, p, expected.length);
  return timingSafeEqual(key, expected);
}

/** A hash of nothing in particular, checked when the email is unknown so both answers take as long. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

let common: Promise<Set<string>> | null = null;
/** About 49 000 of the most used passwords (zxcvbn's list), loaded the first time one is checked. */
function commonPasswords(): Promise<Set<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(
    (m) => new Set((m.dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase())),
  );
  return common;
}

/**
 * Refuses passwords shorter than 12 characters, on the list of common passwords (also with
 * digits or symbols around a common word), made of few distinct characters, or containing
 * the account's email name.
 */
export async function checkPasswordPolicy(password: string, context: { email?: string } = {}): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw fail('WEAK_PASSWORD', `The password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > 512) throw fail('WEAK_PASSWORD', 'The password is longer than 512 characters');
  const lower = password.toLowerCase();
  if (new Set(lower).size < 5)
    throw fail('WEAK_PASSWORD', 'The password repeats too few different characters');
  const list = await commonPasswords();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (list.has(lower) || (core.length >= 4 && list.has(core))) {
    throw fail('WEAK_PASSWORD', 'The password is on the list of commonly used passwords');
  }
  const name = context.email?.split('@')[0]?.toLowerCase();
  if (name && name.length >= 4 && lower.includes(name)) {
    throw fail('WEAK_PASSWORD', 'The password must not contain the email name');
  }
}
