// Registrations on the admin side: search, detail, one PDF, and the bulk ZIP. Every view of
// personal data and every download is written to the audit log before the data leaves.
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import { NotFound } from '../errors.js';
import { paths } from '../paths.js';
import type { AuditLog } from './audit.js';
import { streamZip, ZIP_PART_SIZE } from './bulk-zip.js';
import { truncatedAddress } from '../http/client-address.js';
import { errorSummaryOf } from '../http/views.js';
import { msg } from './admin-messages.js';
import { adminFieldId, type AdminPage } from './page.js';
import { copiesOf, answerRows } from './registration-detail.js';
import {
  countMatches,
  describeFilter,
  filterQuery,
  formatCursor,
  parseCursor,
  parseFilter,
  partnerChoices,
  partStarts,
  searchPage,
  STATUSES,
  TOO_FAST,
} from './registration-search.js';
import { HUMAN_FLOOR_MS } from '../registrations/pace.js';
import { stateOptions } from './states.js';
import type { Clock } from '../clock.js';
import type { CsrfTokens } from '../http/csrf.js';
import type { Db } from '../db/connect.js';
import type { Logger } from '../logger.js';
import type { PartnerRecords } from '../partners/partner-records.js';
import type { PdfService } from '../registrations/pdf-service.js';
import type { RegistrationService } from '../registrations/service.js';
import type { ReplicatedStorage } from '@rollcall/storage';

const UID = /^[0-9a-f]{32}$/;

/** What registrationRoutes uses, and nothing else. */
export interface RegistrationRoutesDeps {
  db: Db;
  clock: Clock;
  csrf: CsrfTokens;
  registrations: RegistrationService;
  pdfs: PdfService;
  partners: PartnerRecords;
  storage: ReplicatedStorage;
  logger: Logger;
}

