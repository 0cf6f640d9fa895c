// A staff member's own account (password and its strength meter, sessions, security keys): the
// shared routes of auth/own-account-routes.ts, auth/password-strength-route.ts and
// auth/security-key-routes.ts on the admin paths, the staff guard and the admin pages.
import { Router, type RequestHandler } from 'express';
import { sessionCsrfScope, signedIn } from '../auth/guard.js';
import { ownAccountRoutes, type OwnAccountDeps } from '../auth/own-account-routes.js';
import { passwordStrengthRoute } from '../auth/password-strength-route.js';
import { securityKeyAccountRoutes } from '../auth/security-key-routes.js';
import type { SecurityKeys } from '../auth/security-keys.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { paths } from '../paths.js';
import { msg } from './admin-messages.js';
import type { AuditLog } from './audit.js';
import type { AdminPage } from './page.js';

/** What adminAccountRoutes uses, and nothing else (the audit log comes with the admin routes). */
export type AdminAccountDeps = Omit<OwnAccountDeps, 'audit'> & { limiter: RateLimiter; securityKeys: SecurityKeys };

const ERROR_KEYS = {
  wrong_current: 'account.currentWrong',
  locked: 'account.currentWrong',
  too_short: 'account.weak',
  too_long: 'account.weak',
  common: 'account.passwordCommon',
  weak: 'passwordHelp.weak',
} as const;

export function adminAccountRoutes(deps: AdminAccountDeps, page: AdminPage, audit: AuditLog, staff: RequestHandler): Router {
  const router = Router();
  router.use(
    securityKeyAccountRoutes({ ...deps, audit }, { area: 'admin', paths: paths.admin, guard: staff, page, auditPartnerId: () => null }),
  );
  // The strength meter of the password page (signed-in staff only, the session's CSRF token).
  router.use(
    passwordStrengthRoute(deps, {
      path: paths.admin.passwordStrength,
      guard: staff,
      csrfOk: (res, token) => {
        const who = signedIn(res);
        return !!who && deps.csrf.verify(sessionCsrfScope(who.session), token);
      },
      words: () => msg,
      userInputs: (res) => Promise.resolve([signedIn(res)!.user.email]),
    }),
  );
  router.use(
    ownAccountRoutes(
      { ...deps, audit },
      {
        area: 'admin',
        paths: paths.admin,
        guard: staff,
        page,
        mismatchKey: 'account.mismatch',
        errorKey: (problem) => ERROR_KEYS[problem],
        auditPartnerId: () => null,
        langOf: () => 'en',
      },
    ),
  );
  return router;
}
