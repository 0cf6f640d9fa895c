// "Prove it is you" on the end page (done.ts, PDF_ON_END_PAGE_MS): past the first hour after
// sending, the PDF (with the voter's ID number) is offered again only to someone who gives the
// date of birth on the form. Five tries per registration per 15 minutes, so the date cannot be
// guessed by trying the days of a year.
import type { CsrfTokens } from '../http/csrf.js';
import { formField, type FormBody } from '../http/form.js';
import { translator, type Lang } from '../i18n.js';
import { paths } from '../paths.js';
import { parseAnswers, voterMailAllowed, type RegistrationRow } from '../registrations/registration-records.js';
import type { PdfAgainForm } from './done.js';
import { dateOfBirth, VOTER_FORM } from './form-input.js';

export const PDF_AGAIN_LIMIT = { name: 'pdfagain', max: 5, windowMs: 15 * 60_000 };

/** The form's CSRF scope: the registration's, apart from its steps' (a step's token does not post here). */
export const pdfAgainScope = (uid: string) => `pdf-again:${uid}`;

export function pdfAgainForm(csrf: CsrfTokens, row: RegistrationRow, token: string): PdfAgainForm {
  return {
    action: paths.pdfAgain(token),
    csrfToken: csrf.issue(pdfAgainScope(row.uid)),
    emailed: Boolean(row.email) && voterMailAllowed(row),
  };
}

/** The boxes as sent (to show them again) and the problem with them, if any. */
export function checkDateOfBirth(lang: Lang, row: RegistrationRow, body: FormBody): { values: Record<string, string>; problem?: string } {
  const values = Object.fromEntries(
    ['month', 'day', 'year'].map((p) => [`dateOfBirth.${p}`, formField(body, `dateOfBirth.${p}`, { ...VOTER_FORM, max: 4 })]),
  );
  const given = dateOfBirth({ ...body, ...values });
  if (given !== undefined && given === parseAnswers(row).dateOfBirth) return { values };
  const t = translator(lang);
  return { values, problem: t('done.again.wrong', { field: t('fields.dateOfBirth') }) };
}

export function tooManyTries(lang: Lang): string {
  return translator(lang)('done.again.tooMany');
}