export function registrationRoutes(
  { db, clock, csrf, registrations, pdfs, partners, storage, logger }: RegistrationRoutesDeps,
  page: AdminPage,
  audit: AuditLog,
  staff: RequestHandler,
): Router {
  const router = Router();

  const choices = async () => ({
    states: stateOptions(),
    statuses: STATUSES.map((s) => ({ value: s, label: s })),
    paces: [{ value: TOO_FAST, label: msg('passwordHelp.pace.tooFastOption') }],
    partners: await partnerChoices(db),
  });

  router.get(paths.admin.home, staff, (_req, res) => res.redirect(303, paths.admin.registrations));

  router.get(paths.admin.registrations, staff, async (req, res) => {
    const who = signedIn(res)!;
    const parsed = parseFilter(req.query as Record<string, unknown>, registrations.store);
    const hasErrors = Object.keys(parsed.errors).length > 0;
    const after = parseCursor(req.query.after);
    const result = hasErrors ? { rows: [], next: null } : await searchPage(db, registrations.store, parsed.filter, after);
    if (!hasErrors && result.rows.length > 0)
      await audit.record(who.user, 'search', describeFilter(parsed.filter), truncatedAddress(req.ip), `${result.rows.length} row(s) shown`);
    const query = filterQuery(parsed.form);
    const partners = await partnerChoices(db);
    page(
      res,
      'search.njk',
      {
        form: parsed.form,
        errors: parsed.errors,
        errorSummary: errorSummaryOf(parsed.errors, adminFieldId, msg),
        choices: { ...(await choices()), partners },
        partnerNames: Object.fromEntries(partners.map((p) => [p.value, p.label])),
        rows: result.rows.map((r) => ({ ...r, created: iso(r.created_at) })),
        nextHref: result.next ? `${paths.admin.registrations}?${query}${query ? '&' : ''}after=${formatCursor(result.next)}` : null,
        firstHref: after ? `${paths.admin.registrations}?${query}` : null,
        bulkHref: `${paths.admin.bulk}?${query}`,
        searched: Object.values(parsed.form).some(Boolean),
      },
      hasErrors ? 422 : 200,
    );
  });

  router.get(paths.admin.bulk, staff, async (req, res) => {
    const parsed = parseFilter(req.query as Record<string, unknown>, registrations.store);
    if (Object.keys(parsed.errors).length > 0) return res.redirect(303, `${paths.admin.registrations}?${filterQuery(parsed.form)}`);
    const [count, withPdf] = await Promise.all([
      countMatches(db, parsed.filter),
      countMatches(db, { ...parsed.filter, status: parsed.filter.status ?? 'pdf_ready' }),
    ]);
    const starts = await partStarts(db, parsed.filter, count, ZIP_PART_SIZE);
    const parts = starts.map((start, i) => ({
      number: i + 1,
      after: start ? formatCursor(start) : '',
      first: i * ZIP_PART_SIZE + 1,
      last: Math.min(count, (i + 1) * ZIP_PART_SIZE),
    }));
    page(res, 'bulk.njk', {
      form: parsed.form,
      described: describeFilter(parsed.filter),
      count,
      withPdf: parsed.filter.status ? null : withPdf,
      parts,
      partSize: ZIP_PART_SIZE,
      backHref: `${paths.admin.registrations}?${filterQuery(parsed.form)}`,
    });
  });

  router.post(paths.admin.bulkZip, staff, async (req, res) => {
    const who = signedIn(res)!;
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const parsed = parseFilter(body, registrations.store);
    // A tampered or stale filter: back to the search page, which names each bad field (as GET bulk does).
    if (Object.keys(parsed.errors).length > 0) return res.redirect(303, `${paths.admin.registrations}?${filterQuery(parsed.form)}`);
    const start = parseCursor(body.after);
    const part = /^\d{1,4}$/.test(String(body.part ?? '')) ? Number(body.part) : 1;
    const total = await countMatches(db, parsed.filter);
    const count = Math.min(ZIP_PART_SIZE, Math.max(0, total - (part - 1) * ZIP_PART_SIZE));
    const described = describeFilter(parsed.filter) + (total > ZIP_PART_SIZE ? ` part=${part}` : '');
    await audit.record(who.user, 'download_zip', described, truncatedAddress(req.ip), `started: ${count} registration(s) selected`);
    res.set('X-Rollcall-Selected', String(count));
    const stamp = new Date(clock.now()).toISOString().slice(0, 16).replace(/[:T]/g, '-');
    const summary = await streamZip(
      { db, records: registrations.store, pdfs, logger, clock },
      parsed.filter,
      res,
      `rollcall-${stamp}${total > ZIP_PART_SIZE ? `-part${part}` : ''}-${count}.zip`,
      start,
    );
    await audit.record(
      who.user,
      'download_zip',
      described,
      truncatedAddress(req.ip),
      `${summary.aborted ? 'stopped by the client' : 'finished'}: ${summary.files} PDF(s) (${summary.fromStorage} stored, ${summary.rerendered} re-rendered), ${summary.notIncluded} not included`,
    );
  });

  const load = async (uid: string) => {
    const row = UID.test(uid) ? await registrations.store.byUid(uid) : undefined;
    if (!row) throw new NotFound('No registration has this id.');
    return row;
  };

  router.get(paths.admin.registration(':uid'), staff, async (req, res) => {
    const who = signedIn(res)!;
    const row = await load(String(req.params.uid));
    await audit.record(who.user, 'view_registration', row.uid, truncatedAddress(req.ip));
    const copies = row.pdf_key && row.pdf_sha256 ? await copiesOf(storage, row.pdf_key, row.pdf_sha256) : [];
    const partner = row.partner_id ? await partners.byId(row.partner_id) : undefined;
    page(res, 'registration.njk', {
      row,
      partner,
      answers: answerRows(row, row.status === 'purged' ? undefined : registrations.idNumberOf(row)),
      copies,
      goodCopies: copies.filter((c) => c.state === 'good').length,
      canDownload: row.status === 'accepted' || row.status === 'pdf_ready',
      // ASVS 11.1.2: submitted faster than a person can; accepted, shown here for review.
      tooFast: row.too_fast
        ? { seconds: Math.round(((row.submitted_at ?? row.created_at) - row.created_at) / 1000), floor: HUMAN_FLOOR_MS / 1000 }
        : null,
      dates: {
        created: iso(row.created_at),
        submitted: iso(row.submitted_at),
        pdfReady: iso(row.pdf_ready_at),
        finishedWithState: iso(row.finished_with_state_at),
        purged: iso(row.purged_at),
      },
    });
  });

  router.get(paths.admin.registrationPdf(':uid'), staff, async (req, res) => {
    const who = signedIn(res)!;
    const row = await load(String(req.params.uid));
    if (row.status !== 'accepted' && row.status !== 'pdf_ready')
      throw new NotFound(
        row.status === 'purged'
          ? 'This registration was purged: its PDF no longer exists.'
          : 'This registration was not submitted: it has no PDF.',
      );
    const { bytes, from } = await pdfs.bytesFor(row);
    await audit.record(
      who.user,
      'download_pdf',
      row.uid,
      truncatedAddress(req.ip),
      from === 'render' ? 're-rendered from the database' : 'stored copy',
    );
    res.set({
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="registration-${row.uid}.pdf"`,
      'Cache-Control': 'no-store',
      'X-Rollcall-Pdf-Source': from,
    });
    res.send(bytes);
  });

  return router;
}

function iso(ms: number | null): string | null {
  return ms === null || ms === undefined ? null : new Date(Number(ms)).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}
