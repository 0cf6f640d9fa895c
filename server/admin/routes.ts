// The admin side, mounted under /admin: sign-in (password + TOTP), registrations (search, detail,
// PDF, bulk ZIP), partners, storage health and the audit log. Roles: `admin` may do everything;
// `support` may search, view and download, and look at partners and storage, but not change
// them; partner users and visitors get nothing here (tested route by route).
import { Router } from 'express';
import { loadSession, requireRole } from '../auth/guard.js';
import type { Sessions } from '../auth/sessions.js';
import type { Views } from '../http/views.js';
import type { AuditLog } from './audit.js';
import { auditRoutes } from './audit-routes.js';
import { adminAccountRoutes, type AdminAccountDeps } from './account-routes.js';
import { authRoutes, type AuthRoutesDeps } from './auth-routes.js';
import { areaPages } from '../http/views.js';
import { adminArea } from './page.js';
import { partnerRoutes, type PartnerRoutesDeps } from './partner-routes.js';
import { registrationRoutes, type RegistrationRoutesDeps } from './registration-routes.js';
import { registrationEraseRoutes, type RegistrationEraseDeps } from './registration-erase-routes.js';
import { storageRoutes, type StorageRoutesDeps } from './storage-routes.js';
import { officeRoutes, type OfficeRoutesDeps } from './office-routes.js';
import { userRoutes, type UserRoutesDeps } from './user-routes.js';
import type { Totp } from '../auth/totp.js';
import type { VerifyTasks } from './verify-task.js';
import { paths } from '../paths.js';
import { msg } from './admin-messages.js';
import { printDeskRoutes, type PrintDeskDeps } from '../print/print-desk-routes.js';

/** What the admin side uses: each of its routers takes its own part of this. */
export type AdminRoutesDeps = AuthRoutesDeps &
  AdminAccountDeps &
  RegistrationRoutesDeps &
  RegistrationEraseDeps &
  PartnerRoutesDeps &
  StorageRoutesDeps &
  PrintDeskDeps &
  OfficeRoutesDeps &
  UserRoutesDeps & {
    sessions: Sessions;
    audit: AuditLog;
    totp: Totp;
    verifyTasks: VerifyTasks;
  };

export function adminRoutes(deps: AdminRoutesDeps, views: Views): Router {
  const router = Router();
  const { csrf, sessions, audit, totp, verifyTasks: tasks } = deps;
  const page = areaPages(views, 'admin', adminArea(csrf));
  const staff = requireRole(['admin', 'support'], paths.admin.login, () => true);
  const adminOnly = requireRole(['admin'], paths.admin.login, () => true);

  router.use(paths.admin.home, loadSession(sessions), (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(authRoutes(deps, page, audit, totp));
  router.use(registrationRoutes(deps, page, audit, staff));
  router.use(registrationEraseRoutes(deps, page, audit, adminOnly));
  router.use(partnerRoutes(deps, page, audit, staff, adminOnly));
  router.use(storageRoutes(deps, page, audit, tasks, staff, adminOnly));
  router.use(officeRoutes(deps, page, staff, adminOnly));
  router.use(auditRoutes(page, audit, adminOnly));
  router.use(adminAccountRoutes(deps, page, audit, staff));
  router.use(userRoutes(deps, page, audit, adminOnly));
  // Rollcall's print queue; staff may open any batch, a partner's too (to help it).
  router.use(
    printDeskRoutes(deps, {
      paths: paths.admin,
      page,
      view: staff,
      change: adminOnly,
      printerOf: async () => null,
      printerName: async (partnerId) => (partnerId ? ((await deps.partners.byId(partnerId))?.name ?? partnerId) : 'Rollcall'),
      seesEveryBatch: true,
      msgOf: () => msg,
    }),
  );
  return router;
}
