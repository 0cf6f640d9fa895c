// The one reader of HTML form posts and query strings, on every side (voter, partner portal,
// admin); the JSON API validates with zod instead. Whatever arrives (a missing name, a name sent
// twice, a nested object from a crafted query) becomes one plain string, so handlers never do
// their own `typeof` checks.
import { normalizeAnswer } from '../registrations/field-rules.js';

/** A parsed urlencoded body or query string. */
export type FormBody = Record<string, unknown>;

export interface FieldOptions {
  /** The longest value kept, in characters; longer is cut (the page's maxlength, a column's size). */
  max?: number;
  /** Keep the value exactly as sent: no trimming or Unicode normalization (passwords, tokens, lists). */
  asSent?: boolean;
  /**
   * A name sent more than once counts by its first value. The voter's forms want this (a page with
   * JavaScript off can post a field twice, and typed text is never dropped); elsewhere a repeated
   * name reads as missing.
   */
  firstOfRepeated?: boolean;
}

/** One field as a string: trimmed and in composed Unicode (NFC) unless `asSent`; '' when missing. */
export function formField(body: FormBody, name: string, options: FieldOptions = {}): string {
  let value = body[name];
  if (Array.isArray(value) && options.firstOfRepeated) value = value[0];
  if (typeof value !== 'string') return '';
  const text = options.asSent ? value : normalizeAnswer(value);
  return options.max === undefined ? text : text.slice(0, options.max);
}
