// Branding in the partner portal: two colours (WCAG AA with white text) and an intro text per
// language. Stored as typed; shown escaped; colours only ever as #rrggbb. The logo form's routes
// are in logo-routes.ts.
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf } from '../auth/guard.js';
import { paths } from '../paths.js';
import { colourProblem } from './branding.js';
import { logoOf } from './logo-store.js';
import { LOGO_LIMITS, logoRoutes, type BrandingPage, type LogoRoutesDeps } from './logo-routes.js';
import { partnerIdOf, type PartnerPage } from './portal-page.js';
import type { CsrfTokens } from '../http/csrf.js';
import type { PartnerRecords } from './partner-records.js';
import { formField } from '../http/form.js';

const INTRO_MAX = 1000;

/** What brandingRoutes uses, and nothing else. */
export interface BrandingRoutesDeps {
  csrf: CsrfTokens;
  partners: PartnerRecords;
}

export function brandingRoutes(deps: BrandingRoutesDeps & LogoRoutesDeps, page: PartnerPage, requirePartner: RequestHandler): Router {
  const router = Router();
  const { csrf, partners }: BrandingRoutesDeps = deps;

  const show: BrandingPage = async (res, values, errors = {}, extra = {}, status = 200) => {
    const p = (await partners.byId(partnerIdOf(res)))!;
    page(
      res,
      'branding.njk',
      {
        section: 'branding',
        values: values ?? {
          primary: p.brand_primary ?? '',
          secondary: p.brand_secondary ?? '',
          intro_en: p.intro_en ?? '',
          intro_es: p.intro_es ?? '',
        },
        errors,
        logo: logoOf(p),
        logoError: null,
        limits: LOGO_LIMITS,
        ...extra,
      },
      status,
    );
  };

  router.get(paths.partner.branding, requirePartner, async (req, res) => {
    // After the logo form's redirect: say what happened.
    const notice = req.query.logo === 'saved' || req.query.logo === 'removed' ? req.query.logo : null;
    await show(res, undefined, {}, { logoNotice: notice });
  });

  router.post(paths.partner.branding, requirePartner, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const text = (name: string, max: number) => formField(body, name, { max });
    const values = {
      primary: text('primary', 7).toLowerCase(),
      secondary: text('secondary', 7).toLowerCase(),
      intro_en: text('intro_en', INTRO_MAX),
      intro_es: text('intro_es', INTRO_MAX),
    };
    const errors: Record<string, string> = {};
    for (const k of ['primary', 'secondary'] as const) {
      const problem = values[k] ? colourProblem(values[k]) : null;
      if (problem) errors[k] = problem;
    }
    if (Object.keys(errors).length) return show(res, values, errors, {}, 422);
    await partners.setBranding(partnerIdOf(res), {
      brand_primary: values.primary || null,
      brand_secondary: values.secondary || null,
      intro_en: values.intro_en || null,
      intro_es: values.intro_es || null,
    });
    await show(res, values, {}, { saved: true });
  });

  router.use(logoRoutes(deps, show, requirePartner));

  return router;
}
