// Validation of the voter's answers against field rules and the state's rules. One function per
// section (the web flow validates a step at a time, the API validates all of them), each returning
// problems as {path, code, params}; words come later from the locale files.
import {
  checkIdAnswer,
  getState,
  idAnswerOf,
  isPartyAllowed,
  lookupZipCode,
  OTHER_PARTY_KEY,
  stateForZip,
  type IdAnswer,
  type StateRules,
  type Under18Decision,
  under18Decision,
} from '../states/index.js';
import { RACE_KEYS, SUFFIXES, TITLES, type Address, type Answers, type PersonName } from './answers.js';
import {
  addressLineCheck,
  cityCheck,
  dateOfBirthCheck,
  emailCheck,
  nameCheck,
  otherPartyCheck,
  phoneCheck,
  unitCheck,
  zip5,
  zipCheck,
  type Check,
} from './field-rules.js';

export interface Problem {
  path: string;
  code: string;
  params?: Record<string, string | number>;
}

export type Section = 'eligibility' | 'name' | 'addresses' | 'id' | 'party' | 'review';
export const SECTIONS: readonly Section[] = ['eligibility', 'name', 'addresses', 'id', 'party', 'review'];

export interface ValidationContext {
  now: number;
  /** Box 6 as stored, kept apart from the answers (it is sealed at rest); read with `answers.idType`. */
  idNumber?: string;
  /** The ID step's answer as the voter posted it (each number in its own field); wins over `idNumber`. */
  id?: IdAnswer;
  /** The voter's partner lets them leave the email address out (a bad one is still an error). */
  emailOptional?: boolean;
}

class Problems {
  readonly list: Problem[] = [];
  add(path: string, code: string, params?: Problem['params']): void {
    if (!this.list.some((p) => p.path === path)) this.list.push(params ? { path, code, params } : { path, code });
  }
  required(path: string, value: string | undefined, check: Check): void {
    if (value === undefined || value.trim() === '') this.add(path, 'required');
    else this.optional(path, value, check);
  }
  optional(path: string, value: string | undefined, check: Check): void {
    if (value === undefined || value === '') return;
    const problem = check(value);
    if (typeof problem === 'string') this.add(path, problem);
    else if (problem) this.add(path, problem.code, problem.params);
  }
}

/** The jurisdiction the voter's ZIP decides, if it is one we serve. */
export function stateOfAnswers(answers: Answers): StateRules | undefined {
  const zip = answers.homeAddress?.zip ?? answers.zip;
  if (!zip || zipCheck(zip)) return undefined;
  const code = stateForZip(zip5(zip));
  return code ? getState(code) : undefined;
}

/**
 * For a voter who answered that they will not be 18 by election day: what their state's rule says
 * about them today (under18-rules.ts). Null for everyone else; 'needs_date_of_birth' until the name
 * step gives a valid one. A voter whose ZIP decides no state we serve has no rule to apply.
 */
const NEEDS_DATE_OF_BIRTH = 'needs_date_of_birth';

export function under18DecisionOf(answers: Answers, now: number): Under18Decision | 'needs_date_of_birth' | null {
  if (answers.eighteenByElectionDay !== false) return null;
  const state = stateOfAnswers(answers);
  if (!state) return { kind: 'no_rule' };
  if (!answers.dateOfBirth) return NEEDS_DATE_OF_BIRTH;
  return under18Decision(state.under18Rule, answers.dateOfBirth, now) ?? NEEDS_DATE_OF_BIRTH;
}

/** The date of birth (YYYY-MM-DD) makes the voter 18 already today. */
function eighteenToday(dateOfBirth: string | undefined, now: number): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth ?? '');
  return m !== null && Date.UTC(Number(m[1]) + 18, Number(m[2]) - 1, Number(m[3])) <= now;
}

/** True when the voter is under 18 and their state's rule lets them register (or pre-register) today. */
export function preRegistersToday(answers: Answers, now: number): boolean {
  if (eighteenToday(answers.dateOfBirth, now)) return false; // "not 18 by election day" contradicts the date: not a pre-registration
  const decision = under18DecisionOf(answers, now);
  return decision !== null && decision !== 'needs_date_of_birth' && decision.kind === 'may_register';
}

function validateEligibility(a: Answers, p: Problems, ctx: ValidationContext): void {
  if (a.usCitizen === undefined) p.add('usCitizen', 'choose_one');
  if (a.eighteenByElectionDay === undefined) p.add('eighteenByElectionDay', 'choose_one');
  p.required('zip', a.zip, zipCheck);
  if (a.zip && !zipCheck(a.zip) && !stateForZip(zip5(a.zip))) p.add('zip', 'zip_not_served');
  if (ctx.emailOptional) p.optional('email', a.email, emailCheck);
  else p.required('email', a.email, emailCheck);
}

function validateNameFields(prefix: string, n: Partial<PersonName> | undefined, p: Problems): void {
  const at = (f: string) => (prefix ? `${prefix}.${f}` : f);
  if (n?.title && !(TITLES as readonly string[]).includes(n.title)) p.add(at('title'), 'not_in_list');
  p.required(at('firstName'), n?.firstName, nameCheck);
  p.optional(at('middleName'), n?.middleName, nameCheck);
  p.required(at('lastName'), n?.lastName, nameCheck);
  if (n?.suffix && !(SUFFIXES as readonly string[]).includes(n.suffix)) p.add(at('suffix'), 'not_in_list');
}

