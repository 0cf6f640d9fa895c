// What the database says storage must hold: every stored PDF with its checksum, and each
// partner's logo (verify repairs a logo from a good copy; it cannot be re-derived). `rederive`
// re-renders a PDF whose every copy is lost (possible until the personal data is purged), sealed
// as the lost copies were (security/blob-cipher.ts is deterministic), so it has their checksum.
import type { KeyCatalog } from '@rollcall/storage';
import type { BlobCipher } from '../security/blob-cipher.js';
import type { Db } from '../db/connect.js';
import type { RenderRow } from '../registrations/row-renderer.js';
import type { RegistrationRecords } from '../registrations/registration-records.js';

export class PdfCatalog implements KeyCatalog {
  constructor(
    private readonly db: Db,
    private readonly records: Pick<RegistrationRecords, 'pdfReadyByPdfKey'>,
    private readonly render: RenderRow,
    private readonly blobs: BlobCipher,
  ) {}

  async *keys(): AsyncIterable<{ key: string; sha256: string }> {
    let after = 0;
    for (;;) {
      const rows = (await this.db('registrations')
        .select('id', 'pdf_key', 'pdf_sha256')
        .where('status', 'pdf_ready')
        .andWhere('id', '>', after)
        .orderBy('id')
        .limit(500)) as Array<{ id: number; pdf_key: string; pdf_sha256: string }>;
      if (rows.length === 0) break;
      for (const r of rows) yield { key: r.pdf_key, sha256: r.pdf_sha256 };
      after = rows[rows.length - 1]!.id;
    }
    // One per partner at most: one query.
    const logos = (await this.db('partners').select('logo_key', 'logo_sha256').whereNotNull('logo_key')) as Array<{
      logo_key: string;
      logo_sha256: string;
    }>;
    for (const l of logos) yield { key: l.logo_key, sha256: l.logo_sha256 };
  }

  async rederive(key: string): Promise<Buffer | null> {
    const row = await this.records.pdfReadyByPdfKey(key);
    if (!row) return null;
    const plain = await this.render(row);
    // The stored form the row's checksum names; a render that matches none (the template changed,
    // or the key it was sealed under is no longer configured) is returned sealed under APP_KEY, and
    // storage rejects it against the checksum as it did before PDFs were sealed.
    return (row.pdf_sha256 ? this.blobs.storedFormMatching(plain, row.pdf_sha256) : null) ?? this.blobs.seal(plain);
  }
}
