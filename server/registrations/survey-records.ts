// What a voter of a partner was shown and answered: one row per question answered and per opt-in
// shown, each with a copy of the exact text shown, its language, and when it was recorded. Copies,
// so a partner's later edit never changes a record. Personal data: never logged, deleted by the purge.
// The voter's own words are sealed at rest (ASVS 6.1.1): `answer` (free text a partner asked for)
// and `phone` (the SMS opt-in's number) are written sealed (field-cipher) and opened as they are
// read, here only, so every reader (the review page, the partner's CSV) sees the plain values. A
// value written before this release is plain and read as it is until `rollcall keys reseal`
// seals it (SURVEY_SEALED_COLUMNS). `prompt` is the partner's own text, `ticked` a yes/no: plain.
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { FieldCipher } from '../security/field-cipher.js';
import type { SealedColumn } from '../security/reseal.js';

export type SurveyItem = 'question_1' | 'question_2' | 'email_optin' | 'sms_optin';

export interface SurveyRecord {
  registration_id: number;
  item: SurveyItem;
  lang: string;
  prompt: string;
  answer: string | null;
  ticked: boolean | null;
  phone: string | null;
  recorded_at: number;
}

/** One item as the voter left it: a question's answer ('' = unanswered), or an opt-in's box. */
export type SurveyEntry = Omit<SurveyRecord, 'registration_id' | 'recorded_at'>;

const same = (a: SurveyEntry, b: SurveyRecord) =>
  a.lang === b.lang &&
  a.prompt === b.prompt &&
  (a.answer ?? null) === b.answer &&
  (a.ticked ?? null) === b.ticked &&
  (a.phone ?? null) === b.phone;

/** The sealed columns of registration_survey, for `rollcall keys reseal` (plain ones from before this release too). */
export const SURVEY_SEALED_COLUMNS: SealedColumn[] = (['answer', 'phone'] as const).map((column) => ({
  table: 'registration_survey',
  column,
  key: 'id',
  plaintext: true,
  replace: async (trx, id, from, to) =>
    (await trx('registration_survey')
      .where({ id, [column]: from })
      .update({ [column]: to })) === 1,
}));

const open = (cipher: FieldCipher, value: string | null): string | null => (value == null ? null : cipher.openIfSealed(value));
const seal = (cipher: FieldCipher, value: string | null): string | null => (value === null ? null : cipher.encrypt(value));

function fromDb(row: SurveyRecord, cipher: FieldCipher): SurveyRecord {
  // SQLite gives 0/1 for booleans, PostgreSQL true/false; bigint may arrive as a string.
  return {
    ...row,
    answer: open(cipher, row.answer),
    phone: open(cipher, row.phone),
    ticked: row.ticked === null ? null : Boolean(row.ticked),
    recorded_at: Number(row.recorded_at),
  };
}

export class SurveyRecords {
  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
  ) {}

  async forRegistration(registrationId: number): Promise<SurveyRecord[]> {
    return ((await this.db('registration_survey').where({ registration_id: registrationId }).orderBy('item')) as SurveyRecord[]).map((r) =>
      fromDb(r, this.cipher),
    );
  }

  /** Records keyed by registration id, for a page of the CSV export. */
  async forRegistrations(ids: number[]): Promise<Map<number, SurveyRecord[]>> {
    const out = new Map<number, SurveyRecord[]>();
    if (!ids.length) return out;
    for (const row of (await this.db('registration_survey').whereIn('registration_id', ids)) as SurveyRecord[]) {
      const list = out.get(row.registration_id) ?? [];
      list.push(fromDb(row, this.cipher));
      out.set(row.registration_id, list);
    }
    return out;
  }

  /**
   * Saves what the voter left for the items shown: an unanswered question removes its record, an
   * opt-in is recorded ticked or not. An unchanged item keeps its time (the moment of consent).
   * Inside the caller's transaction: the step's answers commit with it.
   */
  async record(trx: Knex.Transaction, registrationId: number, entries: SurveyEntry[], now: number): Promise<void> {
    const existing = new Map(
      ((await trx('registration_survey').where({ registration_id: registrationId })) as SurveyRecord[]).map((r) => [
        r.item,
        fromDb(r, this.cipher),
      ]),
    );
    for (const entry of entries) {
      const old = existing.get(entry.item);
      if (entry.item.startsWith('question_') && !entry.answer) {
        if (old) await trx('registration_survey').where({ registration_id: registrationId, item: entry.item }).delete();
        continue;
      }
      if (old && same(entry, old)) continue;
      await upsert(trx, {
        registration_id: registrationId,
        ...entry,
        answer: seal(this.cipher, entry.answer ?? null),
        ticked: entry.ticked ?? null,
        phone: seal(this.cipher, entry.phone ?? null),
        recorded_at: now,
      });
    }
  }
}

/** Purge: a registration's survey answers and opt-ins go with its personal data (inside the purge's transaction). */
export async function deleteSurveyOf(trx: Knex | Knex.Transaction, registrationId: number): Promise<void> {
  await trx('registration_survey').where({ registration_id: registrationId }).delete();
}

async function upsert(trx: Knex.Transaction, row: SurveyRecord): Promise<void> {
  await trx('registration_survey').insert(row).onConflict(['registration_id', 'item']).merge();
}
