// The admin side, mounted under /admin: sign-in (password + TOTP), registrations (search, detail,
// PDF, bulk ZIP), partners, storage health and the audit log. Roles: `admin` may do everything;
// `support` may search, view and download, and look at partners and storage, but not change
// them; partner users and visitors get nothing here (tested route by route).
import { Router } from 'express';
import { loadSession, requireRole } from '../auth/guard.js';
import type { AppContext } from '../context.js';
import type { Views } from '../http/views.js';
import { PdfCatalog } from '../storage-host/pdf-catalog.js';
import { AuditLog } from './audit.js';
import { auditRoutes } from './audit-routes.js';
import { authRoutes } from './auth-routes.js';
import { areaPages } from '../http/views.js';
import { adminArea } from './page.js';
import { partnerRoutes } from './partner-routes.js';
import { registrationRoutes } from './registration-routes.js';
import { SampleRecorder } from './storage-samples.js';
import { storageRoutes } from './storage-routes.js';
import { Totp } from './totp.js';
import { VerifyTasks } from './verify-task.js';
import { paths } from '../http/paths.js';

export interface AdminServices {
  audit: AuditLog;
  totp: Totp;
  tasks: VerifyTasks;
  samples: SampleRecorder;
}

/** Admin services hang off the context they were built for (tests reach them through it). */
const servicesByContext = new WeakMap<AppContext, AdminServices>();

export function adminServices(ctx: AppContext): AdminServices {
  let services = servicesByContext.get(ctx);
  if (!services) {
    services = {
      audit: new AuditLog(ctx.db, ctx.clock),
      totp: new Totp(ctx.db, ctx.cipher, ctx.clock),
      tasks: new VerifyTasks(ctx.db, ctx.storage, new PdfCatalog(ctx.db, () => ctx.pdfs), ctx.clock, ctx.logger.child({ component: 'admin' })),
      samples: new SampleRecorder(ctx.db, ctx.storage, ctx.clock, ctx.logger.child({ component: 'admin' })),
    };
    servicesByContext.set(ctx, services);
  }
  return services;
}

export function adminRoutes(ctx: AppContext, views: Views): Router {
  const router = Router();
  const { audit, totp, tasks, samples } = adminServices(ctx);
  samples.start();
  const page = areaPages(views, 'admin', adminArea(ctx.csrf));
  const staff = requireRole(['admin', 'support'], paths.admin.login, () => true);
  const adminOnly = requireRole(['admin'], paths.admin.login, () => true);

  router.use(paths.admin.home, loadSession(ctx.sessions), (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  router.use(authRoutes(ctx, page, audit, totp));
  router.use(registrationRoutes(ctx, page, audit, staff));
  router.use(partnerRoutes(ctx, page, audit, staff, adminOnly));
  router.use(storageRoutes(ctx, page, audit, tasks, staff, adminOnly));
  router.use(auditRoutes(page, audit, adminOnly));
  return router;
}
