// State rules for the 50 states and DC: the voter flow, the API and the PDF read them from here.
export type { ElectionOffice, IdNumberRule, Lang, Localized, PartyChoice, StateRules } from './types.js';
export { LANGS } from './types.js';
export type { IdRuleKind } from './id-rule-kinds.js';
export { ID_RULE_KINDS } from './id-rule-kinds.js';
export type { Under18RuleKey } from './under18-rules.js';
export type { ZipLookup } from './zip-table.js';
export { getState, listStates, lookupZipCode, stateForZip } from './registry.js';
export { checkIdNumber, isNoneAnswer, type IdNumberCheck } from './id-number.js';
export { isPartyAllowed, OTHER_PARTY_KEY, partyAnswerText, partyChoices, partyLabel } from './parties.js';
export { parseStatesData, StateDataError } from './load-states.js';
