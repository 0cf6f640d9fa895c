// Turns validation problems into sentences in the voter's language (and English for the API).
import { translator, type Lang } from '../i18n.js';
import type { FieldError } from '../http/errors.js';
import type { Problem } from './validate.js';

export function fieldLabel(lang: Lang, path: string): string {
  const t = translator(lang);
  return t(`fields.${path}`);
}

/** "First name" reads "first name" mid-sentence; "ZIP code" and "ID number" keep their capitals. */
function midSentence(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;
}

function sentenceStart(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
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
  return sentenceStart(t(`errors.${key}`, { field: midSentence(fieldLabel(lang, problem.path)), ...problem.params }));
}

export function toFieldErrors(problems: Problem[], lang: Lang = 'en', audience: Audience = 'web'): FieldError[] {
  return problems.map((p) => ({ path: p.path, code: p.code, message: describeProblem(lang, p, audience), ...(p.params ? { params: p.params } : {}) }));
}
