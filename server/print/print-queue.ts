// The print queue: the one owner of print_requests, print_batches, print_batch_items and
// print_settings (lint/table-owners.js). Every transition is one transaction, so a node killed at
// any moment leaves the queue either before or after it: a voter's request (with the cancelling
// of their reminders), a batch taking the oldest waiting requests, a reprint, a batch marked
// mailed (with each voter's print_mailed message). A request enters one batch; only reprint()
// puts it in another, and only when asked for by name.
// The voter's mailing address is sealed at rest (ASVS 6.1.1): street, unit and city are written
// sealed (field-cipher) and opened as they are read, here only; a value written before this
// release is plain text and read as it is until `rollcall keys reseal` seals it
// (PRINT_SEALED_COLUMNS). State and ZIP stay plain: they are the queue's aggregate dimensions (the
// desk's count per state), name no voter alone, and are what the post office sorts by.
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import { isPostgres, type Db } from '../db/connect.js';
import type { VoterMail } from '../mail/voter-mail.js';
import type { RegistrationRecords, RegistrationRow } from '../registrations/registration-records.js';
import type { FieldCipher } from '../security/field-cipher.js';
import type { SealedColumn } from '../security/reseal.js';

export type PrintStatus = 'waiting' | 'batched' | 'mailed';
export const PRINT_STATUSES: readonly PrintStatus[] = ['waiting', 'batched', 'mailed'];

/** Where the printed form goes: the fields of the form's own address. */
export interface MailingAddress {
  street: string;
  unit?: string;
  city: string;
  state: string;
  zip: string;
}

export interface PrintRequestRow {
  id: number;
  registration_id: number;
  /** Who prints it: null for Rollcall's staff, else the partner that prints its own voters' forms. */
  printer_partner_id: string | null;
  status: PrintStatus;
  street: string;
  unit: string | null;
  city: string;
  state: string;
  zip: string;
  requested_at: number;
  batch_id: number | null;
  mailed_at: number | null;
}

export interface PrintBatchRow {
  id: number;
  printer_partner_id: string | null;
  count: number;
  reprint_of: number | null;
  created_at: number;
  created_by: number;
  mailed_at: number | null;
  mailed_by: number | null;
}

/** One line of a batch: the request, the registration's reference and name (for the cover sheet and the page). */
export interface BatchItem {
  position: number;
  request: PrintRequestRow;
  uid: string;
  firstName: string | null;
  lastName: string | null;
  stateCode: string | null;
}

export interface PrintSettings {
  /** The end page offers "mail me a printed form" to this partner's voters (default yes). */
  offerEnabled: boolean;
  /** The partner prints and mails its own voters' forms (its portal shows their queue; default no). */
  printsOwn: boolean;
}

export interface QueueSummary {
  waiting: number;
  oldestWaitingAt: number | null;
  byStatus: Record<PrintStatus, number>;
  /** Waiting requests by the voter's state (two-letter code), most first. */
  waitingByState: Array<{ state: string; count: number }>;
}

/** The queue one desk sees: Rollcall's (null) or one partner's. */
export type Printer = string | null;

/** The sealed columns of print_requests, for `rollcall keys reseal` (plain ones from before this release too). */
export const PRINT_SEALED_COLUMNS: SealedColumn[] = (['street', 'unit', 'city'] as const).map((column) => ({
  table: 'print_requests',
  column,
  key: 'id',
  plaintext: true,
  replace: async (trx, id, from, to) =>
    (await trx('print_requests')
      .where({ id, [column]: from })
      .update({ [column]: to })) === 1,
}));

const DEFAULT_SETTINGS: PrintSettings = { offerEnabled: true, printsOwn: false };

/** The voter's reminders stop once a printed form is on its way: they would tell them to print. */
export const REMINDERS_CANCELLED_BY_PRINT = ['reminder_1', 'reminder_2', 'last_reminder'] as const;

const ofPrinter = (q: Knex.QueryBuilder, printer: Printer, column = 'printer_partner_id') =>
  printer === null ? q.whereNull(column) : q.where(column, printer);

const num = (v: unknown): number => Number(v ?? 0);

