// The link in a voter's email: 256 random bits, stored as a SHA-256, one per message sent,
// expiring after VOTER_MAIL_LINK_DAYS (90 by default). It opens the email link page, which mints
// a fresh PDF link each time (the PDF link's 24 hours are not the voter's problem), and carries
// the voter's two answers: "I mailed it" (the reminders stop) and "stop emails" (all mail stops,
// RFC 8058 one-click too). The token is the authority: whoever holds the email may do both.
import type { Knex } from 'knex';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { GroupCommit } from '../db/group-commit.js';
import { NotFound } from '../errors.js';
import type { RegistrationRecords } from '../registrations/registration-records.js';
import { isSecretShaped, newSecret, sha256Hex } from '../security/tokens.js';
import { REMINDER_KINDS, type VoterMail } from './voter-mail.js';

/** Purge: a registration's email tokens go with its personal data (inside the purge's transaction). */
export async function deleteMailLinksOf(trx: Knex | Knex.Transaction, registrationId: number): Promise<void> {
  await trx('voter_mail_links').where({ registration_id: registrationId }).delete();
}

export class MailLinks {
  constructor(
    private readonly db: Db,
    private readonly commits: GroupCommit,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly records: RegistrationRecords,
    private readonly voterMail: VoterMail,
  ) {}

  /** A new token for one message; committed before the message is sent, so its link works when it arrives. */
  async mint(registrationId: number): Promise<string> {
    const token = newSecret();
    const now = this.clock.now();
    await this.commits.run((trx) =>
      trx('voter_mail_links').insert({
        token_hash: sha256Hex(token),
        registration_id: registrationId,
        expires_at: now + this.ttlMs,
        created_at: now,
      }),
    );
    return token;
  }

  /**
   * The registration an email's token opens. NotFound for an unknown token (or a purged
   * registration's); `expired` past its lifetime: the page then offers nothing but the stop,
   * which keeps working until the token is swept.
   */
  async open(token: string): Promise<{ registrationId: number; expired: boolean }> {
    if (!isSecretShaped(token)) throw new NotFound('No such link');
    const link = (await this.db('voter_mail_links')
      .where({ token_hash: sha256Hex(token) })
      .first('registration_id', 'expires_at')) as { registration_id: number; expires_at: unknown } | undefined;
    if (!link) throw new NotFound('No such link');
    return { registrationId: link.registration_id, expired: Number(link.expires_at) <= this.clock.now() };
  }

  /** "Stop emails": no more mail of any kind to this registration. Idempotent (the first time is kept). */
  async stop(registrationId: number): Promise<void> {
    await this.commits.run(async (trx) => {
      await this.records.markMailStopped(trx, registrationId, this.clock.now());
      await this.voterMail.cancel(trx, registrationId);
    });
  }

  /** "I mailed it": the reminders stop; the other messages (a printed form mailed) still go. Idempotent. */
  async mailed(registrationId: number): Promise<void> {
    await this.commits.run(async (trx) => {
      await this.records.markMailed(trx, registrationId, this.clock.now());
      await this.voterMail.cancel(trx, registrationId, REMINDER_KINDS);
    });
  }

  /** Tokens a year past their expiry open nothing, not even the stop: swept (maintenance). */
  async sweep(): Promise<number> {
    return this.db('voter_mail_links')
      .where('expires_at', '<', this.clock.now() - 365 * 24 * 60 * 60_000)
      .delete();
  }
}