function validateName(a: Answers, p: Problems, ctx: ValidationContext): void {
  validateNameFields('', a, p);
  // Someone who will not be 18 by election day may be pre-registering: their state's rule decides, not the check's floor.
  p.required('dateOfBirth', a.dateOfBirth, dateOfBirthCheck(ctx.now, a.eighteenByElectionDay === false ? 'pre_registration' : 'voter'));
  // "Not 18 by election day", yet 18 already: one of the two answers is wrong, and the form would print a "No".
  if (a.eighteenByElectionDay === false && eighteenToday(a.dateOfBirth, ctx.now)) p.add('dateOfBirth', 'already_eighteen');
  p.optional('phone', a.phone, phoneCheck);
}

function validateAddress(prefix: string, addr: Partial<Address> | undefined, p: Problems): void {
  p.required(`${prefix}.street`, addr?.street, addressLineCheck);
  p.optional(`${prefix}.unit`, addr?.unit, unitCheck);
  p.required(`${prefix}.city`, addr?.city, cityCheck);
  p.required(`${prefix}.state`, addr?.state, (v) => (/^[A-Z]{2}$/.test(v) ? null : 'invalid_state'));
  p.required(`${prefix}.zip`, addr?.zip, zipCheck);
}

function validateAddresses(a: Answers, p: Problems): void {
  validateAddress('homeAddress', a.homeAddress, p);
  const home = a.homeAddress;
  if (home?.state && home.zip && !zipCheck(home.zip)) {
    const state = getState(home.state);
    const zip = lookupZipCode(zip5(home.zip));
    const zipState = zip.kind === 'state' ? getState(zip.code) : undefined;
    // `state`/`zipState` are English names (the API's params); `stateCode`/`zipStateCode` let the
    // message name them in the voter's language (describeProblem).
    if (!state) p.add('homeAddress.state', 'invalid_state');
    else if (!state.acceptsFederalForm) p.add('homeAddress.state', 'state_refuses_form', { state: state.name, stateCode: state.code });
    else if (zipState && zipState.code !== state.code) {
      p.add('homeAddress.zip', 'zip_in_other_state', {
        zip: zip5(home.zip),
        zipState: zipState.name,
        zipStateCode: zipState.code,
        state: state.name,
        stateCode: state.code,
      });
    } else if (!zipState) p.add('homeAddress.zip', 'zip_not_in_state', { state: state.name, stateCode: state.code });
  }
  if (a.mailingAddress) validateAddress('mailingAddress', a.mailingAddress, p);
  if (a.previousName) validateNameFields('previousName', a.previousName, p);
  if (a.previousAddress) validateAddress('previousAddress', a.previousAddress, p);
}

function validateId(a: Answers, p: Problems, ctx: ValidationContext): void {
  const state = stateOfAnswers(a);
  if (!state?.acceptsFederalForm) return; // the address step reports the state problem
  const answer = ctx.id ?? (ctx.idNumber?.trim() ? idAnswerOf(state, a.idType, ctx.idNumber) : { type: a.idType });
  for (const problem of checkIdAnswer(state, answer)) p.add(problem.path, problem.code, problem.params);
}

function validateParty(a: Answers, p: Problems): void {
  const state = stateOfAnswers(a);
  if (!state?.acceptsFederalForm) return;
  if (a.party === undefined || a.party === '') {
    if (state.requiresParty) p.add('party', 'choose_one');
  } else if (!isPartyAllowed(state, a.party)) p.add('party', 'not_in_list');
  // "Other" prints the party's name in box 7, so the name is required with it (and only with it).
  if (a.party === OTHER_PARTY_KEY && isPartyAllowed(state, a.party)) p.required('otherParty', a.otherParty, otherPartyCheck);
  else if (a.otherParty !== undefined && a.otherParty !== '') p.add('otherParty', 'other_party_not_chosen');
  if (a.race === undefined || (a.race as string) === '') {
    if (state.requiresRace) p.add('race', 'choose_one');
  } else if (!(RACE_KEYS as readonly string[]).includes(a.race)) p.add('race', 'not_in_list');
}

function validateReview(a: Answers, p: Problems): void {
  if (a.attest !== true) p.add('attest', 'must_attest');
}

const validators: Record<Section, (a: Answers, p: Problems, ctx: ValidationContext) => void> = {
  eligibility: validateEligibility,
  name: validateName,
  addresses: validateAddresses,
  id: validateId,
  party: validateParty,
  review: validateReview,
};

export function validateSection(section: Section, answers: Answers, ctx: ValidationContext): Problem[] {
  const p = new Problems();
  validators[section](answers, p, ctx);
  return p.list;
}

/** Everything a registration needs before it may be accepted, plus eligibility answered "yes". */
export function validateComplete(answers: Answers, ctx: ValidationContext): Problem[] {
  const p = new Problems();
  for (const section of SECTIONS) validators[section](answers, p, ctx);
  if (answers.usCitizen === false) p.add('usCitizen', 'must_be_citizen');
  if (answers.eighteenByElectionDay === false && !preRegistersToday(answers, ctx.now)) p.add('eighteenByElectionDay', 'must_be_eighteen');
  return p.list;
}