function asBatch(row: Record<string, unknown>): PrintBatchRow {
  return {
    id: num(row.id),
    printer_partner_id: (row.printer_partner_id as string | null) ?? null,
    count: num(row.count),
    reprint_of: row.reprint_of === null || row.reprint_of === undefined ? null : num(row.reprint_of),
    created_at: num(row.created_at),
    created_by: num(row.created_by),
    mailed_at: row.mailed_at === null || row.mailed_at === undefined ? null : num(row.mailed_at),
    mailed_by: row.mailed_by === null || row.mailed_by === undefined ? null : num(row.mailed_by),
  };
}

export class PrintQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly voterMail: Pick<VoterMail, 'cancel' | 'schedule'>,
    private readonly cipher: FieldCipher,
    /** The registrations table's owner opens the voters' names (sealed at rest) on a batch's lines. */
    private readonly registrations: Pick<RegistrationRecords, 'open'>,
  ) {}

  /** A partner's choices; voters without a partner get the defaults (offered, printed by Rollcall). */
  async settingsOf(partnerId: string | null): Promise<PrintSettings> {
    if (!partnerId) return DEFAULT_SETTINGS;
    const row = await this.db('print_settings').where({ partner_id: partnerId }).first();
    return row ? { offerEnabled: Boolean(row.offer_enabled), printsOwn: Boolean(row.prints_own) } : DEFAULT_SETTINGS;
  }

  /**
   * Saves a partner's choices. Requests still waiting follow the "prints own" choice at once (in
   * the same transaction), so none is stranded in a queue nobody looks at; batched ones stay with
   * whoever made the batch.
   */
  async setSettings(partnerId: string, settings: PrintSettings): Promise<void> {
    await this.db.transaction(async (trx) => {
      await trx('print_settings')
        .insert({
          partner_id: partnerId,
          offer_enabled: settings.offerEnabled,
          prints_own: settings.printsOwn,
          updated_at: this.clock.now(),
        })
        .onConflict('partner_id')
        .merge();
      await trx('print_requests')
        .where('status', 'waiting')
        .whereIn('registration_id', trx('registrations').select('id').where('partner_id', partnerId))
        .update({ printer_partner_id: settings.printsOwn ? partnerId : null });
    });
  }

  async requestOf(registrationId: number): Promise<PrintRequestRow | undefined> {
    const row = (await this.db('print_requests').where({ registration_id: registrationId }).first()) as PrintRequestRow | undefined;
    return row ? normalizeRequest(row, this.cipher) : undefined;
  }

  /**
   * The voter asks for a printed form, in one transaction: the request (one per registration; a
   * second ask while it waits corrects the address, after that changes nothing) and the
   * cancelling of their pending reminders. `queued` is false when it was already queued.
   */
  async request(
    registration: Pick<RegistrationRow, 'id' | 'partner_id'>,
    address: MailingAddress,
  ): Promise<{ queued: boolean; request: PrintRequestRow }> {
    const settings = await this.settingsOf(registration.partner_id);
    const now = this.clock.now();
    const columns = {
      street: this.cipher.encrypt(address.street),
      unit: address.unit ? this.cipher.encrypt(address.unit) : null,
      city: this.cipher.encrypt(address.city),
      state: address.state,
      zip: address.zip,
    };
    return this.db.transaction(async (trx) => {
      const inserted = (await trx('print_requests')
        .insert({
          registration_id: registration.id,
          printer_partner_id: settings.printsOwn ? registration.partner_id : null,
          status: 'waiting',
          requested_at: now,
          ...columns,
        })
        .onConflict('registration_id')
        .ignore()
        .returning('id')) as unknown[];
      const queued = inserted.length > 0;
      if (!queued) await trx('print_requests').where({ registration_id: registration.id, status: 'waiting' }).update(columns);
      await this.voterMail.cancel(trx, registration.id, REMINDERS_CANCELLED_BY_PRINT);
      const row = (await trx('print_requests').where({ registration_id: registration.id }).first()) as PrintRequestRow;
      return { queued, request: normalizeRequest(row, this.cipher) };
    });
  }

  async summary(printer: Printer): Promise<QueueSummary> {
    const counts = (await ofPrinter(this.db('print_requests'), printer).select('status').count({ n: '*' }).groupBy('status')) as Array<{
      status: PrintStatus;
      n: unknown;
    }>;
    const byStatus = { waiting: 0, batched: 0, mailed: 0 } as Record<PrintStatus, number>;
    for (const c of counts) byStatus[c.status] = num(c.n);
    const oldest = (await ofPrinter(this.db('print_requests'), printer).where('status', 'waiting').min({ at: 'requested_at' }).first()) as
      { at: unknown } | undefined;
    const states = (await ofPrinter(this.db('print_requests'), printer)
      .where('status', 'waiting')
      .select('state')
      .count({ n: '*' })
      .groupBy('state')
      .orderBy([{ column: 'n', order: 'desc' }, 'state'])) as Array<{ state: string; n: unknown }>;
    return {
      waiting: byStatus.waiting,
      oldestWaitingAt: oldest?.at === null || oldest?.at === undefined ? null : num(oldest.at),
      byStatus,
      waitingByState: states.map((s) => ({ state: s.state, count: num(s.n) })),
    };
  }

  /** The desk's batches, newest first. */
  async batches(printer: Printer, limit = 50): Promise<PrintBatchRow[]> {
    const rows = await ofPrinter(this.db('print_batches'), printer).select('*').orderBy('id', 'desc').limit(limit);
    return (rows as Array<Record<string, unknown>>).map(asBatch);
  }

  async batch(id: number): Promise<PrintBatchRow | undefined> {
    const row = (await this.db('print_batches').where({ id }).first()) as Record<string, unknown> | undefined;
    return row ? asBatch(row) : undefined;
  }

  /** A batch's lines in print order, `limit` from position `after` (the PDF reads them in chunks). */
  async batchItems(batchId: number, after = -1, limit = 1000): Promise<BatchItem[]> {
    const rows = (await this.db('print_batch_items as i')
      .join('print_requests as p', 'p.id', 'i.request_id')
      .join('registrations as r', 'r.id', 'p.registration_id')
      .where('i.batch_id', batchId)
      .andWhere('i.position', '>', after)
      .orderBy('i.position')
      .limit(limit)
      .select('i.position', 'p.*', 'r.uid', 'r.first_name', 'r.last_name', 'r.state_code')) as Array<
      PrintRequestRow & { position: number; uid: string; first_name: string | null; last_name: string | null; state_code: string | null }
    >;
    return rows.map((r) => {
      const names = this.registrations.open({ first_name: r.first_name, last_name: r.last_name });
      return {
        position: num(r.position),
        request: normalizeRequest(r, this.cipher),
        uid: r.uid,
        firstName: names.first_name ?? null,
        lastName: names.last_name ?? null,
        stateCode: r.state_code,
      };
    });
  }

  /**
   * A batch of the desk's oldest waiting requests (`limit` of them, or all), in one transaction:
   * each taken request is marked batched with this batch's id, so no other batch can take it.
   * Null when nothing is waiting.
   */
  async createBatch(printer: Printer, userId: number, limit: number | null): Promise<PrintBatchRow | null> {
    return this.db.transaction(async (trx) => {
      let waiting = ofPrinter(trx('print_requests'), printer)
        .select('id')
        .where('status', 'waiting')
        .orderBy([{ column: 'requested_at' }, { column: 'id' }]);
      if (limit !== null) waiting = waiting.limit(limit);
      if (isPostgres(this.db)) waiting = waiting.forUpdate().skipLocked();
      const ids = ((await waiting) as Array<{ id: unknown }>).map((r) => num(r.id));
      if (ids.length === 0) return null;
      const batchId = await this.insertBatch(trx, printer, ids.length, userId, null);
      const taken = await trx('print_requests')
        .whereIn('id', ids)
        .andWhere('status', 'waiting')
        .update({ status: 'batched', batch_id: batchId });
      if (taken !== ids.length) throw new Error('print queue: requests changed while a batch was made; nothing was batched');
      await this.insertItems(trx, batchId, ids);
      return asBatch((await trx('print_batches').where({ id: batchId }).first()) as Record<string, unknown>);
    });
  }

  /**
   * An explicit reprint: a new batch (reprint_of the given one) of the chosen requests of that
   * batch. Requests not in it, or never batched, are ignored. Null when none of them qualifies.
   */
  async reprint(batchId: number, requestIds: readonly number[], userId: number): Promise<PrintBatchRow | null> {
    return this.db.transaction(async (trx) => {
      const original = (await trx('print_batches').where({ id: batchId }).first()) as Record<string, unknown> | undefined;
      if (!original || requestIds.length === 0) return null;
      const ids = (
        (await trx('print_batch_items')
          .where('batch_id', batchId)
          .whereIn('request_id', [...requestIds])
          .orderBy('position')
          .select('request_id')) as Array<{ request_id: unknown }>
      ).map((r) => num(r.request_id));
      if (ids.length === 0) return null;
      const id = await this.insertBatch(trx, asBatch(original).printer_partner_id, ids.length, userId, batchId);
      await this.insertItems(trx, id, ids);
      return asBatch((await trx('print_batches').where({ id }).first()) as Record<string, unknown>);
    });
  }

  /**
   * The batch went into the mail: records when and by whom, marks its requests mailed and
   * schedules each voter's print_mailed message, all in one transaction. A batch is marked once;
   * `marked` is false when it already was. A voter already told (a reprint) is not told again.
   */
  async markMailed(batchId: number, userId: number): Promise<{ marked: boolean; scheduled: number }> {
    const now = this.clock.now();
    return this.db.transaction(async (trx) => {
      const marked = await trx('print_batches').where({ id: batchId }).whereNull('mailed_at').update({ mailed_at: now, mailed_by: userId });
      if (marked === 0) return { marked: false, scheduled: 0 };
      const requests = (await trx('print_batch_items as i')
        .join('print_requests as p', 'p.id', 'i.request_id')
        .where('i.batch_id', batchId)
        .select('p.id', 'p.registration_id')) as Array<{ id: unknown; registration_id: unknown }>;
      let scheduled = 0;
      for (const r of requests) {
        await trx('print_requests')
          .where({ id: num(r.id) })
          .update({ status: 'mailed', mailed_at: now });
        if (await this.voterMail.schedule(trx, num(r.registration_id), 'print_mailed')) scheduled++;
      }
      return { marked: true, scheduled };
    });
  }

  private async insertBatch(trx: Knex.Transaction, printer: Printer, count: number, userId: number, reprintOf: number | null) {
    const [inserted] = (await trx('print_batches')
      .insert({ printer_partner_id: printer, count, reprint_of: reprintOf, created_at: this.clock.now(), created_by: userId })
      .returning('id')) as Array<{ id: unknown } | number>;
    return typeof inserted === 'number' ? inserted : num(inserted!.id);
  }

  private async insertItems(trx: Knex.Transaction, batchId: number, ids: readonly number[]) {
    const rows = ids.map((requestId, position) => ({ batch_id: batchId, request_id: requestId, position }));
    // SQLite takes at most 999 bound values per statement in older builds: 3 columns, 300 rows.
    for (let i = 0; i < rows.length; i += 300) await trx('print_batch_items').insert(rows.slice(i, i + 300));
  }
}

/** The purge: a registration's print request (the address it holds) and its batch lines go with it. */
export async function deletePrintRequestsOf(trx: Knex.Transaction, registrationId: number): Promise<number> {
  const ids = trx('print_requests').select('id').where({ registration_id: registrationId });
  await trx('print_batch_items').whereIn('request_id', ids).delete();
  return trx('print_requests').where({ registration_id: registrationId }).delete();
}

function normalizeRequest(row: PrintRequestRow, cipher: FieldCipher): PrintRequestRow {
  return {
    id: num(row.id),
    registration_id: num(row.registration_id),
    printer_partner_id: row.printer_partner_id ?? null,
    status: row.status,
    street: cipher.openIfSealed(row.street),
    unit: row.unit === null || row.unit === undefined ? null : cipher.openIfSealed(row.unit),
    city: cipher.openIfSealed(row.city),
    state: row.state,
    zip: row.zip,
    requested_at: num(row.requested_at),
    batch_id: row.batch_id === null || row.batch_id === undefined ? null : num(row.batch_id),
    mailed_at: row.mailed_at === null || row.mailed_at === undefined ? null : num(row.mailed_at),
  };
}
