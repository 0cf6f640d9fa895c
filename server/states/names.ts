// A state's name in the voter's language. Spanish names are USAGov en español's ("Dakota del
// Norte", "Pensilvania", "Distrito de Columbia"), kept in data/states.json as `nameEs`.
import type { Lang, StateRules } from './types.js';

/** What every page, message and PDF prints for the state, in the voter's language. */
export function localName(state: Pick<StateRules, 'name' | 'nameEs'>, lang: Lang): string {
  return lang === 'es' ? state.nameEs : state.name;
}

/** The name as a place mid-sentence: "in the District of Columbia", "en el Distrito de Columbia"; states take no article. */
export function localPlace(state: Pick<StateRules, 'name' | 'nameEs'>, lang: Lang): string {
  return placeName(localName(state, lang), lang);
}

export function placeName(name: string, lang: Lang): string {
  if (!/^(District|Distrito) /.test(name)) return name;
  return `${lang === 'en' ? 'the' : 'el'} ${name}`;
}

/** "de" and the place in Spanish, contracted where it takes an article: "de Texas", "del Distrito de Columbia". */
export function spanishOf(place: string): string {
  return place.startsWith('el ') ? `del ${place.slice(3)}` : `de ${place}`;
}
