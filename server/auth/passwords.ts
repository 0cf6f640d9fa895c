// Password hashing: argon2id (OWASP's first choice), with the library's tuned defaults; the rules a
// new password must meet, the breached-password check among them.
import argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

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

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'weak';

/**
 * The passwords found most often in breaches: zxcvbn-ts's `passwords-common` list (49,233, all in
 * lower case), offline, read into a Set once, at the first check.
 */
let common: ReadonlySet<string> | undefined;
export function isCommonPassword(password: string): boolean {
  common ??= new Set(dictionary['passwords-common'].map((p) => String(p).toLowerCase()));
  return common.has(password.toLowerCase());
}

/**
 * ASVS 2.1.8: zxcvbn's score, 0 to 4, is the log of the guesses its model of a cracker needs. A
 * new password must score at least 3 (about 10^8 guesses, zxcvbn's "safely unguessable"): online,
 * 5 guesses per account per 15 minutes make that thousands of years; offline, against an argon2id
 * hash at some thousands of guesses a second per GPU, still months for one account. 4 (10^10)
 * would refuse many ordinary passphrases of three common words (the meter still says "strong"
 * above it); 2 and below are the passwords a dictionary run with a few rules finds in an hour.
 */
export const MIN_PASSWORD_SCORE = 3;

export interface PasswordStrength {
  /** 0 (guessed at once) to 4 (very hard to guess). */
  score: number;
  /** zxcvbn's feedback, as its keys: a warning (`similarToCommon`) and suggestions (`anotherWord`). */
  warning: string | null;
  suggestions: string[];
}

/**
 * The scorer, built once at the first check with the common-password, diceware and keyboard
 * lists of @zxcvbn-ts/language-common (the same package as the breached list). Levenshtein
 * matching stays off (zxcvbn's default): it made one check take 100 ms or more here instead of a
 * few, and l33t, case and reversed variants are matched without it.
 */
let scorer: ZxcvbnFactory | undefined;

/** How hard the password is to guess; `userInputs` (the account's email address) count as known words. */
export function passwordStrength(password: string, userInputs: readonly string[] = []): PasswordStrength {
  scorer ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs, maxLength: MAX_PASSWORD_LENGTH });
  const inputs = userInputs.flatMap((input) => [input, ...input.toLowerCase().split(/[^\p{L}\p{N}]+/u)]).filter((w) => w.length >= 3);
  const result = scorer.check(password.slice(0, MAX_PASSWORD_LENGTH), inputs);
  return { score: result.score, warning: result.feedback.warning, suggestions: result.feedback.suggestions };
}

/**
 * Why a password being typed would be refused (or null), and how strong it is: the meter's one
 * check, which scores the password once (zxcvbn is the costly part).
 */
export function checkPassword(
  password: string,
  userInputs: readonly string[] = [],
): { problem: PasswordProblem | null; strength: PasswordStrength } {
  const tooLong = password.length > MAX_PASSWORD_LENGTH;
  const strength = tooLong ? { score: 0, warning: null, suggestions: [] } : passwordStrength(password, userInputs);
  const problem: PasswordProblem | null =
    password.length < MIN_PASSWORD_LENGTH
      ? 'too_short'
      : tooLong
        ? 'too_long'
        : isCommonPassword(password)
          ? 'common'
          : strength.score < MIN_PASSWORD_SCORE
            ? 'weak'
            : null;
  return { problem, strength };
}

/** Why a new password (at creation, reset or change) is refused, or null. */
export function passwordProblemCode(password: string, userInputs: readonly string[] = []): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  if (isCommonPassword(password)) return 'common';
  if (passwordStrength(password, userInputs).score < MIN_PASSWORD_SCORE) return 'weak';
  return null;
}

const PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `at most ${MAX_PASSWORD_LENGTH} characters`,
  common: 'to be one not on the list of common (breached) passwords',
  weak: 'to be harder to guess (a few unrelated words make a strong one)',
};

/** The same, in words for the command line and error messages ("the password needs …"). */
export function passwordProblem(password: string, userInputs: readonly string[] = []): string | null {
  const code = passwordProblemCode(password, userInputs);
  return code && PROBLEM_TEXT[code];
}
