// A batch's files, made again from the database on every download (nothing is stored, so there is
// nothing to lose or to go stale: a purged voter drops out of the next download, a corrected office
// address is in it). The PDF: cover sheet, then application + mailer per voter, streamed voter by
// voter (pdf/print-batch.ts). The ZIP: the same cover as cover.pdf, one PDF per voter
// (application + mailer) and addresses.csv, the envelopes' addresses for a label printer.
import type { MailingOffice } from '../offices/offices.js';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { ZipArchive } from 'archiver';
import { writeBatchPdf, type BatchCover } from '../pdf/print-batch.js';
import { renderPages } from '../pdf/render.js';
import type { PdfRegistration } from '../pdf/types.js';
import type { RegistrationRecords, RegistrationRow } from '../registrations/registration-records.js';
import { toPdfRegistration } from '../registrations/to-pdf.js';
import type { BatchItem, PrintBatchRow, PrintQueue } from './print-queue.js';

/** Voters read from the database at a time while a batch is written. */
const CHUNK = 50;

export interface BatchFileDeps {
  /** The registrations table's owner: the batch's voters, opened (personal data is sealed at rest). */
  records: Pick<RegistrationRecords, 'byIds'>;
  queue: PrintQueue;
  idNumberOf: (row: RegistrationRow) => string | undefined;
  officeOf: (row: RegistrationRow) => Promise<MailingOffice | null>;
}

/** A voter's form as the renderer takes it, the mailer addressed to their office (as the stored PDF). */
async function formOf(deps: BatchFileDeps, row: RegistrationRow): Promise<PdfRegistration> {
  const office = await deps.officeOf(row);
  if (!office) throw new Error(`registration ${row.uid} has no office to address`);
  return toPdfRegistration(row, deps.idNumberOf(row), office);
}

/** Each line of the batch with its registration row, read CHUNK at a time. */
async function* batchVoters(deps: BatchFileDeps, batchId: number): AsyncGenerator<{ item: BatchItem; row: RegistrationRow }> {
  for (let after = -1; ;) {
    const items = await deps.queue.batchItems(batchId, after, CHUNK);
    if (items.length === 0) return;
    const rows = await deps.records.byIds(items.map((i) => i.request.registration_id));
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    for (const item of items) {
      const row = byId.get(item.request.registration_id);
      if (row && row.status !== 'purged') yield { item, row };
    }
    after = items[items.length - 1]!.position;
  }
}

export async function coverOf(deps: BatchFileDeps, batch: PrintBatchRow, printer: string): Promise<BatchCover> {
  const references: string[] = [];
  for (let after = -1; ;) {
    const items = await deps.queue.batchItems(batch.id, after, 1000);
    if (items.length === 0) break;
    references.push(...items.map((i) => i.uid));
    after = items[items.length - 1]!.position;
  }
  return { id: batch.id, createdAt: batch.created_at, count: references.length, reprintOf: batch.reprint_of, printer, references };
}

/** Resolves when `out` drains or closes, or after `ms`; leaves no listener behind. */
function room(out: Writable, ms = 1000): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    out.once('drain', done);
    out.once('close', done);
  });
}

/** Lets the event loop run: a batch is laid out on the main thread, one voter (~35 ms) at a time. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes to `out`, waits while it is full (or until it closes), then lets other requests run. */
async function writeAll(out: Writable, chunks: Uint8Array[]): Promise<void> {
  for (const chunk of chunks) {
    if (out.destroyed) throw new Error('the client went away');
    if (!out.write(chunk)) while (!out.destroyed && out.writableNeedDrain) await room(out);
  }
  await turn();
}

export async function streamBatchPdf(
  deps: BatchFileDeps,
  batch: PrintBatchRow,
  printer: string,
  out: Writable,
): Promise<{ pages: number; voters: number }> {
  const cover = await coverOf(deps, batch, printer);
  async function* voters(): AsyncGenerator<PdfRegistration> {
    for await (const { row } of batchVoters(deps, batch.id)) yield await formOf(deps, row);
  }
  const result = await writeBatchPdf(cover, voters(), (chunks) => writeAll(out, chunks));
  out.end();
  return result;
}

const csvCell = (v: string | null) => `"${(v ?? '').replace(/"/g, '""')}"`;

export async function streamBatchZip(
  deps: BatchFileDeps,
  batch: PrintBatchRow,
  printer: string,
  out: Writable,
): Promise<{ files: number }> {
  const archive = new ZipArchive({ store: true });
  const done = new Promise<void>((resolve, reject) => {
    archive.on('error', reject);
    out.on('close', resolve);
    out.on('finish', resolve);
  });
  archive.pipe(out);
  const date = new Date(batch.created_at);
  const coverChunks: Uint8Array[] = [];
  await writeBatchPdf(await coverOf(deps, batch, printer), (async function* () {})(), async (c) => void coverChunks.push(...c));
  archive.append(Buffer.concat(coverChunks), { name: '000_cover.pdf', date });
  const csv = ['position,reference,first_name,last_name,street,unit,city,state,zip'];
  let files = 0;
  for await (const { item, row } of batchVoters(deps, batch.id)) {
    if (out.destroyed) break;
    const bytes = renderPages(await formOf(deps, row), ['application', 'mailer']);
    const name = `${String(item.position + 1).padStart(3, '0')}_${item.uid}.pdf`;
    const entered = once(archive, 'entry');
    archive.append(bytes, { name, date });
    await entered;
    files++;
    await turn();
    const r = item.request;
    csv.push(
      [String(item.position + 1), item.uid, item.firstName, item.lastName, r.street, r.unit, r.city, r.state, r.zip].map(csvCell).join(','),
    );
    while (!out.destroyed && (out.writableLength > 1024 * 1024 || archive.readableLength > 1024 * 1024)) await room(out, 50);
  }
  archive.append(csv.join('\r\n') + '\r\n', { name: 'addresses.csv', date });
  await archive.finalize();
  await done;
  return { files };
}
