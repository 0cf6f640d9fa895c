// Turns validation problems into sentences in the voter's language (and English for the API).
import { translator, type Lang } from '../i18n.js';
import type { FieldError } from '../http/errors.js';
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

export function describeProblem(lang: Lang, problem: Problem): string {
  const t = translator(lang);
  return sentenceStart(t(`errors.${problem.code}`, { field: midSentence(fieldLabel(lang, problem.path)), ...localStateNames(lang, problem.params) }));
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

export function toFieldErrors(problems: Problem[], lang: Lang = 'en'): FieldError[] {
  return problems.map((p) => ({ path: p.path, code: p.code, message: describeProblem(lang, p), ...(p.params ? { params: p.params } : {}) }));
}
