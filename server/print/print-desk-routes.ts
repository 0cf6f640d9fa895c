// The print desk: the queue (counts, oldest waiting, by state), its batches, each batch's PDF and
// ZIP, "mark mailed" and an explicit reprint. One router for two sides: Rollcall's staff under
// /admin/print (the queue of every voter whose partner does not print its own) and a partner under
// /partner/print (its own voters, once it prints them). Every action is written to the audit log:
// a download before the data leaves, a change after its transaction committed (the batch rows
// themselves also record who made and who mailed them).
import { Router, type RequestHandler, type Response } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import { NotFound } from '../errors.js';
import type { Msg } from '../i18n.js';
import { formField, type FormBody } from '../http/form.js';
import { errorSummaryOf, type Page } from '../http/views.js';
import type { AuditAction, AuditLog } from '../admin/audit.js';
import { truncatedAddress } from '../http/client-address.js';
import type { CsrfTokens } from '../http/csrf.js';
import type { Db } from '../db/connect.js';
import type { Logger } from '../logger.js';
import type { RegistrationService } from '../registrations/service.js';
import type { ElectionOffices } from '../offices/offices.js';
import { streamBatchPdf, streamBatchZip, type BatchFileDeps } from './batch-files.js';
import { PRINT_STATUSES, type PrintBatchRow, type Printer, type PrintQueue } from './print-queue.js';

/** The most a batch takes at once (its cover sheet lists 201 references a page). */
export const MAX_BATCH = 1000;

/** What printDeskRoutes uses, and nothing else. */
export interface PrintDeskDeps {
  db: Db;
  csrf: CsrfTokens;
  print: PrintQueue;
  registrations: RegistrationService;
  audit: AuditLog;
  logger: Logger;
  /** Where each voter's mailer page is addressed: their county or town office, or the state's. */
  offices: Pick<ElectionOffices, 'officeFor'>;
}

interface DeskPaths {
  print: string;
  printBatches: string;
  printBatch: (id: number | string) => string;
  printBatchFile: (id: number | string, ext: 'pdf' | 'zip') => string;
  printBatchAction: (id: number | string, action: 'mailed' | 'reprint') => string;
}

