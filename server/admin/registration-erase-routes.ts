// Erasing one registration at the voter's request, made by phone or letter (ASVS 8.3.2): admins
// only (support may look, not erase), a confirmation page that says what goes and what does not,
// a CSRF-checked POST naming how the voter asked, then the retention purge's code for the one row
// (privacy/retention-purge.ts, Purger.eraseOne). One audit entry and one security-log line, with
// the registration's random id and no personal data.
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import { NotFound } from '../errors.js';
import { truncatedAddress } from '../http/client-address.js';
import { formField, type FormBody } from '../http/form.js';
import type { SecurityLog } from '../http/security-log.js';
import { errorSummaryOf } from '../http/views.js';
import { paths } from '../paths.js';
import type { PartnerRecords } from '../partners/partner-records.js';
import type { Purger } from '../privacy/retention-purge.js';
import type { RegistrationRow } from '../registrations/registration-records.js';
import type { RegistrationService } from '../registrations/service.js';
import type { CsrfTokens } from '../http/csrf.js';
import type { AuditLog } from './audit.js';
import { msg } from './admin-messages.js';
import { adminFieldId, type AdminPage } from './page.js';

const UID = /^[0-9a-f]{32}$/;

/** How the voter asked: recorded in the audit entry (no personal data). */
export const ERASE_REQUEST_WAYS = ['phone', 'letter', 'email', 'in_person'] as const;

/** What registrationEraseRoutes uses, and nothing else. */
export interface RegistrationEraseDeps {
  csrf: CsrfTokens;
  registrations: RegistrationService;
  partners: PartnerRecords;
  purger: Pick<Purger, 'eraseOne'>;
  security: SecurityLog;
}

export function registrationEraseRoutes(
  { csrf, registrations, partners, purger, security }: RegistrationEraseDeps,
  page: AdminPage,
  audit: AuditLog,
  adminOnly: RequestHandler,
): Router {
  const router = Router();

  const load = async (uid: string): Promise<RegistrationRow> => {
    const row = UID.test(uid) ? await registrations.store.byUid(uid) : undefined;
    if (!row) throw new NotFound('No registration has this id.');
    return row;
  };

  const confirm = async (res: Parameters<RequestHandler>[1], row: RegistrationRow, errors: Record<string, string>, via: string) => {
    const partner = row.partner_id ? await partners.byId(row.partner_id) : undefined;
    page(
      res,
      'registration-erase.njk',
      {
        row,
        partnerName: partner?.name ?? null,
        ways: ERASE_REQUEST_WAYS.map((w) => ({ value: w, label: msg(`erase.ways.${w}`) })),
        via,
        errors,
        errorSummary: errorSummaryOf(errors, adminFieldId, msg),
        action: paths.admin.registrationErase(row.uid),
        backHref: paths.admin.registration(row.uid),
      },
      Object.keys(errors).length ? 422 : 200,
    );
  };

  router.get(paths.admin.registrationErase(':uid'), adminOnly, async (req, res) => {
    const row = await load(String(req.params.uid));
    if (row.status === 'purged') return res.redirect(303, paths.admin.registration(row.uid));
    await confirm(res, row, {}, '');
  });

  router.post(paths.admin.registrationErase(':uid'), adminOnly, async (req, res) => {
    const body = req.body as FormBody;
    assertSessionCsrf(csrf, res, body._csrf);
    const row = await load(String(req.params.uid));
    if (row.status === 'purged') return res.redirect(303, paths.admin.registration(row.uid));
    const via = formField(body, 'via', { max: 20 });
    if (!(ERASE_REQUEST_WAYS as readonly string[]).includes(via)) return confirm(res, row, { via: 'erase.viaRequired' }, via);
    const who = signedIn(res)!.user;
    await purger.eraseOne(row.id);
    await audit.record(who, 'erase_registration', row.uid, truncatedAddress(req.ip), `at the voter's request (${via})`);
    security.event(req, 'registration_erased', { registration: row.uid, by: 'admin', user: who.id });
    res.redirect(303, paths.admin.registration(row.uid));
  });

  return router;
}
