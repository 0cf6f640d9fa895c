// The send_voter_mail job: sends one voter_mail row's message, or decides it is no longer wanted.
//
// Exactly once, as far as SMTP allows. The message is recorded `sent` in the transaction that
// completes its job (JobResult.finish), and a job whose row is no longer `scheduled` sends
// nothing. So a job redone after a crash, a node kill or an expired lease sends again only if the
// crash fell between the SMTP server accepting the message and that commit (milliseconds). That
// window cannot be closed (the SMTP server and the database share no transaction); it is
// narrowed by checking, just before sending, that this attempt still holds the job's lease, and
// mitigated by the Message-ID: derived from the registration and the kind, the same on every
// attempt, so a duplicate is recognisably the same message (and mail systems that de-duplicate
// on it drop it). Retries with backoff come from the queue; the last failed attempt ends `dead`
// in jobs and voter_mail in one transaction (onDead). docs/voter-mail.md tells it in full.
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { Job } from '../jobs/queue.js';
import type { JobResult } from '../jobs/runner.js';
import type { Logger } from '../logger.js';
import { paths } from '../paths.js';
import { mailingSteps } from '../registrations/mailing-steps.js';
import { parseAnswers, type RegistrationRow } from '../registrations/registration-records.js';
import type { RegistrationService } from '../registrations/service.js';
import type { MailLinks } from './mail-links.js';
import type { Mailer } from './mailer.js';
import { formatDay, voterMessage, type MessageFacts } from './messages.js';
import { stateOfRow } from './office.js';
import type { ElectionOffices } from '../offices/offices.js';
import { renderHtml, renderText } from './render.js';
import type { VoterMail, VoterMailRow } from './voter-mail.js';

/** At most one follow-up per address in this time. */
export const FOLLOW_UP_EVERY_MS = 30 * 24 * 60 * 60_000;

export interface VoterMailSenderDeps {
  db: Db;
  clock: Clock;
  voterMail: VoterMail;
  links: MailLinks;
  registrations: RegistrationService;
  mailer: Mailer;
  /** Absolute links start with it (https in production: List-Unsubscribe must be https). */
  baseUrl: string;
  /** Keys the Message-ID and the follow-up record's address HMAC (derived from the app key). */
  mailKey: Buffer;
  /** The same, derived from each APP_KEY_PREVIOUS: the 30-day follow-up rule still knows addresses mailed before a key rotation. */
  previousMailKeys?: readonly Buffer[];
  logger: Logger;
  /** Where the form goes: the voter's county or town office, else the state's (server/offices/). */
  offices: Pick<ElectionOffices, 'officeFor'>;
}

/** The key of the follow-up records' address HMAC and the Message-ID, derived from APP_KEY. */
export function voterMailKeyFrom(appKey: Buffer): Buffer {
  return crypto.createHmac('sha256', appKey).update('rollcall voter mail v1').digest();
}

/** The address as the follow-up rule compares it: trimmed, lower case. */
export const normaliseAddress = (address: string): string => address.trim().toLowerCase();

export class VoterMailSender {
  constructor(private readonly deps: VoterMailSenderDeps) {}

  /** HMAC of the normalised address: the follow-up record never holds the address. */
  addressHmac(address: string, key: Buffer = this.deps.mailKey): string {
    return crypto
      .createHmac('sha256', key)
      .update(`follow-up|${normaliseAddress(address)}`)
      .digest('hex');
  }

  /** The address's HMAC under the current mail key, then under each previous one (a key rotation). */
  private addressHmacs(address: string): string[] {
    return [this.deps.mailKey, ...(this.deps.previousMailKeys ?? [])].map((k) => this.addressHmac(address, k));
  }

  /** The same on every attempt for one registration and kind; reveals neither. */
  messageId(row: Pick<RegistrationRow, 'uid'>, kind: string): string {
    const id = crypto.createHmac('sha256', this.deps.mailKey).update(`message-id|${row.uid}|${kind}`).digest('hex').slice(0, 32);
    return `<${id}.${kind}@${new URL(this.deps.baseUrl).hostname}>`;
  }

  /** Why the message is no longer wanted, or null to send it. Decided at send time, not when scheduled. */
  async reasonNotToSend(mail: VoterMailRow, row: RegistrationRow | undefined): Promise<string | null> {
    if (!row || row.status === 'purged') return 'registration gone';
    if (!row.email) return 'no address';
    if (!row.voter_mail_enabled) return 'voter mail off for this registration';
    if (row.mail_stopped_at != null) return 'voter stopped mail';
    const formReady = row.status === 'pdf_ready' || row.status === 'accepted';
    switch (mail.kind) {
      case 'confirmation':
        return formReady ? null : 'no form';
      case 'reminder_1':
      case 'reminder_2':
      case 'last_reminder':
        if (!formReady) return 'no form';
        if (row.mailed_at != null) return 'voter mailed the form';
        if (mail.kind === 'last_reminder' && row.pdf_downloaded_at != null) return 'form was downloaded';
        return null;
      case 'follow_up': {
        if (row.status !== 'in_progress') return 'registration no longer in progress';
        if (!this.deps.registrations.resumeTokenOf(row)) return 'no resume link';
        const last = await this.deps.voterMail.followUpSentAt(this.deps.db, this.addressHmacs(row.email));
        if (last !== undefined && last > this.deps.clock.now() - FOLLOW_UP_EVERY_MS) return 'address had a follow-up in the last 30 days';
        return null;
      }
      case 'print_mailed':
      case 'turning_18':
        return null;
    }
  }

