// After RETENTION_DAYS a registration's PDF is deleted from every volume and its personal data
// wiped. What stays is anonymous: state, partner, channel, language, dates, status — enough for
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
import { RegistrationRecords } from '../registrations/registration-records.js';
import { deleteSurveyOf } from '../registrations/survey-records.js';
import { deletePrintRequestsOf } from '../print/print-queue.js';

export interface PurgeReport {
  dryRun: boolean;
  cutoff: string;
  registrations: number;
  pdfs: number;
}

const BATCH = 200;

export class Purger {
  /** The table's owner (registration-records.ts) does the wiping; it holds no state, so building one here costs nothing. */
  private readonly records: RegistrationRecords;

  constructor(
    private readonly db: Db,
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly retentionDays: number,
    private readonly logger: Logger,
    /** The job queue's owner deletes the voter's queued mail jobs. */
    private readonly queue: JobQueue,
  ) {
    this.records = new RegistrationRecords(db);
  }

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
        // Delete the PDF first: if this node dies here, the row is still due and the next run retries.
        // Unreachable volumes get a delete entry in the repair queue (storage handles it).
        if (row.pdf_key) {
          await this.storage.delete(row.pdf_key);
          report.pdfs++;
        }
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
          await this.records.purge(trx, row.id, this.clock.now());
        });
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
