// Scheduling mail to a voter: the one owner of the voter_mail table. A message is a voter_mail row
// (unique per registration and kind) plus a send_voter_mail job due at the same moment, both
// written in the caller's transaction, so a message exists exactly when the change that calls for
// it does (the PDF is ready, the printed form was mailed). Nothing here sends: the job does, off
// the request path, and decides at send time whether the message is still wanted.
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { JobQueue } from '../jobs/queue.js';

/** Why a voter gets a message; at most one of each per registration. */
export const VOTER_MAIL_KINDS = [
  'confirmation', // the PDF is ready: link, steps, deadline, office, resume link
  'reminder_1', // ~2 days later, unless the voter said "I mailed it" or stopped mail
  'reminder_2', // ~7 days later, likewise
  'last_reminder', // the PDF was never downloaded
  'follow_up', // stopped half-way: the resume link (at most once per 30 days per address)
  'print_mailed', // the printed form the voter asked for was mailed
  'turning_18', // under 18 in a state without pre-registration: "you can register now" (consented)
] as const;

export type VoterMailKind = (typeof VOTER_MAIL_KINDS)[number];

export class VoterMail {
  constructor(
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  /**
   * Schedules `kind` for the registration at `dueAt` (now if omitted). A second call for the same
   * registration and kind does nothing and returns false: the first schedule stands.
   */
  async schedule(trx: Knex.Transaction, registrationId: number, kind: VoterMailKind, dueAt?: number): Promise<boolean> {
    const now = this.clock.now();
    const due = dueAt ?? now;
    const inserted = (await trx('voter_mail')
      .insert({ registration_id: registrationId, kind, status: 'scheduled', due_at: due, created_at: now })
      .onConflict(['registration_id', 'kind'])
      .ignore()
      .returning('id')) as Array<{ id: number } | number>;
    if (inserted.length === 0) return false;
    const mailId = typeof inserted[0] === 'number' ? inserted[0] : inserted[0]!.id;
    const jobId = await this.queue.enqueue(trx, 'send_voter_mail', { voterMailId: mailId }, undefined, due);
    await trx('voter_mail').where({ id: mailId }).update({ job_id: jobId });
    return true;
  }

  /**
   * Cancels the registration's scheduled messages of these kinds (all kinds if omitted), in the
   * caller's transaction: the voter stopped mail, said they mailed the form, asked for a printed
   * one, or the registration is purged. Their jobs are deleted with them. Returns how many.
   */
  async cancel(trx: Knex.Transaction, registrationId: number, kinds?: readonly VoterMailKind[]): Promise<number> {
    let scheduled = trx('voter_mail').where({ registration_id: registrationId, status: 'scheduled' });
    if (kinds) scheduled = scheduled.whereIn('kind', kinds);
    const rows = (await scheduled.clone().select('id', 'job_id')) as Array<{ id: number; job_id: number | null }>;
    if (rows.length === 0) return 0;
    const jobIds = rows.map((r) => r.job_id).filter((id): id is number => id !== null);
    await this.queue.discardQueued(trx, jobIds);
    await trx('voter_mail')
      .whereIn(
        'id',
        rows.map((r) => r.id),
      )
      .update({ status: 'cancelled' });
    return rows.length;
  }
}
