// Makes and serves a registration's PDF. The render job stores it (storage.put, quorum);
// serving reads the stored copy (checksum-verified) and, if storage cannot give it, renders
// the same bytes again from the database: a storage outage delays replication, never the voter.
// When every volume answered and none holds a good copy (each missing or corrupt), the render is
// checked against the row's checksum and written back (storage.put, quorum) once, so the next
// download reads it instead of rendering again (issue 16, Low e).
// The volumes hold the PDF sealed (security/blob-cipher.ts, ASVS 6.1.1): sealed before every put,
// opened after every get, here and nowhere else; the row's checksum is the sealed bytes'.
import { NotFoundInStorage, type Storage } from '@rollcall/storage';
import type { BlobCipher } from '../security/blob-cipher.js';
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
    private readonly blobs: BlobCipher,
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
    const bytes = this.blobs.seal(await this.render(row));
    const result = await this.storage.put(row.pdf_key, bytes); // throws StorageUnavailable below quorum: the job retries
    const now = this.clock.now();
    const patch = { status: 'pdf_ready' as const, pdf_sha256: result.sha256, pdf_ready_at: now, updated_at: now };
    let erased = false;
    return {
      finish: async (trx) => {
        // Guarded on status: a row purged (or finished by another node) meanwhile is left alone.
        if (await this.registrations.store.updateWhileStatus(trx, row.id, 'accepted', patch)) return;
        erased = (await trx('registrations').where({ id: row.id }).first('status'))?.status === 'purged';
      },
      afterCommit: () => {
        this.logger.info({ uid: row.uid, volumes: result.acknowledged, missed: result.missed }, 'pdf stored');
        // The voter erased the registration while this job rendered (privacy/retention-purge.ts):
        // the copy just stored must not outlive it. A volume that misses the delete gets a delete entry.
        if (erased)
          void this.storage.delete(row.pdf_key!).then(
            () => this.logger.info({ uid: row.uid }, 'pdf of an erased registration deleted after its render'),
            (err: Error) => this.logger.error({ uid: row.uid, error: err.message }, 'pdf of an erased registration could not be deleted'),
          );
      },
    };
  }

  /**
   * The bytes to hand the voter (the PDF, opened): the stored copy if storage has a good one, else a
   * fresh render. A good copy that does not open (sealed under a key no longer configured) is
   * rendered again too: served, not written back (its checksum names the old sealing).
   */
  async bytesFor(row: RegistrationRow): Promise<{ bytes: Buffer; from: 'storage' | 'render' }> {
    let noGoodCopy = false;
    if (row.pdf_key && row.pdf_sha256) {
      try {
        return { bytes: this.blobs.open(await this.storage.get(row.pdf_key, row.pdf_sha256)), from: 'storage' };
      } catch (err) {
        noGoodCopy = err instanceof NotFoundInStorage;
        this.logger.warn({ uid: row.uid, error: (err as Error).message }, 'stored pdf unavailable; rendering from the database');
      }
    }
    const bytes = await this.render(row);
    if (noGoodCopy) await this.writeBack(row, bytes);
    return { bytes, from: 'render' };
  }

  /**
   * Whether `pdf` (a render) is the PDF the row's checksum names, once stored as it was (sealed, or
   * plain before PDFs were sealed); true when the row has no checksum yet.
   */
  matchesStored(row: RegistrationRow, pdf: Buffer): boolean {
    return !row.pdf_sha256 || this.blobs.storedFormMatching(pdf, row.pdf_sha256) !== null;
  }

  /**
   * Every copy was bad: store the render again, if it is the PDF the row's checksum names (the
   * renderer is deterministic; a render that differs, after a change of template or font, is
   * served but not stored under the old checksum). The checksum is the stored bytes': the render
   * sealed as it was stored (blob-cipher is deterministic; under APP_KEY or a previous key, or
   * plain for a PDF stored before PDFs were sealed). A failed put is logged: the download goes on.
   */
  private async writeBack(row: RegistrationRow, bytes: Buffer): Promise<void> {
    const stored = this.blobs.storedFormMatching(bytes, row.pdf_sha256!);
    if (!stored) {
      this.logger.warn({ uid: row.uid }, 'no good stored copy, and the render differs from the stored checksum: not written back');
      return;
    }
    try {
      const result = await this.storage.put(row.pdf_key!, stored);
      this.logger.info({ uid: row.uid, volumes: result.acknowledged, missed: result.missed }, 'pdf repaired from a render');
    } catch (err) {
      this.logger.warn({ uid: row.uid, error: (err as Error).message }, 'pdf render could not be written back');
    }
  }
}
