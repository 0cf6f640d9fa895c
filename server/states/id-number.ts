// Checks a voter's answer to box 6 against the state's rule.
import type { StateRules } from './types.js';

export type IdNumberCheck = { ok: true } | { ok: false; reason: 'too_short' | 'too_long' | 'none_not_allowed' | 'format' };

// What the form accepts: letters, digits, spaces and dashes (licence numbers use all four).
const ALLOWED_CHARACTERS = /^[A-Za-z0-9 -]*$/;
// "NONE" in English, "NINGUNO" on the Spanish form: the same answer.
const NONE_ANSWER = /^(none|ninguno)$/i;

export function isNoneAnswer(value: string): boolean {
  return NONE_ANSWER.test(value.trim());
}

export function checkIdNumber(state: StateRules, value: string): IdNumberCheck {
  const id = value.trim();
  const { minLength, maxLength, noneAllowed } = state.idNumber;
  if (NONE_ANSWER.test(id)) return noneAllowed ? { ok: true } : { ok: false, reason: 'none_not_allowed' };
  if (!ALLOWED_CHARACTERS.test(id)) return { ok: false, reason: 'format' };
  if (id.length < minLength) return { ok: false, reason: 'too_short' };
  if (id.length > maxLength) return { ok: false, reason: 'too_long' };
  return { ok: true };
}
