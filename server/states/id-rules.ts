// What each jurisdiction accepts in box 6 ("ID number") of the National Mail Voter Registration
// Form, and where each fact came from. The data; the checks are in id-number.ts, the words in
// id-rule-texts.ts. How the facts were checked, and against what: docs/states.md ("ID numbers").
//
// Federal law sets the frame (HAVA, 52 U.S.C. 21083(a)(5)(A)): an applicant gives the number of a
// current and valid driver's license; without one, the last four digits of the Social Security
// number; and a state must assign a number to an applicant who has neither. So "none" is accepted
// in every state below; what differs is what the state's instruction says happens next.
import type { JurisdictionCode } from './data-schema.js';

/** The identifiers a voter can give in box 6. A state accepts some of them; 'none' always. */
export const ID_TYPES = ['state_id', 'state_id_and_ssn_last4', 'ssn_last4', 'ssn_full', 'none'] as const;
export type IdType = (typeof ID_TYPES)[number];

/**
 * What the state's instruction says happens to an applicant who gives none of the numbers.
 * - assigns_number: the state assigns an identifying number.
 * - id_at_first_vote: the voter will have to show identification when voting (California).
 * - enclose_proof_or_show: send a copy of an ID or a document with name and address, or show it
 *   at the first vote (Illinois: first-time registrants).
 * - enclose_proof: attach a copy of such a document (Louisiana).
 * - enclose_proof_montana: Montana's own list of documents.
 * - county_clerk_assigns: contact the county clerk, who assigns a number (Nevada).
 * - register_in_person: the state's instruction says such a voter may register only at the county
 *   auditor's office (South Dakota). We still accept the form: federal law wins, and the voter is
 *   told what the state says.
 * - cannot_be_refused: the state asks for the number but may not refuse a form without it (Kentucky).
 * - not_stated: the instruction says nothing; federal law's promise (a number is assigned) is all
 *   we tell the voter, with the advice to ask the election office.
 */
export const NONE_OUTCOMES = [
  'assigns_number',
  'id_at_first_vote',
  'enclose_proof_or_show',
  'enclose_proof',
  'enclose_proof_montana',
  'county_clerk_assigns',
  'register_in_person',
  'cannot_be_refused',
  'not_stated',
] as const;
export type NoneOutcome = (typeof NONE_OUTCOMES)[number];

/**
 * The format a driver's license or state ID number must have. No state's format could be sourced
 * on 2026-12-05 (no DMV or AAMVA description was found that we could cite), so every state uses the
 * permissive generic check: letters and digits (spaces and dashes allowed, not counted), at least
 * one digit, 1 to 20 characters. A stricter, state-specific format must name its source here.
 */
export interface LicenceFormat {
  kind: 'generic';
  min: number;
  max: number;
  source: string;
}

export const GENERIC_LICENCE: LicenceFormat = {
  kind: 'generic',
  min: 1,
  max: 20,
  source: 'No state format sourced (2026-12-05): generic check only. Alaska licence numbers are as short as 1 digit in the tables we found, so the minimum is 1; 20 leaves room for every format we know of (the longest, 13 characters).',
};

/** What the two-part answer means in a state that accepts it. */
export type CombinedMeaning = 'both' | 'expired_licence';

export interface IdRuleFacts {
  /** In the order the state's instruction asks for them; 'none' last, always. */
  accepts: readonly IdType[];
  none: NoneOutcome;
  licence: LicenceFormat;
  /** Where 'state_id_and_ssn_last4' is accepted: Missouri asks for both; Wisconsin for both when the licence has lapsed. */
  combined?: CombinedMeaning;
  /** The instruction the facts were read from. */
  source: string;
  /** The day the facts were compared with the source (YYYY-MM-DD). */
  checked: string;
  /** Anything a reader re-checking this entry should know. */
  note?: string;
}

const CHECKED = '2026-12-05';
// The federal form's state instructions as the EAC publishes them (one page per state and language).
const EAC = (page: string, updated: string) => `EAC, National Mail Voter Registration Form, State Instructions, box 6 (${page}, updated ${updated})`;
// Rocky's copy of the same instruction: shared/data/states.json idNumber.referenceRule (Rocky-OVR at commit 1d265759).
const ROCKY = 'Rocky-OVR copy of the federal form\'s state instruction for box 6 (shared/data/states.json, idNumber.referenceRule); the EAC page itself was not retrieved';

const LICENCE_OR_LAST4 = ['state_id', 'ssn_last4', 'none'] as const;
const FULL_SSN = ['ssn_full', 'none'] as const;

function facts(accepts: readonly IdType[], none: NoneOutcome, source: string, extra: Partial<IdRuleFacts> = {}): IdRuleFacts {
  return { accepts, none, licence: GENERIC_LICENCE, source, checked: CHECKED, ...extra };
}

