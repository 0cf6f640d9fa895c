// What a partner may see of its voters, decided here once. A partner sees a voter's filled form
// (the PDF: their ID number, date of birth and signature line) only when the partner itself sent
// that voter's answers, through the API: it had them already. A voter who filled the form in the
// partner's widget or link gave their ID number to Rollcall, not to the partner; the partner sees
// the registration's status and the CSV's columns (which leave the ID number out), never the PDF.
// (The print desk is the exception a partner opts into: a voter who asks for a printed form by
// mail from a partner that prints its own has it printed by that partner, docs/print-queue.md.)
import type { RegistrationRow } from '../registrations/registration-records.js';

export function partnerMaySeeForm(row: Pick<RegistrationRow, 'channel'>): boolean {
  return row.channel === 'api';
}
