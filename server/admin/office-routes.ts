// Election offices on the admin side: find an office by state, county or town name (admin and
// support), see the address printed for it, the source's and the corrections made; correct it
// (admin only: addressee, street, city, ZIP, phone) or put the source's address back. Each
// correction is audited with it (ElectionOffices.correct) and printed on the PDFs of registrations
// submitted from then on.
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import { NotFound } from '../errors.js';
import { formField } from '../http/form.js';
import type { CsrfTokens } from '../http/csrf.js';
import { errorSummaryOf } from '../http/views.js';
import { officeLines, sourceOffice } from '../offices/index.js';
import { fieldsOf, type OfficeFields } from '../offices/corrections.js';
import type { ElectionOffices } from '../offices/offices.js';
import { paths } from '../paths.js';
import { listStates } from '../states/index.js';
import { msg } from './admin-messages.js';
import { truncatedAddress } from '../http/client-address.js';
import { adminFieldId, type AdminPage } from './page.js';

/** What officeRoutes uses, and nothing else. */
export interface OfficeRoutesDeps {
  csrf: CsrfTokens;
  offices: ElectionOffices;
}

/** The longest line the mailer prints at full size is about 42 characters; longer ones are set smaller (mailer-page.ts). */
const LIMITS: Record<keyof OfficeFields, number> = { addressee: 80, street1: 80, street2: 80, city: 40, zip: 10, phone: 40 };

/** Problems of a correction, by field (message keys under offices.errors). */
export function correctionProblems(f: OfficeFields): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!f.addressee) errors.addressee = 'offices.errors.addressee';
  if (!f.street1) errors.street1 = 'offices.errors.street1';
  if (!/^[A-Za-z][A-Za-z .'-]*$/.test(f.city)) errors.city = 'offices.errors.city';
  if (!/^\d{5}(-\d{4})?$/.test(f.zip)) errors.zip = 'offices.errors.zip';
  if (f.phone && !/^[0-9()+\-. x/]{7,40}$/i.test(f.phone)) errors.phone = 'offices.errors.phone';
  return errors;
}

export function officeRoutes(
  { csrf, offices }: OfficeRoutesDeps,
  page: AdminPage,
  staff: RequestHandler,
  adminOnly: RequestHandler,
): Router {
  const router = Router();
  const states = listStates().map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }));

  router.get(paths.admin.offices, staff, async (req, res) => {
    const q = formField(req.query, 'q', { max: 100 });
    const state = formField(req.query, 'state', { max: 2 }).toUpperCase();
    const found = q || state ? offices.search(q, state) : null;
    const corrected = found ? await offices.corrections.correctedKeys() : new Set<string>();
    page(res, 'offices.njk', {
      q,
      state,
      states,
      results: found?.offices.map((o) => ({
        ...o,
        href: paths.admin.office(encodeURIComponent(o.key)),
        lines: officeLines(o),
        corrected: corrected.has(o.key),
      })),
      more: found?.more ?? false,
    });
  });

  const detailPage = async (res: Parameters<AdminPage>[0], key: string, extra: Record<string, unknown> = {}, status = 200) => {
    const source = sourceOffice(key);
    const [current, history] = [await offices.office(key), await offices.history(key)];
    if (!source || !current) throw new NotFound('No election office has this key.');
    const errors = (extra.errors ?? {}) as Record<string, string>;
    page(
      res,
      'office.njk',
      {
        office: current,
        lines: officeLines(current),
        sourceLines: officeLines(source),
        values: fieldsOf(current),
        history: history.map((c) => ({
          ...c,
          at: new Date(c.created_at).toISOString().replace('T', ' ').slice(0, 16),
          lines: officeLines({
            ...current,
            addressee: c.addressee,
            street: [c.street1, c.street2].filter(Boolean),
            city: c.city,
            zip: c.zip,
          }),
        })),
        action: paths.admin.office(encodeURIComponent(key)),
        limits: LIMITS,
        errors,
        errorSummary: errorSummaryOf(errors, adminFieldId, msg),
        ...extra,
      },
      status,
    );
  };

  router.get(paths.admin.office(':key'), staff, (req, res) => detailPage(res, String(req.params.key), { saved: req.query.saved === '1' }));

  router.post(paths.admin.office(':key'), adminOnly, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const key = String(req.params.key);
    if (!sourceOffice(key)) throw new NotFound('No election office has this key.');
    const who = signedIn(res)!.user;
    if (formField(body, 'restore') === 'yes') {
      await offices.correct(who, key, 'restore', truncatedAddress(req.ip));
      return res.redirect(303, `${paths.admin.office(encodeURIComponent(key))}?saved=1`);
    }
    const fields = Object.fromEntries(
      (Object.keys(LIMITS) as Array<keyof OfficeFields>).map((name) => [name, formField(body, name, { max: LIMITS[name] })]),
    ) as unknown as OfficeFields;
    fields.city = fields.city.replace(/\s+/g, ' ');
    const errors = correctionProblems(fields);
    if (Object.keys(errors).length > 0) return detailPage(res, key, { values: fields, errors }, 422);
    await offices.correct(who, key, fields, truncatedAddress(req.ip));
    res.redirect(303, `${paths.admin.office(encodeURIComponent(key))}?saved=1`);
  });

  return router;
}
