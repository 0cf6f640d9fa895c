// The one writer of `election_office_corrections`: admins' corrections of an office's address,
// appended, never changed (see the migration). The office in force at a time is the source's, or
// the newest correction made at or before that time.
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { Office } from './types.js';

/** What an admin may correct. Empty `street2` and `phone` mean none. */
export interface OfficeFields {
  addressee: string;
  street1: string;
  street2: string;
  city: string;
  zip: string;
  phone: string;
}

export interface Correction extends OfficeFields {
  id: number;
  office_key: string;
  restored: boolean;
  user_id: number;
  created_at: number;
}

export function fieldsOf(office: Office): OfficeFields {
  return {
    addressee: office.addressee,
    street1: office.street[0] ?? '',
    street2: office.street[1] ?? '',
    city: office.city,
    zip: office.zip,
    phone: office.phone ?? '',
  };
}

/** The office with a correction applied. */
export function applyCorrection(office: Office, c: OfficeFields): Office {
  const { phone: _phone, ...rest } = office;
  return {
    ...rest,
    addressee: c.addressee,
    street: [c.street1, c.street2].filter(Boolean),
    city: c.city,
    zip: c.zip,
    ...(c.phone ? { phone: c.phone } : {}),
  };
}

const fromRow = (row: Correction): Correction => ({ ...row, restored: Boolean(row.restored), created_at: Number(row.created_at) });

export class OfficeCorrections {
  constructor(private readonly db: Db) {}

  async add(trx: Knex.Transaction | Db, key: string, fields: OfficeFields, restored: boolean, userId: number, now: number): Promise<void> {
    await trx('election_office_corrections').insert({ office_key: key, restored, ...fields, user_id: userId, created_at: now });
  }

  /** The correction in force at `asOf` (the newest at or before it), or undefined: the source's office. */
  async inForce(key: string, asOf: number): Promise<Correction | undefined> {
    const row = (await this.db('election_office_corrections')
      .where('office_key', key)
      .andWhere('created_at', '<=', asOf)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .first()) as Correction | undefined;
    return row && !row.restored ? fromRow(row) : undefined;
  }

  /** An office's corrections, newest first. */
  async history(key: string): Promise<Correction[]> {
    const rows = (await this.db('election_office_corrections')
      .where('office_key', key)
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])) as Correction[];
    return rows.map(fromRow);
  }

  /** The keys of every office with a correction in force now (for the admin list). */
  async correctedKeys(): Promise<Set<string>> {
    const rows = (await this.db('election_office_corrections').select('office_key', 'restored', 'id').orderBy('id')) as Array<{
      office_key: string;
      restored: boolean | number;
    }>;
    const corrected = new Set<string>();
    for (const row of rows) {
      if (row.restored) corrected.delete(row.office_key);
      else corrected.add(row.office_key);
    }
    return corrected;
  }
}
