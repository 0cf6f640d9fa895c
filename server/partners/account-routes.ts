// A partner user's own account (password and its strength meter, sessions, security keys): the
// shared routes of auth/own-account-routes.ts, auth/password-strength-route.ts and
// auth/security-key-routes.ts on the portal's paths, guard and pages; a refused password speaks
// the reset form's words.
import { Router, type RequestHandler } from 'express';
import { ownAccountRoutes, type OwnAccountDeps } from '../auth/own-account-routes.js';
import { passwordStrengthRoute } from '../auth/password-strength-route.js';
import type { PasswordResets } from '../auth/password-resets.js';
import { sessionCsrfScope, signedIn } from '../auth/guard.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { formField } from '../http/form.js';
import { paths } from '../paths.js';
import { LOGIN_SCOPE, type PartnerPage } from './portal-page.js';
import { passwordErrorKey } from './password-routes.js';
import { partnerLangOf, partnerMsg } from './language.js';
import { securityKeyAccountRoutes } from '../auth/security-key-routes.js';
import type { SecurityKeys } from '../auth/security-keys.js';

export type AccountRoutesDeps = OwnAccountDeps & { limiter: RateLimiter; passwordResets: PasswordResets; securityKeys: SecurityKeys };

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
  // The strength meter of both partner pages that set a password: the account page (signed in,
  // the session's token) and the reset link's page (before sign-in, the sign-in forms' token;
  // the link's account gives the scorer its email address).
  router.use(
    passwordStrengthRoute(deps, {
      path: paths.partner.passwordStrength,
      csrfOk: (res, token) => {
        const who = signedIn(res);
        return deps.csrf.verify(LOGIN_SCOPE, token) || (!!who && deps.csrf.verify(sessionCsrfScope(who.session), token));
      },
      words: partnerMsg,
      userInputs: async (res, body) => {
        const who = signedIn(res);
        if (who) return [who.user.email];
        const email = await deps.passwordResets.emailOf(formField(body, 'token', { asSent: true, max: 100 }));
        return email ? [email] : [];
      },
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
