// Field-level checks shared by every front door (web steps and API). Each returns an error code
// (a key under `errors.` in the locale files) or null. Codes, never sentences: the caller words them.
import { unprintableCharacters } from '../pdf/charset.js';
import { isEmailAddress } from '../email-address.js';

/** A check's finding: an error code, or a code with values for its message. */
export type CheckResult = string | { code: string; params: Record<string, string | number> } | null;
export type Check = (value: string) => CheckResult;

/** How every front door reads a typed answer: composed Unicode (NFC), no surrounding whitespace. */
export function normalizeAnswer(value: string): string {
  return value.normalize('NFC').trim();
}

/** normalizeAnswer on every string of a parsed JSON value (the API's request bodies). */
export function normalizeAnswers<T>(value: T): T {
  if (typeof value === 'string') return normalizeAnswer(value) as T;
  if (Array.isArray(value)) return value.map(normalizeAnswers) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeAnswers(v)])) as T;
  return value;
}

/** C0/C1 controls, DEL, Unicode line/paragraph separators and bidi overrides: in no field's alphabet. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
// Letters (which ones the PDF's font can print is checked separately), spaces, and the punctuation real names use.
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u;
const ADDRESS = /^[\p{L}\p{M}\p{N} .,'’#/&()-]+$/u;

/**
 * The longest answer of each kind, in characters: what the PDF prints in its box at no less than
 * its smallest answer size (server/pdf/answer-text.ts), in both languages, written in capitals
 * too (test/unit/server/pdf/long-answers.test.ts). The unit's box is the narrowest and, under the
 * Spanish form's two-line label "No. de depto. / o lote", takes one line: "BLDG 12 APT 120".
 * The web form's inputs take their maxlength from here.
 */
export const MAX_LENGTH = { name: 50, addressLine: 100, unit: 15, city: 50, otherParty: 40 } as const;

export function text(max: number, pattern: RegExp | null, patternCode = 'invalid_characters'): Check {
  return (value): CheckResult => {
    if (value.length > max) return { code: 'too_long', params: { max } };
    if (CONTROL.test(value)) return 'control_characters';
    // Named, so the voter knows what to change: "'字' cannot be printed on the form".
    const [unprintable] = unprintableCharacters(value);
    if (unprintable !== undefined) return { code: 'unprintable', params: { character: unprintable } };
    if (pattern && !pattern.test(value)) return patternCode;
    return null;
  };
}

export const nameCheck = text(MAX_LENGTH.name, NAME, 'invalid_name');
export const addressLineCheck = text(MAX_LENGTH.addressLine, ADDRESS);
export const unitCheck = text(MAX_LENGTH.unit, ADDRESS);
export const cityCheck = text(MAX_LENGTH.city, NAME, 'invalid_city');
/** A written-in party name (box 7 "Other"): 40 characters fit box 7 on two lines at a readable size. */
export const OTHER_PARTY_MAX = MAX_LENGTH.otherParty;
export const otherPartyCheck = text(MAX_LENGTH.otherParty, ADDRESS);

export const zipCheck: Check = (value) => (/^\d{5}(-\d{4})?$/.test(value) ? null : 'invalid_zip');

export const emailCheck: Check = (value) => {
  if (value.length > 254) return 'too_long';
  // The address pattern (email-address.ts) allows any non-space character; NUL or a bidi override is no address (and PostgreSQL stores no NUL).
  if (CONTROL.test(value)) return 'control_characters';
  return isEmailAddress(value) ? null : 'invalid_email';
};

export const phoneCheck: Check = (value) => {
  if (!/^[0-9 ()+.-]{7,20}$/.test(value)) return 'invalid_phone';
  const digits = value.replace(/\D/g, '');
  return digits.length === 10 || (digits.length === 11 && digits.startsWith('1')) ? null : 'invalid_phone';
};

/** `YYYY-MM-DD`, a real calendar day. */
export function parseIsoDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

/** Birth date: real, not in the future, not over 125 years ago, and 18 within a year (by the next election). */
/**
 * `voter`: 18 within a year (a typo guard for someone who says they will be 18 by election day).
 * `pre_registration`: at least 13 today (no state pre-registers anyone younger than 15; the
 * state's rule, not this check, decides whether the voter may register).
 */
export function dateOfBirthCheck(nowMs: number, floor: 'voter' | 'pre_registration' = 'voter'): Check {
  return (value) => {
    const dob = parseIsoDate(value);
    if (!dob) return 'invalid_date';
    const now = new Date(nowMs);
    if (dob.getTime() > nowMs) return 'future_date';
    const ageAt = (when: Date) =>
      when.getUTCFullYear() -
      dob.getUTCFullYear() -
      (when.getUTCMonth() * 100 + when.getUTCDate() < dob.getUTCMonth() * 100 + dob.getUTCDate() ? 1 : 0);
    if (ageAt(now) > 125) return 'too_old';
    if (floor === 'pre_registration') return ageAt(now) < 13 ? 'too_young' : null;
    const inAYear = new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate()));
    if (ageAt(inAYear) < 18) return 'too_young';
    return null;
  };
}

/** Five-digit ZIP from a ZIP or ZIP+4. */
export function zip5(value: string): string {
  return value.slice(0, 5);
}
