// State rules for the 50 states and DC: the voter flow, the API and the PDF read them from here.
export type { ElectionOffice, FactSource, IdNumberRule, Lang, Localized, PartyChoice, StateRules } from './types.js';
export { LANGS } from './types.js';
export type { CombinedMeaning, IdRuleFacts, IdType, LicenceFormat, NoneOutcome } from './id-rules.js';
export { ID_RULES, ID_TYPES, NONE_OUTCOMES } from './id-rules.js';
export type { Under18Decision, Under18RuleKey } from './under18-rules.js';
export { novemberElectionDay, under18Decision, UNDER18_BASIS } from './under18-rules.js';
export { notesFor, STATE_NOTES, type StateNote } from './state-notes.js';
export type { ZipLookup } from './zip-table.js';
export { getState, listStates, lookupZipCode, stateForZip } from './registry.js';
export {
  box6Text,
  checkIdAnswer,
  checkLicence,
  checkSsnFull,
  checkSsnLast4,
  ID_FIELDS,
  idAnswerOf,
  inferIdType,
  isNoneAnswer,
  type IdAnswer,
  type IdField,
  type IdProblem,
} from './id-number.js';
export { isPartyAllowed, OTHER_PARTY_KEY, partyAnswerText, partyChoices, partyLabel } from './parties.js';
export { localName, localPlace, spanishOf } from './names.js';
export { parseStatesData, StateDataError } from './load-states.js';
