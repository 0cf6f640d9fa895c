// Makes and serves a registration's PDF. The render job stores it (storage.put, quorum);
// serving reads the stored copy (checksum-verified) and, if storage cannot give it, renders
// the same bytes again from the database: a storage outage delays replication, never the voter.
import type { Storage } from '@rollcall/storage';
import type { Logger } from '../logger.js';
import type { Clock } from '../clock.js';
import type { Job } from '../jobs/queue.js';
import type { JobResult } from '../jobs/runner.js';
import type { RegistrationService } from './service.js';
import type { RenderRow } from './row-renderer.js';
import type { RegistrationRow } from './registration-records.js';

export class PdfService {
  constructor(
    private readonly registrations: RegistrationService,
    private readonly renderRow: RenderRow,
    private readonly storage: Storage,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  render(row: RegistrationRow): Promise<Buffer> {
    return this.renderRow(row);
  }

  /**
   * The `render_pdf` job. Idempotent: a job redone after a crash stores the same bytes under the
   * same key. The PDF is durable (storage.put, quorum) before the returned `finish` marks the row
   * pdf_ready; the runner commits that with the job's completion, in one transaction.
   */
  async runRenderJob(job: Job): Promise<JobResult | void> {
    const row = await this.registrations.store.byId(Number(job.payload.registrationId));
    if (!row || row.status !== 'accepted' || !row.pdf_key) return;
    const bytes = await this.render(row);
    const result = await this.storage.put(row.pdf_key, bytes); // throws StorageUnavailable below quorum: the job retries
    const now = this.clock.now();
    const patch = { status: 'pdf_ready' as const, pdf_sha256: result.sha256, pdf_ready_at: now, updated_at: now };
    return {
      finish: async (trx) => {
        // Guarded on status: a row purged (or finished by another node) meanwhile is left alone.
        await this.registrations.store.updateWhileStatus(trx, row.id, 'accepted', patch);
      },
      afterCommit: () => {
        this.logger.info({ uid: row.uid, volumes: result.acknowledged, missed: result.missed }, 'pdf stored');
      },
    };
  }

  /** The bytes to hand the voter: the stored copy if storage has a good one, else a fresh render. */
  async bytesFor(row: RegistrationRow): Promise<{ bytes: Buffer; from: 'storage' | 'render' }> {
    if (row.pdf_key && row.pdf_sha256) {
      try {
        return { bytes: await this.storage.get(row.pdf_key, row.pdf_sha256), from: 'storage' };
      } catch (err) {
        this.logger.warn({ uid: row.uid, error: (err as Error).message }, 'stored pdf unavailable; rendering from the database');
      }
    }
    return { bytes: await this.render(row), from: 'render' };
  }
}
