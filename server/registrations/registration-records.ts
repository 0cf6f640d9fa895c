// Database access for registrations: the only place that knows the table's columns.
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { Answers } from './answers.js';

export type RegistrationStatus = 'in_progress' | 'accepted' | 'pdf_ready' | 'purged';
export type Channel = 'web' | 'api';

export interface RegistrationRow {
  id: number;
  uid: string;
  resume_hash: string | null;
  partner_id: string | null;
  channel: Channel;
  lang: 'en' | 'es';
  status: RegistrationStatus;
  step: string;
  state_code: string | null;
  zip: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  answers: string;
  id_number_enc: string | null;
  source: string | null;
  tracking: string | null;
  created_at: number;
  updated_at: number;
  submitted_at: number | null;
  pdf_key: string | null;
  pdf_sha256: string | null;
  pdf_ready_at: number | null;
  purged_at: number | null;
  /** When the voter first followed the link to the state's online registration (epoch ms). */
  finished_with_state_at: number | null;
}

export function parseAnswers(row: Pick<RegistrationRow, 'answers'>): Answers {
  return JSON.parse(row.answers) as Answers;
}

/** Fits a copy into its column: a draft kept by a language switch is unchecked and may be longer (PostgreSQL refuses that). */
const clip = (value: string | undefined, max: number) => (value === undefined ? null : value.slice(0, max));

/** The searchable columns are copies of answers; they are derived here and nowhere else. */
export function searchableColumns(answers: Answers, stateCode: string | null) {
  return {
    state_code: stateCode,
    zip: (answers.homeAddress?.zip ?? answers.zip ?? '').slice(0, 5) || null,
    email: clip(answers.email, 320),
    first_name: clip(answers.firstName, 100),
    last_name: clip(answers.lastName, 100),
  };
}

export class RegistrationRecords {
  constructor(private readonly db: Db) {}

  async insert(trx: Knex | Knex.Transaction, row: Omit<RegistrationRow, 'id'>): Promise<number> {
    const [inserted] = await trx('registrations').insert(row).returning('id');
    return typeof inserted === 'object' ? (inserted as { id: number }).id : (inserted as number);
  }

  byUid(uid: string): Promise<RegistrationRow | undefined> {
    return this.db<RegistrationRow>('registrations').where({ uid }).first();
  }

  byId(id: number): Promise<RegistrationRow | undefined> {
    return this.db<RegistrationRow>('registrations').where({ id }).first();
  }

  byResumeHash(hash: string): Promise<RegistrationRow | undefined> {
    return this.db<RegistrationRow>('registrations').where({ resume_hash: hash }).first();
  }

  async update(trx: Knex | Knex.Transaction, id: number, patch: Partial<RegistrationRow>): Promise<void> {
    await trx('registrations').where({ id }).update(patch);
  }

  /** Records the first time only, so following the link again (or a reload) changes nothing. */
  async markFinishedWithState(trx: Knex | Knex.Transaction, id: number, at: number): Promise<boolean> {
    return (await trx('registrations').where({ id }).whereNull('finished_with_state_at').update({ finished_with_state_at: at })) > 0;
  }
}
