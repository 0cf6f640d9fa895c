// Bulk download: every registration the filter selects, as one ZIP streamed while it is built.
// Constant memory: rows come in keyset batches, one PDF at a time is appended, and the next one
// waits while the client is slower than us (the archive's buffer is kept under a bound). PDFs are
// stored, not deflated (they are compressed already). A PDF missing on every volume is rendered
// again from the database (PdfService.bytesFor); one that cannot be (purged, unfinished, failing)
// is listed in MANIFEST.txt, which also lists every file included with its sha256 and source.
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ZipArchive } from 'archiver';
import type { Response } from 'express';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Db } from '../db/connect.js';
import type { PdfService } from '../registrations/pdf-service.js';
import type { RegistrationRecords, RegistrationRow } from '../registrations/registration-records.js';
import { sha256Hex } from '../security/tokens.js';
import { eachMatch, type Cursor, type SearchFilter } from './registration-search.js';

const BATCH = 100;
/** Bytes the archive may hold for a slow client before we stop adding PDFs. */
const ARCHIVE_BUFFER_LIMIT = 1024 * 1024;

export interface ZipSummary {
  files: number;
  fromStorage: number;
  rerendered: number;
  notIncluded: number;
  aborted: boolean;
}

export function zipEntryName(row: Pick<RegistrationRow, 'uid' | 'created_at' | 'last_name' | 'first_name'>): string {
  const safe = (s: string | null) =>
    (s ?? '')
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'x';
  return `${new Date(Number(row.created_at)).toISOString().slice(0, 10)}_${safe(row.last_name)}_${safe(row.first_name)}_${row.uid}.pdf`;
}

/**
 * PDFs per ZIP. Streaming is at constant memory, but archiver writes the ZIP's central directory
 * in one go at the end (~4.6 KB of heap per entry, measured): a part of 20,000 peaks near 90 MB.
 * Larger selections are offered as several parts.
 */
export const ZIP_PART_SIZE = 20_000;

export async function streamZip(
  deps: { db: Db; records: Pick<RegistrationRecords, 'open'>; pdfs: PdfService; logger: Logger; clock: Clock },
  filter: SearchFilter,
  res: Response,
  fileName: string,
  start?: Cursor,
  max = ZIP_PART_SIZE,
): Promise<ZipSummary> {
  const summary: ZipSummary = { files: 0, fromStorage: 0, rerendered: 0, notIncluded: 0, aborted: false };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-zip-'));
  const manifestPath = path.join(tmp, 'MANIFEST.txt');
  const manifest = fs.createWriteStream(manifestPath);
  const line = (s: string) => (manifest.write(`${s}\n`) ? undefined : once(manifest, 'drain'));

  const archive = new ZipArchive({ store: true });
  let closed = false;
  // Resolves when the client took some bytes (or left), or after 50 ms; leaves no listener behind.
  const roomOrClosed = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, 50);
      res.once('drain', done);
      res.once('close', done);
    });
  res.on('close', () => {
    closed = true;
  });
  archive.on('warning', (err) => deps.logger.warn({ err }, 'zip warning'));
  archive.on('error', (err) => {
    deps.logger.error({ err }, 'zip failed');
    res.destroy(err);
  });
  // What the archive holds for a slow client: appended PDF bytes it has not passed on yet (the
  // zip module inside archiver buffers too, so the archive's own readableLength is not enough).
  let appended = 0;
  let emitted = 0;
  archive.on('data', (chunk: Buffer) => {
    emitted += chunk.length;
  });
  res.status(200);
  res.set({ 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'no-store' });
  archive.pipe(res);

  try {
    await line('Rollcall bulk download. One line per registration selected: file, sha256, source; or NOT INCLUDED with the reason.');
    for await (const row of eachMatch<RegistrationRow>(deps.db, deps.records, filter, BATCH, ['*'], start, max)) {
      if (closed) {
        summary.aborted = true;
        break;
      }
      if (row.status !== 'accepted' && row.status !== 'pdf_ready') {
        summary.notIncluded++;
        await line(
          `NOT INCLUDED\t${row.uid}\t${row.status === 'purged' ? 'purged: personal data wiped after the retention period' : `status ${row.status}: not submitted`}`,
        );
        continue;
      }
      let out: { bytes: Buffer; from: 'storage' | 'render' };
      try {
        out = await deps.pdfs.bytesFor(row);
      } catch (err) {
        summary.notIncluded++;
        deps.logger.warn({ uid: row.uid, error: (err as Error).message }, 'zip: pdf could not be produced');
        await line(`NOT INCLUDED\t${row.uid}\tcould not be read or rendered: ${(err as Error).message.replace(/\s+/g, ' ').slice(0, 200)}`);
        continue;
      }
      const name = zipEntryName(row);
      const sum = sha256Hex(out.bytes);
      const entered = once(archive, 'entry');
      archive.append(out.bytes, { name, date: new Date(Number(row.created_at)) });
      await entered;
      summary.files++;
      if (out.from === 'storage') summary.fromStorage++;
      else summary.rerendered++;
      const note =
        out.from === 'render'
          ? !deps.pdfs.matchesStored(row, out.bytes)
            ? 're-rendered (CHECKSUM DIFFERS from the stored one)'
            : 're-rendered from the database'
          : 'stored copy';
      await line(`${name}\t${sum}\t${note}`);
      appended += out.bytes.length;
      while (!closed && (appended - emitted > ARCHIVE_BUFFER_LIMIT || res.writableLength > ARCHIVE_BUFFER_LIMIT)) await roomOrClosed();
    }
    await line(
      `TOTAL\t${summary.files} file(s): ${summary.fromStorage} stored, ${summary.rerendered} re-rendered; ${summary.notIncluded} not included${summary.aborted ? '; DOWNLOAD STOPPED BEFORE THE END' : ''}`,
    );
    manifest.end();
    await once(manifest, 'close');
    if (!closed) {
      archive.append(fs.createReadStream(manifestPath), { name: 'MANIFEST.txt', date: new Date(deps.clock.now()) });
      await archive.finalize();
    } else archive.abort();
  } catch (err) {
    archive.abort();
    res.destroy(err as Error);
    throw err;
  } finally {
    manifest.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return summary;
}
