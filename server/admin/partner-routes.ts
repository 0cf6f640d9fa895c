// Partners on the admin side: list and search (admin and support), create, approve, disable and
// rotate API keys (admin only). A new key is shown once, on the answer to the POST that made it.
// Branding is edited on the partner side (the partner issue), not here.
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import { NotFound } from '../errors.js';
import { paths } from '../paths.js';
import type { AuditLog } from './audit.js';
import { truncatedAddress } from '../http/client-address.js';
import { errorSummaryOf } from '../http/views.js';
import { msg } from './admin-messages.js';
import { adminFieldId, type AdminPage } from './page.js';
import { formField } from '../http/form.js';
import type { PartnerAdmin } from './partner-admin.js';
import { isEmailAddress } from '../email-address.js';
import type { CsrfTokens } from '../http/csrf.js';
import type { PartnerRecords } from '../partners/partner-records.js';

const ID = /^[0-9a-f]{32}$/;
const STATUSES = ['pending', 'active', 'disabled'];

/** What partnerRoutes uses, and nothing else. */
export interface PartnerRoutesDeps {
  csrf: CsrfTokens;
  partners: PartnerRecords;
  partnerAdmin: PartnerAdmin;
}

export function partnerRoutes(
  { csrf, partners, partnerAdmin }: PartnerRoutesDeps,
  page: AdminPage,
  audit: AuditLog,
  staff: RequestHandler,
  adminOnly: RequestHandler,
): Router {
  const router = Router();

  const listPage = async (
    req: { query: Record<string, unknown> },
    res: Parameters<AdminPage>[0],
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const q = formField(req.query, 'q', { max: 100 });
    const asked = formField(req.query, 'status', { max: 200 });
    const st = STATUSES.includes(asked) ? asked : '';
    const errors = (extra.errors ?? {}) as Record<string, string>;
    page(
      res,
      'partners.njk',
      {
        q,
        status: st,
        statuses: STATUSES,
        partners: await partnerAdmin.list(q, st),
        values: {},
        errors,
        errorSummary: errorSummaryOf(errors, adminFieldId, msg),
        ...extra,
      },
      status,
    );
  };

  router.get(paths.admin.partners, staff, (req, res) => listPage(req, res));

  router.post(paths.admin.partners, adminOnly, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const name = formField(body, 'name', { max: 200 });
    const email = formField(body, 'email', { max: 320 });
    const errors: Record<string, string> = {};
    if (!name) errors.name = 'partners.errors.name';
    if (email && !isEmailAddress(email)) errors.email = 'partners.errors.email';
    if (Object.keys(errors).length > 0) return listPage({ query: {} }, res, { values: { name, email }, errors }, 422);
    const { partner, apiKey } = await partners.create(name, email || null);
    await audit.record(signedIn(res)!.user, 'partner_create', partner.id, truncatedAddress(req.ip), name);
    await detailPage(res, partner.id, { newKey: apiKey, created: true });
  });

  const detailPage = async (res: Parameters<AdminPage>[0], id: string, extra: Record<string, unknown> = {}) => {
    const partner = ID.test(id) ? await partners.byId(id) : undefined;
    if (!partner) throw new NotFound('No partner has this id.');
    const [numbers, keys] = await Promise.all([partnerAdmin.numbers(id), partnerAdmin.keys(id)]);
    const rows = keys.map((k) => ({ ...k, created: new Date(Number(k.created_at)).toISOString().slice(0, 10) }));
    page(res, 'partner.njk', {
      partner,
      numbers,
      keys: rows,
      newKey: null,
      searchHref: `${paths.admin.registrations}?partner=${id}`,
      ...extra,
    });
  };

  router.get(paths.admin.partner(':id'), staff, (req, res) => detailPage(res, String(req.params.id)));

  const action =
    (name: 'approve' | 'disable' | 'rotate-key'): RequestHandler =>
    async (req, res) => {
      const body = req.body as Record<string, unknown>;
      assertSessionCsrf(csrf, res, body._csrf);
      const id = String(req.params.id);
      if (!ID.test(id) || !(await partners.byId(id))) throw new NotFound('No partner has this id.');
      const who = signedIn(res)!.user;
      if (name === 'rotate-key') {
        const newKey = await partnerAdmin.rotateKey(id);
        await audit.record(who, 'partner_rotate_key', id, truncatedAddress(req.ip));
        return detailPage(res, id, { newKey });
      }
      await partnerAdmin.setStatus(id, name === 'approve' ? 'active' : 'disabled');
      await audit.record(who, name === 'approve' ? 'partner_approve' : 'partner_disable', id, truncatedAddress(req.ip));
      res.redirect(303, paths.admin.partner(id));
    };
  for (const name of ['approve', 'disable', 'rotate-key'] as const)
    router.post(paths.admin.partnerAction(':id', name), adminOnly, action(name));

  return router;
}
