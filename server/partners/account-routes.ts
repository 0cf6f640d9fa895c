// A partner user's own account (password, sessions): the shared routes of auth/own-account-routes.ts
// on the portal's paths, guard and pages; a refused password speaks the reset form's words.
import type { RequestHandler, Router } from 'express';
import { ownAccountRoutes, type OwnAccountDeps } from '../auth/own-account-routes.js';
import { paths } from '../paths.js';
import type { PartnerPage } from './portal-page.js';
import { passwordErrorKey } from './password-routes.js';
import { partnerLangOf } from './language.js';

export type AccountRoutesDeps = OwnAccountDeps;

export function accountRoutes(deps: AccountRoutesDeps, page: PartnerPage, requirePartner: RequestHandler): Router {
  return ownAccountRoutes(deps, {
    area: 'partner',
    paths: paths.partner,
    guard: requirePartner,
    page,
    mismatchKey: 'reset.mismatch',
    errorKey: (problem) => (problem === 'wrong_current' || problem === 'locked' ? 'account.currentWrong' : passwordErrorKey(problem)),
    auditPartnerId: (user) => user.partner_id,
    langOf: partnerLangOf,
  });
}
