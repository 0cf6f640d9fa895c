// What a partner may see of its voters, decided here once. A partner sees a voter's filled form
// (the PDF: their ID number, date of birth and signature line) only when the partner itself sent
// that voter's answers, through the API: it had them already. A voter who filled the form in the
// partner's widget or link gave their ID number to Rollcall, not to the partner; the partner sees
// the registration's status and the CSV's columns (which leave the ID number out), never the PDF.
// (The print desk is the exception a partner opts into: a voter who asks for a printed form by
// mail from a partner that prints its own has it printed by that partner, docs/print-queue.md.)
//
// A partner sees a voter's answers (names, email, phone, address, party, survey answers and
// opt-ins) only once the voter sent the form (`submitted_at`): what a voter typed and left, or
// what anyone posted under the partner's public id without finishing, is not the partner's
// (issue 16, Medium 9). The CSV lists sent registrations in full; a registration not sent whose
// voter went on to the state's own online registration from the partner's flow is listed for
// the count, with its attribution (source, tracking, utm, language, state) and no answers; any
// other unsent one is not listed. The dashboard counts every start (numbers, no personal data).
// The API lists and shows only accepted registrations (status accepted / pdf_ready), all sent.
import type { Knex } from 'knex';
import type { RegistrationRow } from '../registrations/registration-records.js';

export function partnerMaySeeForm(row: Pick<RegistrationRow, 'channel'>): boolean {
  return row.channel === 'api';
}

/** Whether a registration's answers reach its partner (the CSV's personal columns): once the voter sent it. */
export function partnerMaySeeAnswers(row: Pick<RegistrationRow, 'submitted_at'>): boolean {
  return row.submitted_at !== null && row.submitted_at !== undefined;
}

/** The rows of `registrations` a partner's CSV lists (the query is already scoped to the partner). */
export function listedInPartnerExport<T extends Knex.QueryBuilder>(query: T): T {
  return query.where((q) => q.whereNotNull('submitted_at').orWhereNotNull('finished_with_state_at')) as T;
}
