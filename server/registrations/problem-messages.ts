// Turns validation problems into sentences in the voter's language (and English for the API).
import { translator, type Lang } from '../i18n.js';
import type { FieldError } from '../errors.js';
import { getState, localPlace } from '../states/index.js';
import type { Problem } from './validate.js';

export function fieldLabel(lang: Lang, path: string): string {
  const t = translator(lang);
  return t(`fields.${path}`);
}

/**
 * "First name" reads "first name" mid-sentence; "ZIP code" and "ID number" keep their capitals,
 * and so does a name of several capitalised words ("Social Security number").
 */
function midSentence(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) && !/^\S+\s\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

function sentenceStart(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

// Spanish names a field in a sentence with its article ("Escriba el nombre", "La fecha de
// nacimiento debe…"); the article agrees with the label's first noun. Labels are ours
// (views/locales/es.json), so the feminine ones are few and listed here.
const SPANISH_FEMININE = new Set(['fecha', 'dirección', 'ciudad', 'raza', 'lista', 'respuesta']);

/** The label as the subject or object of a sentence: "the first name" in Spanish, the label itself in English. */
function fieldInSentence(lang: Lang, label: string): string {
  const lower = midSentence(label);
  if (lang !== 'es' || /^su\s/i.test(label)) return lower; // "Su respuesta…" has its determiner already
  // "Apellido(s)" is "el apellido" in a sentence; the plural marker only fits a label.
  const noun = lower.replace(/\((?:s|es)\)/g, '');
  const first = noun.split(/\s/)[0]!.toLowerCase();
  return `${SPANISH_FEMININE.has(first) ? 'la' : 'el'} ${noun}`;
}

/** Who reads the message: a voter on the web form, or a partner's developer calling the JSON API. */
export type Audience = 'web' | 'api';

/**
 * Codes whose wording differs for the API, because what the API takes differs from the form: a
 * date of birth is one `YYYY-MM-DD` string there, three boxes (month, day, year) on the form.
 */
const API_WORDING: Partial<Record<string, string>> = { invalid_date: 'invalid_date_api' };

export function describeProblem(lang: Lang, problem: Problem, audience: Audience = 'web'): string {
  const t = translator(lang);
  const key = (audience === 'api' && API_WORDING[problem.code]) || problem.code;
  const label = fieldLabel(lang, problem.path);
  return sentenceStart(
    t(`errors.${key}`, { field: midSentence(label), theField: fieldInSentence(lang, label), ...localStateNames(lang, problem.params) }),
  );
}

// A problem names states by their codes too (validate.ts); the voter reads each name in their
// language: "Dakota del Norte", "en el Distrito de Columbia".
function localStateNames(lang: Lang, params: Problem['params']): Problem['params'] {
  if (!params) return params;
  const out = { ...params };
  const state = typeof params.stateCode === 'string' ? getState(params.stateCode) : undefined;
  const zipState = typeof params.zipStateCode === 'string' ? getState(params.zipStateCode) : undefined;
  if (state) out.state = localPlace(state, lang);
  if (zipState) out.zipState = localPlace(zipState, lang);
  return out;
}

export function toFieldErrors(problems: Problem[], lang: Lang = 'en', audience: Audience = 'web'): FieldError[] {
  return problems.map((p) => ({
    path: p.path,
    code: p.code,
    message: describeProblem(lang, p, audience),
    ...(p.params ? { params: p.params } : {}),
  }));
}
