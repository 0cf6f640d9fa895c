// The voter's answers: one shape for the web flow (filled step by step) and the API (all at once).
// The ID number is not here: it is sealed in its own column (see field-cipher); which kind of
// number it is (`idType`) is.
import type { IdType } from '../states/index.js';

export interface Address {
  street: string;
  unit?: string;
  city: string;
  state: string;
  zip: string;
}

export interface PersonName {
  title?: string;
  firstName: string;
  middleName?: string;
  lastName: string;
  suffix?: string;
}

export const RACE_KEYS = [
  'american_indian_alaskan_native',
  'asian_pacific_islander',
  'black',
  'hispanic',
  'multi_racial',
  'white',
  'other',
  'decline',
] as const;
export type RaceKey = (typeof RACE_KEYS)[number];

export const TITLES = ['Mr.', 'Mrs.', 'Miss', 'Ms.', 'Sr.', 'Sra.', 'Srta.'] as const;
export const SUFFIXES = ['Jr.', 'Sr.', 'II', 'III', 'IV'] as const;

export interface Answers {
  usCitizen?: boolean;
  eighteenByElectionDay?: boolean;
  email?: string;
  /** The ZIP the voter started with; decides the state. */
  zip?: string;
  title?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  suffix?: string;
  dateOfBirth?: string;
  phone?: string;
  homeAddress?: Address;
  /**
   * The voter's answer to "which town or city do you live in?", asked only where the home ZIP
   * spans towns with different election offices: an office key (server/offices/) or "none".
   */
  officeTown?: string;
  mailingAddress?: Address;
  previousName?: PersonName;
  previousAddress?: Address;
  /** Which identifier box 6 holds (licence, last four, full SSN, both, none); absent on registrations saved before it existed. */
  idType?: IdType;
  party?: string;
  /** The party's name as the voter wrote it; only with `party` = the state's "other" key (printed in box 7). */
  otherParty?: string;
  race?: RaceKey;
  attest?: boolean;
}
