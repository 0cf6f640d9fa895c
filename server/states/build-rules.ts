// Turns one validated data entry into the StateRules the app uses: adds the ID facts (id-rules.ts) and our help texts.
import type { StateEntry } from './data-schema.js';
import { idRuleTexts } from './id-rule-texts.js';
import { ID_RULES } from './id-rules.js';
import type { Localized, StateRules } from './types.js';
import { under18Text } from './under18-rules.js';
import { placeName } from './names.js';

export function buildStateRules(entry: StateEntry): StateRules {
  const stateName: Localized = { en: entry.name, es: entry.nameEs };
  const place: Localized = { en: placeName(entry.name, 'en'), es: placeName(entry.nameEs, 'es') };
  const rules: StateRules = {
    code: entry.code,
    name: entry.name,
    nameEs: entry.nameEs,
    acceptsFederalForm: entry.acceptsFederalForm,
    requiresRace: entry.requiresRace,
    requiresParty: entry.requiresParty,
    parties: entry.parties,
    noParty: entry.noParty,
    idNumber: { ...ID_RULES[entry.code], ...idRuleTexts(ID_RULES[entry.code], stateName, place) },
    deadline: entry.deadline,
    under18: entry.under18Rule ? under18Text(entry.under18Rule, place) : null,
    under18Rule: entry.under18Rule,
    office: entry.office,
    onlineRegistrationUrl: entry.onlineRegistrationUrl,
    source: entry.source,
    lastChecked: entry.lastChecked,
    factSources: entry.factSources,
  };
  if (entry.refusalReason) rules.refusalReason = entry.refusalReason;
  return deepFreeze(rules);
}

// Every caller shares these objects, so nobody may change them.
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
