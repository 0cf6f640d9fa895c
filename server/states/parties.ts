// Whether a party answer is one the state offers.
import type { StateRules } from './types.js';

/** True for a key of the state's party list or its no-party choice; keys are exact. */
export function isPartyAllowed(state: StateRules, key: string): boolean {
  return state.noParty?.key === key || state.parties.some((party) => party.key === key);
}
