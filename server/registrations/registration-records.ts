// Database access for registrations: the only place that knows the table's columns.
//
// A voter's personal data is sealed at rest (issue 16, ASVS 6.1.1): the answers (JSON), the email
// and the names are written sealed (security/field-cipher.ts) and every row this module hands out
// is opened, so the rest of the code reads plain values. Modules that read the table with a query
// of their own (the admin search, the partner CSV, the print batch) pass each row through `open`.
// The admin search finds a name or an email by exact value through the blind indexes beside them
// (`*_hmac`, written here with the value). ZIP and state stay plain: they are what partner and
// admin counts group by, and neither names a person.
// Rows written before this release hold plain values: read as they are, sealed by `rollcall keys
// reseal` (REGISTRATION_SEALED_COLUMNS, `plaintext`), which also fills their indexes.
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { Answers } from './answers.js';
import type { SealedColumn } from '../security/reseal.js';
import { isSealedValue, type FieldCipher } from '../security/field-cipher.js';

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
  /** Blind indexes of email, first_name and last_name (written with them here; the admin search's exact match). */
  email_hmac?: string | null;
  first_name_hmac?: string | null;
  last_name_hmac?: string | null;
}

/** The answers of a row this module handed out (opened); a sealed row here is a bug: it throws, never guesses. */
export function parseAnswers(row: Pick<RegistrationRow, 'answers'>): Answers {
  if (isSealedValue(row.answers)) throw new Error('parseAnswers got a sealed row: read it through RegistrationRecords (byId, byUid, open)');
  return JSON.parse(row.answers) as Answers;
}

/** The personal columns sealed at rest besides answers, each with its blind index. */
const INDEXED_PERSONAL = [
  ['email', 'email_hmac'],
  ['first_name', 'first_name_hmac'],
  ['last_name', 'last_name_hmac'],
] as const;

export type PersonalColumns = Partial<Pick<RegistrationRow, 'answers' | 'email' | 'first_name' | 'last_name'>>;

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
    column: 'answers',
    key: 'id',
    plaintext: true,
    replace: async (trx, id, from, to) => (await trx('registrations').where({ id, answers: from }).update({ answers: to })) === 1,
  },
  // With its blind index: after a rotation it is rewritten under the new key (a search looks under every configured key meanwhile).
  ...INDEXED_PERSONAL.map(([column, hmac]): SealedColumn => ({
    table: 'registrations',
    column,
    key: 'id',
    plaintext: true,
    replace: async (trx, id, from, to, opened) =>
      (await trx('registrations')
        .where({ id, [column]: from })
        .update({ [column]: to, [hmac]: opened.cipher.blindIndex(opened.plain) })) === 1,
  })),
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
  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
  ) {}

  /**
   * A row (or some of its columns) as read from the table, with its personal columns opened. A
   * plain value (written before they were sealed) is returned as it is. Throws SealedValueError when
   * no configured key opens a value: never a wrong plaintext.
   */
  open<T extends PersonalColumns>(row: T): T {
    const out = { ...row };
    if (typeof row.answers === 'string') out.answers = this.cipher.openIfSealed(row.answers);
    for (const [column] of INDEXED_PERSONAL) {
      const value = row[column];
      if (typeof value === 'string') out[column] = this.cipher.openIfSealed(value);
    }
    return out;
  }

  /** A value's blind indexes under every configured key: what the admin search looks for in `*_hmac`. */
  blindIndexes(plain: string): string[] {
    return this.cipher.blindIndexes(plain);
  }

  /** What a write stores: the personal columns of `patch` sealed, each with its blind index. */
  private sealed<T extends PersonalColumns>(patch: T): T {
    const out: Record<string, unknown> = { ...patch };
    // A value that is already sealed (never a name, an email or JSON) is stored as it is, never sealed twice.
    const seal = (value: string) => (isSealedValue(value) ? value : this.cipher.encrypt(value));
    if (typeof patch.answers === 'string') out.answers = seal(patch.answers);
    for (const [column, hmac] of INDEXED_PERSONAL) {
      if (!(column in patch)) continue;
      const value = patch[column];
      if (typeof value === 'string' && !isSealedValue(value)) {
        out[column] = seal(value);
        out[hmac] = this.cipher.blindIndex(value);
      } else if (value == null) {
        out[column] = null;
        out[hmac] = null;
      }
    }
    return out as T;
  }

  private opened(row: RegistrationRow | undefined): RegistrationRow | undefined {
    return row && this.open(row);
  }

  async insert(trx: Knex | Knex.Transaction, row: Omit<RegistrationRow, 'id'>): Promise<number> {
    const [inserted] = await trx('registrations').insert(this.sealed(row)).returning('id');
    return typeof inserted === 'object' ? (inserted as { id: number }).id : (inserted as number);
  }

  async byUid(uid: string): Promise<RegistrationRow | undefined> {
    return this.opened(await this.db<RegistrationRow>('registrations').where({ uid }).first());
  }

  async byId(id: number): Promise<RegistrationRow | undefined> {
    return this.opened(await this.db<RegistrationRow>('registrations').where({ id }).first());
  }

  /** Several rows by id (a print batch's voters), opened; in no particular order. */
  async byIds(ids: readonly number[]): Promise<RegistrationRow[]> {
    if (ids.length === 0) return [];
    const rows = (await this.db('registrations')
      .whereIn('id', [...ids])
      .select('*')) as RegistrationRow[];
    return rows.map((r) => this.open(r));
  }

  async byResumeHash(hash: string): Promise<RegistrationRow | undefined> {
    return this.opened(await this.db<RegistrationRow>('registrations').where({ resume_hash: hash }).first());
  }

  /** The row whose stored PDF has this key (storage's re-derivation of a lost copy), opened. */
  async pdfReadyByPdfKey(key: string): Promise<RegistrationRow | undefined> {
    return this.opened(await this.db<RegistrationRow>('registrations').where({ pdf_key: key, status: 'pdf_ready' }).first());
  }

  async update(trx: Knex | Knex.Transaction, id: number, patch: Partial<RegistrationRow>): Promise<void> {
    await trx('registrations').where({ id }).update(this.sealed(patch));
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
    return (await trx('registrations').where({ id, status }).update(this.sealed(patch))) === 1;
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
        email_hmac: null,
        first_name_hmac: null,
        last_name_hmac: null,
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
