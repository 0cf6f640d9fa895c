// The shapes the rest of Rollcall sees. Built from data/states.json plus the help texts in this folder.
import type { IdRuleFacts } from './id-rules.js';
import type { Under18RuleKey } from './under18-rules.js';

export type Lang = 'en' | 'es';
export const LANGS: readonly Lang[] = ['en', 'es'];

/** One text in every language the voter can choose. */
export type Localized = Record<Lang, string>;

export interface PartyChoice {
  key: string;
  label: Localized;
}

/** What box 6 takes in this state (the facts, see id-rules.ts) and how we say it. */
export interface IdNumberRule extends IdRuleFacts {
  /** What to give, in plain words, with the state's name filled in. */
  ask: Localized;
  /** What happens to a voter who has none of the numbers, as the state's instruction says. */
  noneText: Localized;
  /** `ask` and `noneText` together: the instructions page of the PDF and the API show it. */
  rule: Localized;
}

export interface ElectionOffice {
  /** Lines exactly as the source has them (trimmed): they are printed on the mailer. */
  mailingAddress: string[];
  phone?: string;
  url?: string;
}

/** Where one fact came from and the day it was checked (YYYY-MM-DD). */
export interface FactSource {
  source: string;
  checked: string;
}

export interface StateRules {
  code: string;
  /** English name; `localName` gives the one for a language. */
  name: string;
  nameEs: string;
  acceptsFederalForm: boolean;
  requiresRace: boolean;
  requiresParty: boolean;
  parties: PartyChoice[];
  noParty: PartyChoice | null;
  idNumber: IdNumberRule;
  deadline: Localized;
  /** When someone under 18 may register; null where the state has no such rule (ND, NH). */
  under18: Localized | null;
  /** The rule's key (under18-rules.ts decides, per voter, whether it lets them register today). */
  under18Rule: Under18RuleKey | null;
  office: ElectionOffice;
  onlineRegistrationUrl: string | null;
  /** Only where acceptsFederalForm is false: why, and whom to ask instead. Show it with `office`. */
  refusalReason?: Localized;
  /** Where the facts came from, and the day they were last checked (YYYY-MM-DD). */
  source: string;
  lastChecked: string;
  /** Facts checked on their own since: the online link, the office address, the Spanish name, the under-18 rule. */
  factSources: Record<'onlineRegistrationUrl' | 'mailingAddress' | 'nameEs' | 'under18Rule', FactSource>;
}