  /** The job handler. */
  readonly handle = async (job: Job): Promise<JobResult | void> => {
    const { db, voterMail, clock, logger } = this.deps;
    const mail = await voterMail.byId(db, Number(job.payload.voterMailId));
    // Sent, cancelled or purged already (a redo after the commit, a cancel racing the claim): nothing to do.
    if (!mail || mail.status !== 'scheduled') return;
    const row = await this.deps.registrations.store.byId(mail.registration_id);
    const reason = await this.reasonNotToSend(mail, row);
    if (reason || !row?.email) {
      return {
        finish: async (trx) => {
          await voterMail.markCancelled(trx, mail.id);
        },
        afterCommit: () => logger.info({ voterMailId: mail.id, kind: mail.kind, reason }, 'voter mail not sent'),
      };
    }
    // Another node took this job (our lease ran out): it sends, not us.
    if (!(await this.stillHeld(job))) throw new Error('lease lost before sending; the job is another attempt’s now');
    // The 30-day rule, made safe against two follow-ups to one address sent at once (the check above only read).
    if (mail.kind === 'follow_up' && !(await voterMail.reserveFollowUp(db, this.addressHmac(row.email), mail.id, FOLLOW_UP_EVERY_MS))) {
      return {
        finish: async (trx) => {
          await voterMail.markCancelled(trx, mail.id);
        },
        afterCommit: () =>
          logger.info({ voterMailId: mail.id, kind: mail.kind }, 'voter mail not sent: another follow-up holds the address'),
      };
    }
    const token = await this.deps.links.mint(row.id);
    const message = voterMessage(await this.factsFor(mail, row, token));
    const stopUrl = this.url(paths.mail.stop(token));
    await this.deps.mailer.send({
      to: row.email,
      subject: message.subject,
      text: renderText(message),
      html: renderHtml(message),
      messageId: this.messageId(row, mail.kind),
      headers: { 'List-Unsubscribe': `<${stopUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    const sentAt = clock.now();
    return {
      finish: async (trx: Knex.Transaction) => {
        await voterMail.markSent(trx, mail.id, sentAt);
      },
      afterCommit: () => logger.info({ voterMailId: mail.id, kind: mail.kind }, 'voter mail sent'),
    };
  };

  /** The runner's hook for a job that used up its attempts: the message is `dead` too, visibly. */
  readonly onDead = async (job: Job, trx: Knex.Transaction): Promise<void> => {
    await this.deps.voterMail.markDead(trx, Number(job.payload.voterMailId));
  };

  /** Whether this attempt still holds the job: running, not claimed again since (attempts), lease not run out. */
  private async stillHeld(job: Job): Promise<boolean> {
    const current = (await this.deps.db('jobs').where({ id: job.id }).first('status', 'attempts', 'lease_until')) as
      { status: string; attempts: unknown; lease_until: unknown } | undefined;
    return (
      current?.status === 'running' && Number(current.attempts) === job.attempts && Number(current.lease_until) > this.deps.clock.now()
    );
  }

  private url(path: string): string {
    return `${this.deps.baseUrl}${path}`;
  }

  private async factsFor(mail: VoterMailRow, row: RegistrationRow, token: string): Promise<MessageFacts> {
    const lang = row.lang;
    const state = stateOfRow(row);
    const resumeToken = this.deps.registrations.resumeTokenOf(row);
    const facts: MessageFacts = {
      kind: mail.kind,
      lang,
      firstName: row.first_name,
      linkHref: this.url(paths.mail.link(token)),
      stopHref: this.url(paths.mail.stop(token)),
      resumeHref: resumeToken ? this.url(paths.resume(resumeToken)) : undefined,
      deadline: state?.deadline[lang],
      // The voter's own county or town office, as on the PDF's mailer page (server/offices/).
      office: (await this.deps.offices.officeFor(row))?.lines,
    };
    if (mail.kind === 'confirmation' && state)
      facts.steps = mailingSteps(state, lang, parseAnswers(row), this.deps.registrations.idNumberOf(row));
    if (mail.kind === 'print_mailed') facts.mailedOn = formatDay(Number(mail.due_at), lang);
    if (mail.kind === 'turning_18') {
      const query = new URLSearchParams({ lang, ...(row.partner_id ? { partner: row.partner_id } : {}) });
      facts.startHref = `${this.url(paths.home)}?${query.toString()}`;
    }
    return facts;
  }
}
