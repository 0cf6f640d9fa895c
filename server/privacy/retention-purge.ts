// After RETENTION_DAYS a registration's PDF is deleted from every volume and its personal data
// wiped; a voter who asks (the erase page, or staff on their behalf) gets the same at once
// (eraseOne, ASVS 8.3.2). What stays is anonymous: state, partner, channel, language, dates, status — enough for
// partner statistics, nothing that names a voter. Abandoned, never-submitted registrations go too,
// and so do the partner survey answers and opt-ins recorded with them, and the voter's mail
// (queued messages, send records, email link tokens).
import type { Storage } from '@rollcall/storage';
import type { Clock } from '../clock.js';
import { isPostgres, type Db } from '../db/connect.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Logger } from '../logger.js';
import { deleteMailLinksOf } from '../mail/mail-links.js';
import { deleteVoterMailOf } from '../mail/voter-mail.js';
import { deleteLinksOf } from '../registrations/download-links.js';
import { deleteIdempotencyKeysOf } from '../registrations/idempotency.js';
import type { RegistrationRecords } from '../registrations/registration-records.js';
import { deleteSurveyOf } from '../registrations/survey-records.js';
import { deletePrintRequestsOf } from '../print/print-queue.js';
import { forgetRestoresOf } from '../storage-host/repair-queue.js';

export interface PurgeReport {
  dryRun: boolean;
  cutoff: string;
  registrations: number;
  pdfs: number;
}

const BATCH = 200;

export class Purger {
  constructor(
    private readonly db: Db,
    /** The table's owner does the wiping. */
    private readonly records: RegistrationRecords,
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly retentionDays: number,
    private readonly logger: Logger,
    /** The job queue's owner deletes the voter's queued mail jobs. */
    private readonly queue: JobQueue,
  ) {}

  private cutoff(): number {
    return this.clock.now() - this.retentionDays * 24 * 60 * 60_000;
  }

  /**
   * Registrations past retention, except those whose voter, under 18, asked to be told when they
   * can register (turning_18 still scheduled): the consent is to keep the address until that day,
   * months past RETENTION_DAYS. Once the message is sent (or stopped), the next round purges them.
   */
  private due() {
    return this.db('registrations')
      .whereNull('purged_at')
      .andWhere('created_at', '<', this.cutoff())
      .whereNotExists(
        this.db('voter_mail')
          .select(this.db.raw('1'))
          .whereRaw('voter_mail.registration_id = registrations.id')
          .andWhere({ kind: 'turning_18', status: 'scheduled' }),
      );
  }

  async run(options: { dryRun: boolean }): Promise<PurgeReport> {
    const cutoff = this.cutoff();
    const report: PurgeReport = { dryRun: options.dryRun, cutoff: new Date(cutoff).toISOString(), registrations: 0, pdfs: 0 };
    if (options.dryRun) {
      const [counts] = (await this.due().select(this.db.raw('count(*) as n'), this.db.raw('count(pdf_key) as pdfs'))) as Array<{
        n: number | string;
        pdfs: number | string;
      }>;
      report.registrations = Number(counts?.n ?? 0);
      report.pdfs = Number(counts?.pdfs ?? 0);
      return report;
    }
    for (;;) {
      const batch = (await this.due().select('id', 'pdf_key', 'status').orderBy('id').limit(BATCH)) as Array<{
        id: number;
        pdf_key: string | null;
        status: string;
      }>;
      if (batch.length === 0) break;
      for (const row of batch) {
        if (await this.purgeRow(row, { keepResumeHash: false })) report.pdfs++;
        report.registrations++;
      }
    }
    if (report.registrations) {
      await this.eraseOldPageVersions();
      this.logger.info({ registrations: report.registrations, pdfs: report.pdfs }, 'purged personal data past retention');
    }
    return report;
  }

