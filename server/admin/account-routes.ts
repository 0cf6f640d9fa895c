// A staff member's own account (password, sessions, security keys): the shared routes of
// auth/own-account-routes.ts and auth/security-key-routes.ts on the admin paths, the staff guard and the admin pages.
import { Router, type RequestHandler } from 'express';
import { ownAccountRoutes, type OwnAccountDeps } from '../auth/own-account-routes.js';
import { paths } from '../paths.js';
import type { AuditLog } from './audit.js';
import type { AdminPage } from './page.js';
import { securityKeyAccountRoutes } from '../auth/security-key-routes.js';
import type { SecurityKeys } from '../auth/security-keys.js';

/** What adminAccountRoutes uses, and nothing else (the audit log comes with the admin routes). */
export type AdminAccountDeps = Omit<OwnAccountDeps, 'audit'> & { securityKeys: SecurityKeys };

const ERROR_KEYS = {
  wrong_current: 'account.currentWrong',
  locked: 'account.currentWrong',
  too_short: 'account.weak',
  too_long: 'account.weak',
  common: 'account.passwordCommon',
} as const;

export function adminAccountRoutes(deps: AdminAccountDeps, page: AdminPage, audit: AuditLog, staff: RequestHandler): Router {
  const router = Router();
  router.use(
    securityKeyAccountRoutes({ ...deps, audit }, { area: 'admin', paths: paths.admin, guard: staff, page, auditPartnerId: () => null }),
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
