// Password hashing: argon2id (OWASP's first choice), with the library's tuned defaults; the rules a
// new password must meet, the breached-password check among them.
import argon2 from 'argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 12;
// ASVS 2.1.2: at least 64 characters allowed, more than 128 refused (argon2 would take any length;
// the cap bounds what one guess costs). Sign-in forms still take longer ones set before.
export const MAX_PASSWORD_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of nothing, verified against when the user does not exist, so timing does not tell. */
let decoy: Promise<string> | null = null;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy password that matches nothing');
  await verifyPassword(await decoy, password);
  return false;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common';

/**
 * The passwords found most often in breaches: zxcvbn-ts's `passwords-common` list (49,233, all in
 * lower case), offline, read into a Set once, at the first check.
 */
let common: ReadonlySet<string> | undefined;
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => String(p).toLowerCase()));
  return common.has(password.toLowerCase());
}

/** Why a new password (at creation, reset or change) is refused, or null. */
export function passwordProblemCode(password: string): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (isCommonPassword(password)) return 'common';
  return null;
}

const PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `at most ${MAX_PASSWORD_LENGTH} characters`,
  common: 'to be one not on the list of common (breached) passwords',
};

/** The same, in words for the command line and error messages ("the password needs …"). */
export function passwordProblem(password: string): string | null {
  const code = passwordProblemCode(password);
  return code && PROBLEM_TEXT[code];
}
