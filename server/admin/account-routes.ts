// A staff member's own account: change the password (the current one, the rules including the
// breached-password list; every other session of the user ends; audit and security log). The
// partner portal's twin is partners/account-routes.ts; both call Users.changePassword.
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import type { Users } from '../auth/users.js';
import { sessionTime, type Sessions } from '../auth/sessions.js';
import type { CsrfTokens } from '../http/csrf.js';
import { truncatedAddress } from '../http/client-address.js';
import { formField } from '../http/form.js';
import type { SecurityLog } from '../http/security-log.js';
import { paths } from '../paths.js';
import type { AuditLog } from './audit.js';
import type { AdminPage } from './page.js';

/** What adminAccountRoutes uses, and nothing else. */
export interface AdminAccountDeps {
  csrf: CsrfTokens;
  users: Users;
  sessions: Sessions;
  security: SecurityLog;
}

const ERROR_KEYS = {
  wrong_current: 'account.currentWrong',
  locked: 'account.currentWrong',
  too_short: 'account.weak',
  too_long: 'account.weak',
  common: 'account.passwordCommon',
} as const;

export function adminAccountRoutes(
  { csrf, users, sessions, security }: AdminAccountDeps,
  page: AdminPage,
  audit: AuditLog,
  staff: RequestHandler,
): Router {
  const router = Router();
  const show = (res: Parameters<AdminPage>[0], data: Record<string, unknown>, status = 200) =>
    page(res, 'account-password.njk', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH, errors: {}, ...data }, status);

  router.get(paths.admin.password, staff, (_req, res) => show(res, {}));

  router.post(paths.admin.password, staff, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!;
    const current = formField(body, 'current', { asSent: true, max: 300 });
    const password = formField(body, 'password', { asSent: true, max: MAX_PASSWORD_LENGTH + 1 });
    const confirm = formField(body, 'confirm', { asSent: true, max: MAX_PASSWORD_LENGTH + 1 });
    if (password !== confirm) return show(res, { errors: { confirm: 'account.mismatch' } }, 422);
    const change = await users.changePassword(who.user.id, current, password);
    if (!change.ok) {
      const onCurrent = change.problem === 'wrong_current' || change.problem === 'locked';
      if (onCurrent) security.event(req, 'password_change_refused', { area: 'admin', user: who.user.id, why: change.problem });
      return show(res, { errors: { [onCurrent ? 'current' : 'password']: ERROR_KEYS[change.problem] } }, 422);
    }
    const ended = await sessions.destroyOthersFor(who.user.id, who.session);
    await audit.record(who.user, 'password_change', null, truncatedAddress(req.ip), `${ended} other session(s) ended`);
    security.event(req, 'password_changed', { area: 'admin', user: who.user.id, sessionsEnded: ended });
    show(res, { done: true });
  });

  router.get(paths.admin.sessions, staff, async (_req, res) => {
    const who = signedIn(res)!;
    const list = await sessions.listFor(who.user, who.session);
    page(res, 'account-sessions.njk', {
      sessions: list.map((s) => ({ ...s, created: sessionTime(s.createdAt), lastSeen: sessionTime(s.lastSeenAt) })),
    });
  });

  // Ends one of the user's own sessions (only theirs: the handle is looked up among them). Ending
  // the current one signs out.
  router.post(paths.admin.endSession, staff, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!;
    const handle = formField(body, 'session', { max: 64 });
    const mine = (await sessions.listFor(who.user, who.session)).find((s) => s.handle === handle);
    if (mine && (await sessions.endFor(who.user.id, handle))) {
      security.event(req, 'session_ended', { area: 'admin', user: who.user.id, own: mine.current });
      if (mine.current) {
        sessions.clearCookie(res);
        return res.redirect(303, paths.admin.login);
      }
    }
    res.redirect(303, paths.admin.sessions);
  });

  return router;
}
