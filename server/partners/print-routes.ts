// The partner's print page (/partner/print): its choices (offer "mail me a printed form" to its
// voters; print its own voters' forms) and, when it prints its own, its queue and batches, with
// the same desk as Rollcall's staff (print/print-desk-routes.ts) scoped to its own voters.
import { Router, type RequestHandler, type Response } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import { formField, type FormBody } from '../http/form.js';
import { truncatedAddress } from '../http/client-address.js';
import { paths } from '../paths.js';
import { printDeskRoutes, type PrintDeskDeps } from '../print/print-desk-routes.js';
import { partnerMsg } from './language.js';
import { partnerIdOf, type PartnerPage } from './portal-page.js';
import type { PartnerRecords } from './partner-records.js';

/** What partnerPrintRoutes uses, and nothing else. */
export type PartnerPrintDeps = PrintDeskDeps & { partners: PartnerRecords };

export function partnerPrintRoutes(deps: PartnerPrintDeps, page: PartnerPage, requirePartner: RequestHandler): Router {
  const router = Router();
  const { print, csrf, audit, partners } = deps;

  const settingsOf = (res: Response) => print.settingsOf(partnerIdOf(res));

  router.post(paths.partner.printSettings, requirePartner, async (req, res) => {
    const body = req.body as FormBody;
    assertSessionCsrf(csrf, res, body._csrf);
    const settings = {
      offerEnabled: formField(body, 'offer', { max: 5 }) === 'yes',
      printsOwn: formField(body, 'printsOwn', { max: 5 }) === 'yes',
    };
    await print.setSettings(partnerIdOf(res), settings);
    await audit.record(
      signedIn(res)!.user,
      'print_settings',
      `partner ${partnerIdOf(res)}`,
      truncatedAddress(req.ip),
      `offer ${settings.offerEnabled ? 'on' : 'off'}, prints own ${settings.printsOwn ? 'on' : 'off'}`,
    );
    res.redirect(303, `${paths.partner.print}?saved=1`);
  });

  router.use(
    printDeskRoutes(deps, {
      paths: paths.partner,
      page,
      view: requirePartner,
      change: requirePartner,
      printerOf: async (res) => ((await settingsOf(res)).printsOwn ? partnerIdOf(res) : undefined),
      printerName: async (partnerId) => (partnerId ? ((await partners.byId(partnerId))?.name ?? partnerId) : 'Rollcall'),
      seesEveryBatch: false,
      msgOf: (res) => partnerMsg(res),
      extra: async (res) => ({
        settings: await settingsOf(res),
        saved: res.req.query.saved === '1',
        settingsAction: paths.partner.printSettings,
      }),
    }),
  );
  return router;
}
