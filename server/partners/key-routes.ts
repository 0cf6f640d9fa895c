// API keys in the partner portal: create (named; the key is shown once), see last use, revoke.
// Every query carries the signed-in user's partner id; a key id of another partner is a 404.
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf } from '../auth/guard.js';
import { NotFound } from '../errors.js';
import { paths } from '../paths.js';
import { partnerIdOf, type PartnerPage } from './portal-page.js';
import type { CsrfTokens } from '../http/csrf.js';
import type { PartnerRecords } from './partner-records.js';
import { formField } from '../http/form.js';

const when = (t: number | null) => (t ? new Date(Number(t)).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : null);

/** What keyRoutes uses, and nothing else. */
export interface KeyRoutesDeps {
  csrf: CsrfTokens;
  partners: PartnerRecords;
}

export function keyRoutes({ csrf, partners }: KeyRoutesDeps, page: PartnerPage, requirePartner: RequestHandler): Router {
  const router = Router();

  const show = async (res: Parameters<PartnerPage>[0], extra: Record<string, unknown> = {}, status = 200) => {
    const keys = await partners.listKeys(partnerIdOf(res));
    page(
      res,
      'keys.njk',
      {
        section: 'keys',
        keys: keys.map((k) => ({ ...k, created: when(k.created_at), lastUsed: when(k.last_used_at), revoked: when(k.revoked_at) })),
        ...extra,
      },
      status,
    );
  };

  router.get(paths.partner.keys, requirePartner, async (_req, res) => show(res));

  router.post(paths.partner.keys, requirePartner, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const name = formField(body, 'name', { max: 100 });
    if (!name) return show(res, { nameError: 'keys.nameMissing' }, 422);
    const apiKey = await partners.createKey(partnerIdOf(res), name);
    await show(res, { newKey: apiKey, newKeyName: name }, 201);
  });

  router.post(paths.partner.revokeKey(':id'), requirePartner, async (req, res) => {
    assertSessionCsrf(csrf, res, (req.body as Record<string, unknown>)._csrf);
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || !(await partners.revokeKey(partnerIdOf(res), id))) throw new NotFound('No such key.');
    res.redirect(303, paths.partner.keys);
  });

  return router;
}
