// A state's name in the voter's language. Spanish names are USAGov en español's ("Dakota del
// Norte", "Pensilvania", "Distrito de Columbia"), kept in data/states.json as `nameEs`.
import type { Lang, StateRules } from './types.js';

/** What every page, message and PDF prints for the state, in the voter's language. */
export function localName(state: Pick<StateRules, 'name' | 'nameEs'>, lang: Lang): string {
  return lang === 'es' ? state.nameEs : state.name;
}
