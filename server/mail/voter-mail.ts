// Scheduling mail to a voter: the one owner of the voter_mail table. A message is a voter_mail row
// (unique per registration and kind) plus a send_voter_mail job due at the same moment, both
// written in the caller's transaction, so a message exists exactly when the change that calls for
// it does (the PDF is ready, the printed form was mailed). Nothing here sends: the job does, off
// the request path, and decides at send time whether the message is still wanted.
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Job, JobQueue } from '../jobs/queue.js';
import type { JobHandler, JobResult } from '../jobs/runner.js';

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

/** The messages that stop once the voter says "I mailed it". */
export const REMINDER_KINDS = ['reminder_1', 'reminder_2', 'last_reminder'] as const satisfies readonly VoterMailKind[];

export type VoterMailStatus = 'scheduled' | 'sent' | 'cancelled' | 'dead';

export interface VoterMailRow {
  id: number;
  registration_id: number;
  kind: VoterMailKind;
  status: VoterMailStatus;
  due_at: number;
  job_id: number | null;
  sent_at: number | null;
  created_at: number;
}

/** When the reminders go, after the PDF is ready (config: VOTER_MAIL_*_DAYS). */
export interface FollowThroughDelays {
  reminder1Ms: number;
  reminder2Ms: number;
  lastReminderMs: number;
}

const DAY_MS = 24 * 60 * 60_000;
export const DEFAULT_DELAYS: FollowThroughDelays = { reminder1Ms: 2 * DAY_MS, reminder2Ms: 7 * DAY_MS, lastReminderMs: 10 * DAY_MS };

/** Purge: a registration's messages and their jobs (queued, running or done) go with its personal data. */
export async function deleteVoterMailOf(trx: Knex.Transaction, queue: JobQueue, registrationId: number): Promise<void> {
  const rows = (await trx('voter_mail').where({ registration_id: registrationId }).select('job_id')) as Array<{ job_id: number | null }>;
  await queue.deleteJobs(
    trx,
    rows.map((r) => r.job_id).filter((id): id is number => id !== null),
    'all',
  );
  await trx('voter_mail').where({ registration_id: registrationId }).delete();
}

export class VoterMail {
  constructor(
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly delays: FollowThroughDelays = DEFAULT_DELAYS,
  ) {}

  byId(db: Knex | Knex.Transaction, id: number): Promise<VoterMailRow | undefined> {
    return db<VoterMailRow>('voter_mail').where({ id }).first();
  }

  /** A registration's messages, oldest first (tests and the admin's view). */
  forRegistration(db: Knex | Knex.Transaction, registrationId: number): Promise<VoterMailRow[]> {
    return db<VoterMailRow>('voter_mail').where({ registration_id: registrationId }).orderBy('due_at').orderBy('id');
  }

  /**
   * The PDF is ready (at `readyAt`): the confirmation now, the reminders later. Each kind once
   * per registration (schedule is a no-op the second time), so a render job redone changes nothing.
   */
  async scheduleFollowThrough(trx: Knex.Transaction, registrationId: number, readyAt: number): Promise<void> {
    await this.schedule(trx, registrationId, 'confirmation', readyAt);
    await this.schedule(trx, registrationId, 'reminder_1', readyAt + this.delays.reminder1Ms);
    await this.schedule(trx, registrationId, 'reminder_2', readyAt + this.delays.reminder2Ms);
    await this.schedule(trx, registrationId, 'last_reminder', readyAt + this.delays.lastReminderMs);
  }

