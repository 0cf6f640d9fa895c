// Webhooks in the partner portal: the URL, the signing secret (shown once when made), the
// delivery log. Scoped to the signed-in user's partner. The URL rules and the SSRF check are in
// webhook-target.ts (save time) and webhook-http.ts (delivery).
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf } from '../auth/guard.js';
import { paths } from '../paths.js';
import { partnerIdOf, type PartnerPage } from './portal-page.js';
import { checkWebhookUrl, type WebhookRules } from './webhook-target.js';
import type { Webhooks } from './webhooks.js';
import type { CsrfTokens } from '../http/csrf.js';
import { formField } from '../http/form.js';

const when = (t: number | null) => (t ? new Date(Number(t)).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '');

/** What webhookRoutes uses, and nothing else. */
export interface WebhookRoutesDeps {
  csrf: CsrfTokens;
  webhooks: Webhooks;
  webhookRules: WebhookRules;
}

export function webhookRoutes(
  { csrf, webhooks, webhookRules: rules }: WebhookRoutesDeps,
  page: PartnerPage,
  requirePartner: RequestHandler,
): Router {
  const router = Router();

  const show = async (res: Parameters<PartnerPage>[0], extra: Record<string, unknown> = {}, status = 200) => {
    const partnerId = partnerIdOf(res);
    const [settings, log] = await Promise.all([webhooks.settings(partnerId), webhooks.log(partnerId)]);
    page(
      res,
      'webhooks.njk',
      {
        section: 'webhooks',
        url: settings.url ?? '',
        settings,
        log: log.map((d) => ({ ...d, created: when(d.created_at), updated: when(d.updated_at) })),
        ...extra,
      },
      status,
    );
  };

  router.get(paths.partner.webhooks, requirePartner, async (_req, res) => show(res));

  router.post(paths.partner.webhooks, requirePartner, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const text = formField(body, 'url');
    const checked = text ? await checkWebhookUrl(text, rules) : null;
    if (checked && !('url' in checked)) return show(res, { url: text.slice(0, 500), urlError: checked }, 422);
    const secret = await webhooks.configure(partnerIdOf(res), checked?.url ?? null, body.rotate === 'yes');
    await show(res, { saved: true, newSecret: secret }, 200);
  });

  return router;
}
