// The widget page of the partner portal: the tag to paste, the sites (origins) allowed to
// frame the flow and to receive its events, and mail to the partner's voters (email required or
// optional; Rollcall emails them or not). Scoped to the signed-in user's partner.
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf } from '../auth/guard.js';
import { paths } from '../paths.js';
import { originsOf, parseOrigin } from './framing.js';
import { partnerMsg } from './language.js';
import { partnerIdOf, type PartnerPage } from './portal-page.js';
import type { CsrfTokens } from '../http/csrf.js';
import { voterMailSettingsOf, type PartnerRecords } from './partner-records.js';
import { formField } from '../http/form.js';
import { errorSummaryOf } from '../http/views.js';

export const MAX_ORIGINS = 10;

/** What widgetSettingsRoutes uses, and nothing else. */
export interface WidgetSettingsDeps {
  csrf: CsrfTokens;
  partners: PartnerRecords;
  baseUrl: string;
}

export function widgetSettingsRoutes(
  { csrf, partners, baseUrl }: WidgetSettingsDeps,
  page: PartnerPage,
  requirePartner: RequestHandler,
): Router {
  const router = Router();

  const show = async (res: Parameters<PartnerPage>[0], extra: Record<string, unknown> = {}, status = 200) => {
    const partner = (await partners.byId(partnerIdOf(res)))!;
    const tag = `<script src="${baseUrl}${paths.widget}" data-partner="${partner.id}" async></script>`;
    const link = `${baseUrl}/?partner=${partner.id}&source=…&tracking=…`;
    const mail = voterMailSettingsOf(partner);
    page(
      res,
      'widget.njk',
      {
        section: 'widget',
        tag,
        link,
        origins: originsOf(partner).join('\n'),
        mailValues: { voterEmail: mail.emailOptional ? 'optional' : 'required', voterMail: mail.voterMail ? 'on' : 'off' },
        mailErrors: {},
        ...extra,
      },
      status,
    );
  };

  router.get(paths.partner.widget, requirePartner, async (_req, res) => show(res));

  router.post(paths.partner.widget, requirePartner, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const text = formField(body, 'origins', { asSent: true, max: 5000 });
    const lines = text.split(/[\s,]+/).filter(Boolean);
    const bad = lines.filter((l) => !parseOrigin(l));
    if (bad.length || lines.length > MAX_ORIGINS) {
      const msg = partnerMsg(res);
      const originsError = bad.length
        ? msg('widget.notOrigin', { bad: bad.slice(0, 3).join(', ') })
        : msg('widget.tooMany', { max: MAX_ORIGINS });
      return show(res, { origins: text, originsError }, 422);
    }
    await partners.setOrigins(partnerIdOf(res), [...new Set(lines.map((l) => parseOrigin(l)!))]);
    await show(res, { saved: true });
  });

  // Two choices, each one of two values: anything else (a forged form) is a 422 naming the field.
  router.post(paths.partner.voterMail, requirePartner, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const values = { voterEmail: formField(body, 'voterEmail'), voterMail: formField(body, 'voterMail') };
    const msg = partnerMsg(res);
    const mailErrors: Record<string, string> = {};
    if (values.voterEmail !== 'required' && values.voterEmail !== 'optional') mailErrors.voterEmail = msg('voterMail.chooseEmail');
    if (values.voterMail !== 'on' && values.voterMail !== 'off') mailErrors.voterMail = msg('voterMail.chooseMail');
    if (Object.keys(mailErrors).length) return show(res, { mailValues: values, mailErrors, errorSummary: errorSummaryOf(mailErrors) }, 422);
    await partners.setVoterMailSettings(partnerIdOf(res), {
      emailOptional: values.voterEmail === 'optional',
      voterMail: values.voterMail === 'on',
    });
    await show(res, { mailSaved: true });
  });

  return router;
}