export interface DeskOptions {
  paths: DeskPaths;
  /** Template folder's page: `print-queue.njk` and `print-batch.njk` live in it. */
  page: Page;
  /** Who may look and download; who may change the queue (make batches, mark mailed, reprint). */
  view: RequestHandler;
  change: RequestHandler;
  /** The queue this person works on; undefined when they have none (a partner that does not print its own). */
  printerOf: (res: Response) => Promise<Printer | undefined>;
  /** The name printed on the cover sheet for a batch's printer. */
  printerName: (printer: Printer) => Promise<string>;
  /** Staff open any batch (a partner's too); a partner only its own (others: 404, no existence oracle). */
  seesEveryBatch: boolean;
  /** The side's words (admin or partner catalogue; both hold `printQueue`). */
  msgOf: (res: Response) => Msg;
  /** Extra values for the queue page (the partner's settings form). */
  extra?: (res: Response) => Promise<Record<string, unknown>>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');

export function printDeskRoutes(deps: PrintDeskDeps, opts: DeskOptions): Router {
  const router = Router();
  const { csrf, print, audit, logger } = deps;
  const { paths, page } = opts;
  const files: BatchFileDeps = {
    records: deps.registrations.store,
    queue: print,
    idNumberOf: (row) => deps.registrations.idNumberOf(row),
    officeOf: (row) => deps.offices.officeFor(row),
  };

  const record = (res: Response, ip: string | undefined, action: AuditAction, target: string, detail?: string) =>
    audit.record(signedIn(res)!.user, action, target, truncatedAddress(ip), detail);

  /** The batch, if this desk may see it. */
  async function batchOf(res: Response, raw: unknown): Promise<PrintBatchRow> {
    const id = /^\d{1,9}$/.test(String(raw)) ? Number(raw) : NaN;
    const batch = Number.isNaN(id) ? undefined : await print.batch(id);
    if (!batch) throw new NotFound('No print batch has this number.');
    if (opts.seesEveryBatch) return batch;
    const printer = await opts.printerOf(res);
    if (printer === undefined || printer === null || batch.printer_partner_id !== printer)
      throw new NotFound('No print batch has this number.');
    return batch;
  }

  async function showQueue(res: Response, extra: Record<string, unknown> = {}, status = 200) {
    const printer = await opts.printerOf(res);
    const base = { section: 'print', deskPaths: paths, ...(opts.extra ? await opts.extra(res) : {}), ...extra };
    if (printer === undefined) return page(res, 'print-queue.njk', { ...base, enabled: false }, status);
    const summary = await print.summary(printer);
    page(
      res,
      'print-queue.njk',
      {
        ...base,
        enabled: true,
        summary,
        statuses: PRINT_STATUSES.map((s) => ({ status: s, count: summary.byStatus[s] })),
        oldest: iso(summary.oldestWaitingAt),
        maxBatch: MAX_BATCH,
        batches: (await print.batches(printer)).map((b) => ({ ...b, created: iso(b.created_at), mailed: iso(b.mailed_at) })),
      },
      status,
    );
  }

  async function showBatch(res: Response, batch: PrintBatchRow, extra: Record<string, unknown> = {}, status = 200) {
    const items = await print.batchItems(batch.id);
    page(
      res,
      'print-batch.njk',
      {
        section: 'print',
        deskPaths: paths,
        batch: { ...batch, created: iso(batch.created_at), mailed: iso(batch.mailed_at) },
        items: items.map((i) => ({ ...i, requested: iso(i.request.requested_at) })),
        ...extra,
      },
      status,
    );
  }

  router.get(paths.print, opts.view, async (req, res) => showQueue(res, { empty: req.query.empty === '1' }));

  router.post(paths.printBatches, opts.change, async (req, res) => {
    const body = req.body as FormBody;
    assertSessionCsrf(csrf, res, body._csrf);
    const printer = await opts.printerOf(res);
    if (printer === undefined) throw new NotFound('Your print queue is not enabled.');
    const which = formField(body, 'take', { max: 10 });
    const size = formField(body, 'size', { max: 10 });
    let limit: number | null = null;
    if (which !== 'all') {
      if (!/^\d{1,4}$/.test(size) || Number(size) < 1 || Number(size) > MAX_BATCH) {
        const errors = { size: 'printQueue.sizeInvalid' };
        return showQueue(res, { errors, errorSummary: errorSummaryOf(errors, (f) => `f-${f}`, opts.msgOf(res)), size }, 400);
      }
      limit = Number(size);
    }
    const batch = await print.createBatch(printer, signedIn(res)!.user.id, limit);
    if (!batch) return res.redirect(303, `${paths.print}?empty=1`);
    await record(res, req.ip, 'print_batch_create', `batch ${batch.id}`, `${batch.count} request(s)`);
    res.redirect(303, paths.printBatch(batch.id));
  });

  router.get(paths.printBatch(':id'), opts.view, async (req, res) => {
    const batch = await batchOf(res, req.params.id);
    await record(res, req.ip, 'print_batch_view', `batch ${batch.id}`);
    await showBatch(res, batch);
  });

  for (const ext of ['pdf', 'zip'] as const) {
    router.get(paths.printBatchFile(':id', ext), opts.view, async (req, res) => {
      const batch = await batchOf(res, req.params.id);
      // Written before the data leaves, like every download of personal data.
      await record(res, req.ip, ext === 'pdf' ? 'print_batch_pdf' : 'print_batch_zip', `batch ${batch.id}`, `${batch.count} form(s)`);
      res.status(200).set({
        'Content-Type': ext === 'pdf' ? 'application/pdf' : 'application/zip',
        'Content-Disposition': `attachment; filename="print-batch-${batch.id}.${ext}"`,
        'Cache-Control': 'no-store',
      });
      const printer = await opts.printerName(batch.printer_partner_id);
      try {
        if (ext === 'pdf') await streamBatchPdf(files, batch, printer, res);
        else await streamBatchZip(files, batch, printer, res);
      } catch (err) {
        // The headers are gone: cut the download short so the file is visibly incomplete.
        logger.error({ batch: batch.id, error: (err as Error).message }, 'print batch download failed');
        res.destroy();
      }
    });
  }

  router.post(paths.printBatchAction(':id', 'mailed'), opts.change, async (req, res) => {
    const body = req.body as FormBody;
    assertSessionCsrf(csrf, res, body._csrf);
    const batch = await batchOf(res, req.params.id);
    const { marked, scheduled } = await print.markMailed(batch.id, signedIn(res)!.user.id);
    if (marked) await record(res, req.ip, 'print_batch_mailed', `batch ${batch.id}`, `${scheduled} voter message(s) scheduled`);
    res.redirect(303, paths.printBatch(batch.id));
  });

  router.post(paths.printBatchAction(':id', 'reprint'), opts.change, async (req, res) => {
    const body = req.body as FormBody;
    assertSessionCsrf(csrf, res, body._csrf);
    const batch = await batchOf(res, req.params.id);
    const raw = body.request;
    const chosen = (Array.isArray(raw) ? raw : [raw])
      .map((v) => String(v ?? ''))
      .filter((v) => /^\d{1,9}$/.test(v))
      .map(Number);
    const reprint = chosen.length ? await print.reprint(batch.id, chosen, signedIn(res)!.user.id) : null;
    if (!reprint) {
      const errors = { request: 'printQueue.reprintNone' };
      return showBatch(res, batch, { errors, errorSummary: errorSummaryOf(errors, (f) => `f-${f}`, opts.msgOf(res)) }, 400);
    }
    await record(res, req.ip, 'print_reprint', `batch ${reprint.id}`, `reprint of batch ${batch.id}: ${reprint.count} request(s)`);
    res.redirect(303, paths.printBatch(reprint.id));
  });

  return router;
}