  /**
   * Wraps the render_pdf handler (like Webhooks.aroundRender): in the transaction that marks the
   * PDF ready and completes the job, the follow-through is scheduled, for a registration with an
   * address whose mail is on. So the messages exist exactly when the ready PDF does.
   */
  aroundRender(render: JobHandler): JobHandler {
    return async (job: Job): Promise<JobResult | void> => {
      const result = await render(job);
      if (!result?.finish) return result;
      const finish = result.finish.bind(result);
      const registrationId = Number(job.payload.registrationId);
      return {
        ...result,
        finish: async (trx) => {
          await finish(trx);
          const row = (await trx('registrations')
            .where({ id: registrationId })
            .first('status', 'email', 'voter_mail_enabled', 'mail_stopped_at', 'pdf_ready_at')) as
            | { status: string; email: string | null; voter_mail_enabled: unknown; mail_stopped_at: unknown; pdf_ready_at: unknown }
            | undefined;
          if (row?.status === 'pdf_ready' && row.email && Boolean(row.voter_mail_enabled) && row.mail_stopped_at == null)
            await this.scheduleFollowThrough(trx, registrationId, Number(row.pdf_ready_at ?? this.clock.now()));
        },
      };
    };
  }

  /**
   * The message went (the SMTP server took it): recorded in the transaction that completes its
   * job. A message cancelled while it was being sent is recorded as sent, which it was.
   */
  async markSent(trx: Knex.Transaction, id: number, at: number): Promise<boolean> {
    return (
      (await trx('voter_mail').where({ id }).whereIn('status', ['scheduled', 'cancelled']).update({ status: 'sent', sent_at: at })) > 0
    );
  }

  /** Not wanted any more (decided at send time): the job completes without sending. */
  async markCancelled(trx: Knex.Transaction, id: number): Promise<boolean> {
    return (await trx('voter_mail').where({ id, status: 'scheduled' }).update({ status: 'cancelled' })) > 0;
  }

  /** Its job used up every attempt: `dead` here too, in the transaction that marks the job dead. */
  async markDead(trx: Knex.Transaction, id: number): Promise<boolean> {
    return (await trx('voter_mail').where({ id, status: 'scheduled' }).update({ status: 'dead' })) > 0;
  }

  /** When this address (by its HMACs: one per configured key) last got a follow-up, if ever. */
  async followUpSentAt(db: Knex | Knex.Transaction, addressHmacs: readonly string[]): Promise<number | undefined> {
    const row = (await db('voter_mail_follow_ups').whereIn('address_hmac', addressHmacs).max({ sent_at: 'sent_at' }).first()) as
      { sent_at: unknown } | undefined;
    return row?.sent_at == null ? undefined : Number(row.sent_at);
  }

  /**
   * Reserves the address for this follow-up before it is sent, in one statement: it takes the
   * address's record if there is none, if the last follow-up is older than `everyMs`, or if this
   * message already holds it (a retry of its own job). Two registrations' follow-ups to one address
   * due at once (the runner was down) can therefore never both be sent: the second finds the
   * first's reservation. Returns whether this message holds it. A message that then fails for
   * good keeps the address for `everyMs` without having reached it: rarer and kinder than a double.
   */
  async reserveFollowUp(db: Knex, addressHmac: string, voterMailId: number, everyMs: number): Promise<boolean> {
    const now = this.clock.now();
    const held = (await db('voter_mail_follow_ups')
      .insert({ address_hmac: addressHmac, sent_at: now, voter_mail_id: voterMailId })
      .onConflict('address_hmac')
      .merge({ sent_at: now, voter_mail_id: voterMailId })
      .where((w) =>
        w.where('voter_mail_follow_ups.sent_at', '<=', now - everyMs).orWhere('voter_mail_follow_ups.voter_mail_id', voterMailId),
      )
      .returning('voter_mail_id')) as Array<{ voter_mail_id: unknown }>;
    return held.length === 1 && Number(held[0]!.voter_mail_id) === voterMailId;
  }

  /** Follow-up records older than the 30-day rule decide nothing: swept (maintenance). */
  async sweepFollowUps(db: Knex, olderThanMs: number): Promise<number> {
    return db('voter_mail_follow_ups')
      .where('sent_at', '<', this.clock.now() - olderThanMs)
      .delete();
  }

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
    await this.queue.deleteJobs(trx, jobIds, 'queued');
    await trx('voter_mail')
      .whereIn(
        'id',
        rows.map((r) => r.id),
      )
      .update({ status: 'cancelled' });
    return rows.length;
  }
}
