// The party answers a state offers: its list, then its no-party choice.
import type { Lang, PartyChoice, StateRules } from './types.js';

/** The key of the "Other" choice: the voter then writes the party's name (answers.otherParty). */
export const OTHER_PARTY_KEY = 'other';

/** The state's parties followed by its no-party choice (if it has one), in display order. */
export function partyChoices(state: StateRules): PartyChoice[] {
  return state.noParty ? [...state.parties, state.noParty] : [...state.parties];
}

/** True for a key of the state's party list or its no-party choice; keys are exact. */
export function isPartyAllowed(state: StateRules, key: string): boolean {
  return state.noParty?.key === key || state.parties.some((party) => party.key === key);
}

/** The label of an allowed key in the voter's language; undefined for a key the state does not offer. */
export function partyLabel(state: StateRules, key: string, lang: Lang): string | undefined {
  return partyChoices(state).find((party) => party.key === key)?.label[lang];
}

/** What box 7 says for an answer: the name the voter wrote for "Other", else the choice's label (undefined for a key the state does not offer). */
export function partyAnswerText(state: StateRules, key: string, otherParty: string | undefined, lang: Lang): string | undefined {
  if (key === OTHER_PARTY_KEY && otherParty && isPartyAllowed(state, key)) return otherParty;
  return partyLabel(state, key, lang);
}
