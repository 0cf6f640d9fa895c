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
  source:
    'No state format sourced (2026-12-05): generic check only. Alaska licence numbers are as short as 1 digit in the tables we found, so the minimum is 1; 20 leaves room for every format we know of (the longest, 13 characters).',
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
const EAC = (page: string, updated: string) =>
  `EAC, National Mail Voter Registration Form, State Instructions, box 6 (${page}, updated ${updated})`;
// Rocky's copy of the same instruction: shared/data/states.json idNumber.referenceRule (Rocky-OVR at commit 1d265759).
const ROCKY =
  "Rocky-OVR copy of the federal form's state instruction for box 6 (shared/data/states.json, idNumber.referenceRule); the EAC page itself was not retrieved";

const LICENCE_OR_LAST4 = ['state_id', 'ssn_last4', 'none'] as const;
const FULL_SSN = ['ssn_full', 'none'] as const;

function facts(accepts: readonly IdType[], none: NoneOutcome, source: string, extra: Partial<IdRuleFacts> = {}): IdRuleFacts {
  return { accepts, none, licence: GENERIC_LICENCE, source, checked: CHECKED, ...extra };
}

export const ID_RULES: Record<JurisdictionCode, IdRuleFacts> = {
  AK: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-print-view/23386', '03-01-2006')),
  AL: facts(LICENCE_OR_LAST4, 'not_stated', `${EAC('eac.gov, Alabama, Spanish', '08-08-2024')}; ${ROCKY}`, {
    note: "The 2024 EAC text asks for the Alabama licence or non-driver ID, else the last 4 digits, and says nothing of an applicant with neither; Rocky's older copy promised an assigned number.",
  }),
  AR: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-print-view/23384', '03-01-2006')),
  AZ: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: "EAC page not found in the reference corpus on 2026-12-05; Rocky's copy." }),
  CA: facts(LICENCE_OR_LAST4, 'id_at_first_vote', `${EAC('eac.gov/nvra-print-view/23388', '10-10-2021')}; ${ROCKY}`),
  CO: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-print-view/23389', '10-16-2018')),
  CT: facts(LICENCE_OR_LAST4, 'not_stated', `${EAC('eac.gov, Connecticut, Spanish', '03-09-2019')}; ${ROCKY}`),
  DC: facts(LICENCE_OR_LAST4, 'not_stated', `${EAC('eac.gov/nvra-print-view/23392', '10-10-2021')}; ${ROCKY}`, {
    note: 'The instruction says an application needs a licence number or the last 4 digits "in order to be processed"; HAVA requires the District to assign a number to an applicant with neither, so none is accepted.',
  }),
  DE: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: "EAC page not found in the reference corpus on 2026-12-05; Rocky's copy." }),
  FL: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/taxonomy/term/18896, Florida, Spanish', '30-11-2011'), {
    note: "Changed 2026-12-05: none was assigns_number (Rocky's copy). The EAC text (Spanish; the English page was not found) asks for the Florida licence or ID number, else the last 4 digits, else to write NINGUNO, and says nothing of an assigned number.",
  }),
  GA: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-print-view/23394', '08-15-2013'), {
    note: 'The EAC text also says giving the full Social Security number is optional. Not offered: it is never required, and a 9-digit answer without idType is read as a full SSN (inferIdType), which would misread 9-digit Georgia licence numbers.',
  }),
  HI: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: "EAC page not found in the reference corpus on 2026-12-05; Rocky's copy." }),
  IA: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/taxonomy/term/18931, Iowa, Spanish', '24-11-2023'), {
    note: "The English EAC page was not found; the Spanish text, like Rocky's copy, says nothing of an applicant with neither number.",
  }),
  ID: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23397', '06-27-2022'), {
    note: "Changed 2026-12-05: none was assigns_number (Rocky's Spanish copy). The EAC text (English 2022; Spanish 2006 likewise) asks for the licence or state ID number, else the last 4 digits, and says nothing of an applicant with neither.",
  }),
  IL: facts(LICENCE_OR_LAST4, 'enclose_proof_or_show', EAC('eac.gov/nvra-print-view/23398', '09-03-2019')),
  IN: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23399', '03-01-2006'), {
    note: "Changed 2026-12-05: none was assigns_number (Rocky's Spanish copy). The EAC text (English and Spanish, 2006) asks for the Indiana licence number, else the last 4 digits, and says nothing of an applicant with neither.",
  }),
  KS: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-instructions-kansas-english', '10-25-2013')),
  KY: facts(FULL_SSN, 'cannot_be_refused', EAC('eac.gov/taxonomy/term/18941, Kentucky, Spanish', '01-03-2006'), {
    note: 'The English EAC page was not found; the Spanish text requires the full number and says no one may be denied registration for leaving it out (KRS 116.155).',
  }),
  LA: facts(LICENCE_OR_LAST4, 'enclose_proof', EAC('eac.gov/nvra-print-view/23403', '02-28-2019'), {
    note: 'The EAC text (English and Spanish, 2019) asks for at least the last 4 digits and says the full Social Security number may be given voluntarily. Not offered: it is never required, and a 9-digit answer without idType is read as a full SSN (inferIdType), which could misread a 9-digit licence number.',
  }),
  MA: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-print-view/59176', '09-03-2019')),
  MD: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23405', '10-10-2021'), {
    note: "Changed 2026-12-05: none was assigns_number (Rocky's Spanish copy). The EAC text (English and Spanish, 2021) asks for the last 4 digits where there is no Maryland licence or MVA ID card, and says nothing of an applicant with neither.",
  }),
  ME: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23404', '08-14-2012'), {
    note: "Rocky's copy was Oklahoma's text. The EAC text (English 2012; Spanish 05-08-2024 the same) asks for the Maine licence number, else the last 4 digits, else to write NONE, and says nothing of an assigned number.",
  }),
  MI: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-instructions-michigan-english', '09-17-2024')),
  MN: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23408', '12-31-2008'), {
    note: "Changed 2026-12-05: none was assigns_number (Rocky's copy). The EAC text (English 2008; Spanish 24-11-2023 the same) says to write none and says nothing of an assigned number.",
  }),
  MO: facts(
    ['state_id_and_ssn_last4', 'state_id', 'ssn_last4', 'none'],
    'assigns_number',
    EAC('eac.gov/nvra-print-view/23410', '09-12-2006'),
    {
      combined: 'both',
      note: 'Missouri asks for both numbers, in box 6, separated by a space; a voter with only one gives that one.',
    },
  ),
  MS: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23409', '05-07-2010'), {
    note: "Changed 2026-12-05: none was assigns_number (Rocky's Spanish copy). The EAC text asks for the licence number, else the last 4 digits, and says nothing of an applicant with neither.",
  }),
  MT: facts(LICENCE_OR_LAST4, 'enclose_proof_montana', EAC('eac.gov/nvra-print-view/23411', '03-15-2022')),
  NC: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, {
    note: "EAC page not found in the reference corpus on 2026-12-05; Rocky's copy. The English copy is silent on none; the Spanish copy says the state assigns a number.",
  }),
  ND: facts(['none'], 'not_stated', 'North Dakota has no voter registration and does not accept the form: box 6 is never asked.'),
  NE: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23412', '03-08-2018'), {
    note: "Changed 2026-12-05: none was assigns_number (Rocky's Spanish copy). The EAC text asks for the Nebraska licence number, else the last 4 digits, and says nothing of an applicant with neither.",
  }),
  NH: facts(
    ['none'],
    'not_stated',
    'New Hampshire accepts the form only as a request for an absentee registration form: box 6 is never asked.',
  ),
  NJ: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-print-view/23415', '03-28-2008')),
  NM: facts(FULL_SSN, 'not_stated', EAC('eac.gov/taxonomy/term/19011, New Mexico, Spanish', '01-03-2006'), {
    note: 'The English EAC page was not found; the Spanish text requires the full Social Security number.',
  }),
  NV: facts(LICENCE_OR_LAST4, 'county_clerk_assigns', ROCKY, {
    note: "EAC page not found in the reference corpus on 2026-12-05; Rocky's copy.",
  }),
  NY: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-print-view/23417', '06-19-2014')),
  OH: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-print-view/23420', '03-01-2006'), {
    note: 'The EAC text first asks for the Social Security number (voluntary, O.R.C. 3503.14), then gives the federal rule: licence, else at least the last 4 digits, else NONE and the state assigns a number.',
  }),
  OK: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23421', '03-15-2022'), {
    note: "Changed 2026-12-05: none was assigns_number (Rocky's Spanish copy). The EAC text asks for the licence, state ID card number or last 4 digits, and says nothing of an applicant with none of them.",
  }),
  OR: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23422', '10-10-2021'), {
    note: "Changed 2026-12-05: none was assigns_number (Rocky's copy). The EAC text (English 2021; Spanish 05-08-2024 the same) says to write NONE and says nothing of an assigned number.",
  }),
  PA: facts(LICENCE_OR_LAST4, 'assigns_number', ROCKY, { note: "EAC page not found in the reference corpus on 2026-12-05; Rocky's copy." }),
  RI: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/taxonomy/term/19056, Rhode Island, Spanish', '09-03-2018'), {
    note: 'The English EAC page was not found; the Spanish text says the state assigns a number to an applicant with neither.',
  }),
  SC: facts(['ssn_last4', 'ssn_full', 'none'], 'not_stated', `${EAC('eac.gov/nvra-print-view/23426', '05-01-2021')}; ${ROCKY}`, {
    note: 'At least the last 4 digits of the Social Security number; the full number may be given voluntarily.',
  }),
  SD: facts(LICENCE_OR_LAST4, 'register_in_person', `${ROCKY}; South Dakota Codified Laws 12-4-5.4`),
  TN: facts(FULL_SSN, 'not_stated', EAC('eac.gov/nvra-print-view/23428', '05-01-2020')),
  TX: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-print-view/23429', '11-15-2018')),
  UT: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23430', '09-19-2019'), {
    note: "Changed 2026-12-05: none was assigns_number (Rocky's copy). The EAC text asks for the licence, state ID number or last 4 digits (without a licence or ID card: write None there and give the last 4), and says nothing of an applicant with none of them.",
  }),
  VA: facts(FULL_SSN, 'not_stated', `${EAC('eac.gov/nvra-instructions-virginia-english', '09-19-2019')}; ${ROCKY}`),
  VT: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/nvra-print-view/23431', '09-19-2019')),
  WA: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23433', '07-01-2022'), {
    note: 'Changed 2026-12-05: none was assigns_number (Rocky\'s copy). The EAC text asks for the licence or ID card number, else the last 4 digits, and says "Failure to provide this information may prevent your registration from being processed"; HAVA requires the state to assign a number to an applicant with neither, so none stays accepted.',
  }),
  WI: facts(LICENCE_OR_LAST4, 'not_stated', EAC('eac.gov/nvra-print-view/23435', '09-20-2022'), {
    note: "Changed 2026-12-05: accepts was licence, expired licence and last 4 (both), last 4 (Rocky's copy). The EAC text asks for an unexpired licence or ID card number, else the last 4 digits; it no longer asks for an expired licence's number, so that choice is gone (a voter with an expired licence gives the last 4). It says nothing of an applicant with neither.",
  }),
  WV: facts(LICENCE_OR_LAST4, 'assigns_number', EAC('eac.gov/taxonomy/term/19101, West Virginia, Spanish', '24-05-2024'), {
    note: 'The English EAC page was not found; the Spanish text asks for the licence number, else at least the last 4 digits, else NONE, and says the state assigns a number.',
  }),
  WY: facts(['none'], 'not_stated', 'Wyoming does not accept the form by mail: box 6 is never asked.'),
};
