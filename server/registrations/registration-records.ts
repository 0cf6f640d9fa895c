// Database access for registrations: the only place that knows the table's columns.
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { Answers } from './answers.js';
import type { SealedColumn } from '../security/reseal.js';

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
  /** JSON object of the utm_* parameters the voter arrived with, or null. */
  utm?: string | null;
  /** Mail to this voter is allowed (the partner's setting or the API request's, at creation); 0/1 on SQLite. */
  voter_mail_enabled?: boolean | number;
  /** The resume token sealed with the field cipher (read with RegistrationService.resumeTokenOf); null on API rows and after the purge. */
  resume_token_sealed?: string | null;
  /** When a voter under 18 asked to be emailed once they can register (epoch ms); the turning_18 message's consent. */
  turning_18_consent_at?: number | null;
  /** Voter mail (server/mail/): when the voter stopped all mail to this registration. */
  mail_stopped_at?: number | null;
  /** When the voter said "I mailed it" (the reminders stop). */
  mailed_at?: number | null;
  /** When the PDF was first downloaded (the last reminder goes only to a form never opened). */
  pdf_downloaded_at?: number | null;
  /** Submitted faster than a person can (registrations/pace.ts; staff review it); 0/1 on SQLite. Never shown to the voter or a partner. */
  too_fast?: boolean | number;
}

export function parseAnswers(row: Pick<RegistrationRow, 'answers'>): Answers {
  return JSON.parse(row.answers) as Answers;
}

/** Whether mail to this voter is allowed (the column reads 0/1 on SQLite, a boolean on PostgreSQL). */
export function voterMailAllowed(row: Pick<RegistrationRow, 'voter_mail_enabled'>): boolean {
  return Boolean(row.voter_mail_enabled ?? true);
}

/** Fits a copy into its column: a draft kept by a language switch is unchecked and may be longer (PostgreSQL refuses that). */
const clip = (value: string | undefined, max: number) => (value === undefined ? null : value.slice(0, max));

/** The searchable columns are copies of answers; they are derived here and nowhere else. */
export function searchableColumns(answers: Answers, stateCode: string | null) {
  return {
    state_code: stateCode,
    zip: (answers.homeAddress?.zip ?? answers.zip ?? '').slice(0, 5) || null,
    email: answers.email ? clip(answers.email, 320) : null, // no address: null, never '' (the mail sender checks it)
    first_name: clip(answers.firstName, 100),
    last_name: clip(answers.lastName, 100),
  };
}

/** The sealed columns, for `rollcall keys reseal` (security/reseal.ts): each write a compare-and-set. */
export const REGISTRATION_SEALED_COLUMNS: SealedColumn[] = [
  {
    table: 'registrations',
    column: 'id_number_enc',
    key: 'id',
    replace: async (trx, id, from, to) =>
      (await trx('registrations').where({ id, id_number_enc: from }).update({ id_number_enc: to })) === 1,
  },
  {
    table: 'registrations',
    column: 'resume_token_sealed',
    key: 'id',
    replace: async (trx, id, from, to) =>
      (await trx('registrations').where({ id, resume_token_sealed: from }).update({ resume_token_sealed: to })) === 1,
  },
];

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

  /** A partner's completed registrations (the API's list), oldest first, keyset-paginated on id; one more than `limit` tells there is a next page. */
  completedForPartner(
    partnerId: string,
    page: { after: number; limit: number; since?: number; until?: number },
  ): Promise<RegistrationRow[]> {
    let q = this.db('registrations')
      .select('id', 'uid', 'status', 'channel', 'lang', 'state_code', 'source', 'tracking', 'created_at', 'submitted_at')
      .where('partner_id', partnerId)
      .whereIn('status', ['accepted', 'pdf_ready'])
      .andWhere('id', '>', page.after);
    if (page.since !== undefined) q = q.andWhere('submitted_at', '>=', page.since);
    if (page.until !== undefined) q = q.andWhere('submitted_at', '<', page.until);
    return q.orderBy('id').limit(page.limit + 1) as Promise<RegistrationRow[]>;
  }

  /** Updates only while the row still has `status` (a double submit, a job redone after a purge): true when it did. */
  async updateWhileStatus(
    trx: Knex | Knex.Transaction,
    id: number,
    status: RegistrationStatus,
    patch: Partial<RegistrationRow>,
  ): Promise<boolean> {
    return (await trx('registrations').where({ id, status }).update(patch)) === 1;
  }

  /**
   * Past retention, or erased at the voter's request: wipes everything personal, keeps what partner
   * statistics count (state, partner, dates, status). An erase keeps the resume hash (a SHA-256 of
   * a random token) so the voter's link can say the registration was deleted.
   */
  async purge(trx: Knex | Knex.Transaction, id: number, now: number, options: { keepResumeHash?: boolean } = {}): Promise<void> {
    await trx('registrations')
      .where({ id })
      .update({
        status: 'purged',
        purged_at: now,
        ...(options.keepResumeHash ? {} : { resume_hash: null }),
        resume_token_sealed: null,
        mail_stopped_at: null,
        mailed_at: null,
        pdf_downloaded_at: null,
        email: null,
        first_name: null,
        last_name: null,
        zip: null,
        answers: '{}',
        id_number_enc: null,
        tracking: null,
        utm: null,
        pdf_key: null,
        pdf_sha256: null,
        turning_18_consent_at: null,
        updated_at: now,
      });
  }

  /** The voter stopped all mail (the email's stop link): the first time is kept. */
  async markMailStopped(trx: Knex | Knex.Transaction, id: number, at: number): Promise<boolean> {
    return (await trx('registrations').where({ id }).whereNull('mail_stopped_at').update({ mail_stopped_at: at })) > 0;
  }

  /** The voter said "I mailed it": the first time is kept. */
  async markMailed(trx: Knex | Knex.Transaction, id: number, at: number): Promise<boolean> {
    return (await trx('registrations').where({ id }).whereNull('mailed_at').update({ mailed_at: at })) > 0;
  }

  /** The PDF's first download (one write; later downloads match no row). */
  async markDownloaded(trx: Knex | Knex.Transaction, id: number, at: number): Promise<boolean> {
    return (await trx('registrations').where({ id }).whereNull('pdf_downloaded_at').update({ pdf_downloaded_at: at })) > 0;
  }

  /** Records the first time only, so following the link again (or a reload) changes nothing. */
  async markFinishedWithState(trx: Knex | Knex.Transaction, id: number, at: number): Promise<boolean> {
    return (await trx('registrations').where({ id }).whereNull('finished_with_state_at').update({ finished_with_state_at: at })) > 0;
  }
}