  /**
   * One registration, at the voter's request (the voter's erase page, or staff on the voter's
   * behalf): the same wiping as the purge past retention (purgeRow), at once. The row keeps its
   * resume hash (the SHA-256 of the link's random token, nothing personal) so the voter's link can
   * answer "this registration was deleted" rather than "not valid". False when there was nothing
   * left to erase (unknown, or purged already).
   */
  async eraseOne(registrationId: number): Promise<boolean> {
    const row = (await this.db('registrations').where({ id: registrationId }).whereNull('purged_at').first('id', 'pdf_key', 'status')) as
      { id: number; pdf_key: string | null; status: string } | undefined;
    if (!row) return false;
    const pdf = await this.purgeRow(row, { keepResumeHash: true });
    await this.eraseOldPageVersions();
    this.logger.info({ registrations: 1, pdfs: pdf ? 1 : 0 }, 'erased one registration on request');
    return true;
  }

  /**
   * One registration's PDF on every volume and its personal data in every table, for the purge and
   * an erase alike. True when it had a PDF key.
   *
   * The PDF is deleted first: if this node dies here, the row is still due and the next run
   * retries. A volume that cannot be reached gets a delete entry in the repair queue (storage
   * handles it, and the entry stays a delete: repair-queue.ts). The key's pending *restore*
   * entries go in the same transaction as the row: a restore queued earlier for another volume
   * (a put or a read that missed it) would otherwise copy the PDF back there from the volume that
   * was down during the delete, once it returns with its copy, before its own delete entry runs.
   * The delete is sent again after the commit: a render job that stored the PDF between the first
   * delete and the commit (a voter who erases at once) leaves no copy; one that stores it after the
   * commit deletes it itself (PdfService.runRenderJob).
   */
  private async purgeRow(row: { id: number; pdf_key: string | null }, options: { keepResumeHash: boolean }): Promise<boolean> {
    if (row.pdf_key) await this.storage.delete(row.pdf_key);
    await this.db.transaction(async (trx) => {
      await deleteLinksOf(trx, row.id);
      await deleteSurveyOf(trx, row.id); // partner survey answers and opt-ins
      // Its API idempotency key goes too (a key's fingerprint is derived from the personal data).
      await deleteIdempotencyKeysOf(trx, row.id);
      // A printed form's request: the mailing address it holds, and its lines in print batches.
      await deletePrintRequestsOf(trx, row.id);
      // Voter mail: the messages (sent or not) and their jobs, and the email links' tokens.
      await deleteVoterMailOf(trx, this.queue, row.id);
      await deleteMailLinksOf(trx, row.id);
      if (row.pdf_key) await forgetRestoresOf(trx, row.pdf_key);
      await this.records.purge(trx, row.id, this.clock.now(), options);
    });
    if (row.pdf_key) await this.storage.delete(row.pdf_key);
    return Boolean(row.pdf_key);
  }

  /**
   * SQLite keeps the pages the purge changed, as they were, in its write-ahead log until a
   * checkpoint copies the new versions into the database file: the wiped names would stay
   * readable in the -wal file. A TRUNCATE checkpoint writes them back and empties the log (and
   * secure_delete, set on every connection, has zeroed the old content in the pages themselves).
   * If another process holds a read transaction the checkpoint cannot finish; the next purge
   * tries again, and SQLite's automatic checkpoints overwrite the log in the meantime.
   * PostgreSQL: an UPDATE leaves the old row version in the table until VACUUM marks its space
   * free, and even then the bytes stay on disk until the space is reused; autovacuum does the
   * first, nothing in PostgreSQL promises the second (docs/security.md, "Purged data on disk").
   */
  private async eraseOldPageVersions(): Promise<void> {
    if (isPostgres(this.db)) return;
    const [result] = (await this.db.raw('PRAGMA wal_checkpoint(TRUNCATE)')) as Array<{ busy: number; log: number; checkpointed: number }>;
    if (result && result.busy !== 0)
      this.logger.warn(
        { ...result },
        'the write-ahead log could not be emptied after the purge (another process was reading); the next purge tries again',
      );
  }
}
