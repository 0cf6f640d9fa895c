// Account notices (ASVS 2.2.3, 2.5.5, 2.8.5): a staff or partner user is told by mail, at their
// own address, that their password was changed, their second factor was enrolled or reset, or a
// code already used was refused on their account. So a thief who changed the password or replayed
// a code is noticed by the one person who can tell it was not them.
//
// Queued, never sent by the action: `notify` writes a send_account_notice job (the database queue
// every node reads, jobs/queue.ts) and returns; the runner's voters lane sends it, retrying with
// backoff while the mail server is away. A failure to queue is logged and swallowed: the change
// it reports has happened and the page must say so. The job holds the user's id, what happened,
// when, the browser's family and the language, never the address: it is read when the mail is
// sent, from the users table. The message holds no secret and no link (nothing in it signs in),
// and nothing about voters. Logs name the user id and the kind, never the address.
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import { isLang, mailTranslator, type Lang } from '../i18n.js';
import type { Job, JobQueue } from '../jobs/queue.js';
import type { JobResult } from '../jobs/runner.js';
import type { Logger } from '../logger.js';
import type { Mailer } from './mailer.js';

export const ACCOUNT_NOTICE_KINDS = [
  'password_changed',
  'password_reset',
  'second_factor_enrolled',
  'second_factor_reset',
  'code_replayed',
] as const;
export type AccountNoticeKind = (typeof ACCOUNT_NOTICE_KINDS)[number];

/** What the routes know when something happened to an account. */
export interface AccountEvent {
  userId: number;
  kind: AccountNoticeKind;
  /** The browser's family (http/user-agent.ts browserFamily), never the whole User-Agent. */
  browser: string;
  /** The language of the page the user was on (partner users may read Spanish); staff: 'en'. */
  lang?: Lang;
}

export interface AccountNoticeFacts {
  kind: AccountNoticeKind;
  /** 'staff' (admin, support) or 'partner': what to do if it was not them differs. */
  side: 'staff' | 'partner';
  at: number;
  browser: string;
  lang: Lang;
}

/** "Sunday, December 6, 2026" (the plain date) and "2026-12-06 05:30 UTC". */
export function noticeTimes(ms: number, lang: Lang): { day: string; utc: string } {
  const day = new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(ms));
  return { day, utc: `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC` };
}

/** The message: plain text, in the user's language; what happened, when, from what browser, what to do. */
export function accountNoticeMessage(f: AccountNoticeFacts): { subject: string; text: string } {
  const mt = mailTranslator(f.lang);
  const { day, utc } = noticeTimes(f.at, f.lang);
  const lines = [
    mt('accountNotice.greeting'),
    '',
    mt(`accountNotice.${f.kind}.what`),
    '',
    mt('accountNotice.when', { day, utc }),
    // A reset is an administrator's action: their browser says nothing to the user.
    f.kind === 'second_factor_reset' ? mt('accountNotice.byAdmin') : mt('accountNotice.browser', { browser: f.browser }),
    '',
    mt(`accountNotice.${f.kind}.ifYou`),
    '',
    mt(`accountNotice.${f.kind}.ifNotYou.${f.side}`),
    '',
    mt('accountNotice.signature'),
  ];
  return { subject: mt(`accountNotice.${f.kind}.subject`), text: `${lines.join('\n')}\n` };
}

const isKind = (value: unknown): value is AccountNoticeKind => (ACCOUNT_NOTICE_KINDS as readonly unknown[]).includes(value);

export interface AccountNoticesDeps {
  db: Db;
  clock: Clock;
  queue: Pick<JobQueue, 'enqueue'>;
  /** Wakes this node's runner after an enqueue (jobs/wake-up.ts). */
  wake: () => void;
  mailer: Mailer;
  baseUrl: string;
  logger: Logger;
}

export class AccountNotices {
  constructor(private readonly deps: AccountNoticesDeps) {}

  /**
   * Queues the notice for `event` (in `trx` when given, so it commits with the change). Never
   * throws and never waits on the mail server.
   */
  async notify(event: AccountEvent, trx?: Knex | Knex.Transaction): Promise<void> {
    const { db, clock, queue, wake, logger } = this.deps;
    try {
      await queue.enqueue(trx ?? db, 'send_account_notice', {
        user: event.userId,
        kind: event.kind,
        at: clock.now(),
        browser: event.browser.slice(0, 40),
        lang: event.lang ?? 'en',
      });
      wake();
    } catch (err) {
      logger.error(
        { user: event.userId, kind: event.kind, code: (err as { code?: string }).code ?? 'unknown' },
        'account notice not queued',
      );
    }
  }

  /** The send_account_notice job's handler. */
  readonly handle = async (job: Job): Promise<JobResult | void> => {
    const { db, mailer, logger } = this.deps;
    const { user: userId, kind, at, browser, lang } = job.payload;
    if (!isKind(kind) || typeof userId !== 'number') throw new Error('account notice job without a user or kind');
    const user = (await db('users').where({ id: userId }).first('email', 'role', 'disabled_at')) as
      { email: string; role: string; disabled_at: number | null } | undefined;
    // A user deleted or disabled since: nobody to tell (their sign-in is refused anyway).
    if (!user || user.disabled_at != null) {
      logger.info({ user: userId, kind }, 'account notice not sent: the account is gone or disabled');
      return;
    }
    const message = accountNoticeMessage({
      kind,
      side: user.role === 'partner' ? 'partner' : 'staff',
      at: Number(at),
      browser: typeof browser === 'string' && browser ? browser : 'unknown',
      lang: user.role === 'partner' && isLang(lang) ? lang : 'en',
    });
    try {
      await mailer.send({
        to: user.email,
        ...message,
        messageId: `<account-notice-${job.id}.${kind}@${new URL(this.deps.baseUrl).hostname}>`,
      });
    } catch (err) {
      // The transport's message may name the recipient: only its code reaches the job and the log.
      throw new Error(`account notice not sent (${(err as { code?: string }).code ?? 'unknown'})`);
    }
    return { afterCommit: () => logger.info({ user: userId, kind }, 'account notice sent') };
  };
}
