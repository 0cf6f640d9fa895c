// A partner user's own account (password, sessions, security keys): the shared routes of
// auth/own-account-routes.ts and auth/security-key-routes.ts
// on the portal's paths, guard and pages; a refused password speaks the reset form's words.
import { Router, type RequestHandler } from 'express';
import { ownAccountRoutes, type OwnAccountDeps } from '../auth/own-account-routes.js';
import { paths } from '../paths.js';
import type { PartnerPage } from './portal-page.js';
import { passwordErrorKey } from './password-routes.js';
import { partnerLangOf } from './language.js';
import { securityKeyAccountRoutes } from '../auth/security-key-routes.js';
import type { SecurityKeys } from '../auth/security-keys.js';

export type AccountRoutesDeps = OwnAccountDeps & { securityKeys: SecurityKeys };

export function accountRoutes(deps: AccountRoutesDeps, page: PartnerPage, requirePartner: RequestHandler): Router {
  const router = Router();
  router.use(
    securityKeyAccountRoutes(deps, {
      area: 'partner',
      paths: paths.partner,
      guard: requirePartner,
      page,
      auditPartnerId: (user) => user.partner_id,
    }),
  );
  router.use(
    ownAccountRoutes(deps, {
      area: 'partner',
      paths: paths.partner,
      guard: requirePartner,
      page,
      mismatchKey: 'reset.mismatch',
      errorKey: (problem) => (problem === 'wrong_current' || problem === 'locked' ? 'account.currentWrong' : passwordErrorKey(problem)),
      auditPartnerId: (user) => user.partner_id,
      langOf: partnerLangOf,
    }),
  );
  return router;
}
