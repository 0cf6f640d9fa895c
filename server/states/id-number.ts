// Checks a voter's answer to box 6 against what the state accepts: each identifier by its own
// format (a licence number is not a Social Security number). Codes, never sentences: the words
// are under `errors.` in the locale files.
import type { IdType, LicenceFormat } from './id-rules.js';
import type { StateRules } from './types.js';

/** The voter's answer: the chosen identifier and the number(s) it needs. */
export interface IdAnswer {
  /** Undefined when the voter chose nothing (the web form) */
  type?: IdType;
  stateId?: string;
  ssnLast4?: string;
  ssnFull?: string;
}

/** The web form's field for each part of an answer; the API reports all of them as `idNumber`. */
export const ID_FIELDS = { type: 'idType', stateId: 'stateIdNumber', ssnLast4: 'ssnLast4', ssnFull: 'ssnFull' } as const;
export type IdField = (typeof ID_FIELDS)[keyof typeof ID_FIELDS];

export interface IdProblem {
  path: IdField;
  code: string;
  params?: Record<string, string | number>;
}

// "NONE" in English, "NINGUNO" on the Spanish form: the same answer.
const NONE_ANSWER = /^(none|ninguno)$/i;

export function isNoneAnswer(value: string): boolean {
  return NONE_ANSWER.test(value.trim());
}

const digitsOf = (value: string) => value.replace(/[\s-]/g, '');

/** Last four digits of a Social Security number: exactly 4 digits, and never 0000 (no serial number is 0000). */
export function checkSsnLast4(value: string): string | null {
  const v = value.trim();
  if (!/^\d{4}$/.test(v)) return 'ssn_last4_invalid';
  return v === '0000' ? 'ssn_never_issued' : null;
}

/**
 * A full Social Security number: 9 digits, dashes or spaces allowed between the groups
 * (123-45-6789, 123 45 6789, 123456789). The Social Security Administration never issues an
 * area number 000, 666 or 900-999, a group number 00 or a serial number 0000 (SSA, "Social
 * Security Number Randomization", 2011); such a number is refused.
 */
export function checkSsnFull(value: string): string | null {
  const v = value.trim();
  if (!/^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(v)) return 'ssn_full_invalid';
  const d = digitsOf(v);
  const area = d.slice(0, 3);
  if (area === '000' || area === '666' || area.startsWith('9') || d.slice(3, 5) === '00' || d.slice(5) === '0000')
    return 'ssn_never_issued';
  return null;
}

/** A driver's license or state ID number, by the state's format (see LicenceFormat). */
export function checkLicence(format: LicenceFormat, value: string): string | null {
  const v = value.trim();
  if (v === '') return 'required';
  const compact = digitsOf(v);
  if (!/^[A-Za-z0-9]+(?:[ -][A-Za-z0-9]+)*$/.test(v) || !/\d/.test(compact) || compact.length < format.min || compact.length > format.max)
    return 'licence_invalid';
  return null;
}

/** How box 6 is written: the licence in capitals, a full SSN as 123-45-6789, the two parts of a combined answer with a space, NONE. */
export function box6Text(answer: IdAnswer): string {
  const licence = (answer.stateId ?? '').trim().toUpperCase().replace(/\s+/g, ' ');
  switch (answer.type) {
    case 'state_id':
      return licence;
    case 'ssn_last4':
      return (answer.ssnLast4 ?? '').trim();
    case 'ssn_full': {
      const d = digitsOf(answer.ssnFull ?? '');
      return d.length === 9 ? `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}` : (answer.ssnFull ?? '').trim();
    }
    case 'state_id_and_ssn_last4':
      return `${licence} ${(answer.ssnLast4 ?? '').trim()}`;
    default:
      return 'NONE';
  }
}

/**
 * What a single typed number means where no identifier type was given (API clients from before
 * `idType`, registrations saved before it): NONE/NINGUNO is none; 4 digits the last four, 9 digits
 * a full SSN, each where the state accepts it; a licence and 4 digits where the state takes both;
 * anything else the licence, or the state's first identifier (whose check then says what it wants).
 * Nothing typed is no answer.
 */
export function inferIdType(state: StateRules, value: string): IdType | undefined {
  const v = value.trim();
  const accepts = state.idNumber.accepts;
  if (v === '') return undefined;
  if (isNoneAnswer(v)) return 'none';
  const compact = digitsOf(v);
  if (/^\d{4}$/.test(compact) && accepts.includes('ssn_last4')) return 'ssn_last4';
  if (/^\d{9}$/.test(compact) && accepts.includes('ssn_full')) return 'ssn_full';
  if (/\s\d{4}$/.test(v) && accepts.includes('state_id_and_ssn_last4')) return 'state_id_and_ssn_last4';
  if (accepts.includes('state_id')) return 'state_id';
  return accepts[0]!;
}

/** A stored or API box-6 text read back into its parts, for the given (or inferred) type. */
export function idAnswerOf(state: StateRules, type: IdType | undefined, value: string): IdAnswer {
  const v = value.trim();
  const t = type ?? inferIdType(state, v);
  switch (t) {
    case 'state_id':
      return { type: t, stateId: v };
    case 'ssn_last4':
      return { type: t, ssnLast4: v };
    case 'ssn_full':
      return { type: t, ssnFull: v };
    case 'state_id_and_ssn_last4': {
      const m = /^(.*?)\s+(\S+)$/.exec(v);
      return { type: t, stateId: m ? m[1] : v, ssnLast4: m ? m[2] : '' };
    }
    case 'none':
      return { type: t };
    default:
      return {};
  }
}

/** Every problem with the answer, by the field it belongs to; empty when the state takes it. */
export function checkIdAnswer(state: StateRules, answer: IdAnswer): IdProblem[] {
  const rule = state.idNumber;
  if (!answer.type) return [{ path: ID_FIELDS.type, code: 'choose_one' }];
  if (!rule.accepts.includes(answer.type))
    return [{ path: ID_FIELDS.type, code: 'id_type_not_accepted', params: { accepted: rule.accepts.join(', ') } }];
  const problems: IdProblem[] = [];
  const add = (path: IdField, code: string | null, params?: IdProblem['params']) => {
    if (code) problems.push(params ? { path, code, params } : { path, code });
  };
  if (answer.type === 'state_id' || answer.type === 'state_id_and_ssn_last4') {
    add(ID_FIELDS.stateId, checkLicence(rule.licence, answer.stateId ?? ''), { min: rule.licence.min, max: rule.licence.max });
  }
  if (answer.type === 'ssn_last4' || answer.type === 'state_id_and_ssn_last4')
    add(ID_FIELDS.ssnLast4, checkSsnLast4(answer.ssnLast4 ?? ''));
  if (answer.type === 'ssn_full') add(ID_FIELDS.ssnFull, checkSsnFull(answer.ssnFull ?? ''));
  return problems;
}