export const ID_RULES: Record<JurisdictionCode, IdRuleFacts> = {
  AK: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  AL: facts(LICENCE_OR_LAST4, 'not_stated', `${EAC('eac.gov, Alabama, Spanish', '08-08-2024')}; ${ROCKY}`, {
    note: 'The 2024 EAC text asks for the Alabama licence or non-driver ID, else the last 4 digits, and says nothing of an applicant with neither; Rocky\'s older copy promised an assigned number.',
  }),
  AR: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  AZ: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  CA: facts(LICENCE_OR_LAST4, 'id_at_first_vote', `${EAC('eac.gov/nvra-print-view/23388', '10-10-2021')}; ${ROCKY}`),
  CO: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  CT: facts(LICENCE_OR_LAST4, 'not_stated', `${EAC('eac.gov, Connecticut, Spanish', '03-09-2019')}; ${ROCKY}`),
  DC: facts(LICENCE_OR_LAST4, 'not_stated', `${EAC('eac.gov/nvra-print-view/23392', '10-10-2021')}; ${ROCKY}`, {
    note: 'The instruction says an application needs a licence number or the last 4 digits "in order to be processed"; HAVA requires the District to assign a number to an applicant with neither, so none is accepted.',
  }),
  DE: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  FL: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  GA: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  HI: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  IA: facts(LICENCE_OR_LAST4, 'not_stated', ROCKY),
  ID: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: 'The English copy is silent on none; the Spanish copy says the state assigns a number.' }),
  IL: facts(LICENCE_OR_LAST4, 'enclose_proof_or_show', ROCKY),
  IN: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: 'The English copy is silent on none; the Spanish copy says the state assigns a number.' }),
  KS: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  KY: facts(FULL_SSN, 'cannot_be_refused', ROCKY),
  LA: facts(LICENCE_OR_LAST4, 'enclose_proof', ROCKY, { note: 'The Spanish copy adds that the full Social Security number may be given instead of the last 4 digits; the English copy does not, so only the last 4 are offered.' }),
  MA: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  MD: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: 'The English copy is silent on none; the Spanish copy says the state assigns a number.' }),
  ME: facts(LICENCE_OR_LAST4, 'not_stated', ROCKY, { note: 'Rocky gives Maine Oklahoma\'s instruction (its Spanish text even names Oklahoma): re-check against the EAC page.' }),
  MI: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  MN: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  MO: facts(['state_id_and_ssn_last4', 'state_id', 'ssn_last4', 'none'], 'assigns_number', ROCKY, {
    combined: 'both',
    note: 'Missouri asks for both numbers, in box 6, separated by a space; a voter with only one gives that one.',
  }),
  MS: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: 'The English copy is silent on none; the Spanish copy says the state assigns a number.' }),
  MT: facts(LICENCE_OR_LAST4, 'enclose_proof_montana', ROCKY),
  NC: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: 'The English copy is silent on none; the Spanish copy says the state assigns a number.' }),
  ND: facts(['none'], 'not_stated', 'North Dakota has no voter registration and does not accept the form: box 6 is never asked.'),
  NE: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: 'The English copy is silent on none; the Spanish copy says the state assigns a number.' }),
  NH: facts(['none'], 'not_stated', 'New Hampshire accepts the form only as a request for an absentee registration form: box 6 is never asked.'),
  NJ: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  NM: facts(FULL_SSN, 'not_stated', ROCKY),
  NV: facts(LICENCE_OR_LAST4, 'county_clerk_assigns', ROCKY),
  NY: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  OH: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  OK: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: 'The English copy says only to write NONE; the Spanish copy says the state assigns a number.' }),
  OR: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  PA: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  RI: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  SC: facts(['ssn_last4', 'ssn_full', 'none'], 'not_stated', `${EAC('eac.gov/nvra-print-view/23426', '05-01-2021')}; ${ROCKY}`, {
    note: 'At least the last 4 digits of the Social Security number; the full number may be given voluntarily.',
  }),
  SD: facts(LICENCE_OR_LAST4, 'register_in_person', `${ROCKY}; South Dakota Codified Laws 12-4-5.4`),
  TN: facts(FULL_SSN, 'not_stated', ROCKY),
  TX: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  UT: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  VA: facts(FULL_SSN, 'not_stated', `${EAC('eac.gov/nvra-instructions-virginia-english', '09-19-2019')}; ${ROCKY}`),
  VT: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  WA: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  WI: facts(['state_id', 'state_id_and_ssn_last4', 'ssn_last4', 'none'], 'not_stated', ROCKY, {
    combined: 'expired_licence',
    note: 'A licence that has expired or was suspended or revoked: its number and the last 4 digits, separated by a space. With none of the numbers the instruction says to write NONE.',
  }),
  WV: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY),
  WY: facts(['none'], 'not_stated', 'Wyoming does not accept the form by mail: box 6 is never asked.'),
};
