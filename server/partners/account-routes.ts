// A partner user's own account: change the password (the current one, the rules including the
// breached-password list; every other session of the user ends; audit and security log).
import { Router, type RequestHandler } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import type { PasswordChange, Users } from '../auth/users.js';
import { sessionTime, type Sessions } from '../auth/sessions.js';
import type { AuditLog } from '../admin/audit.js';
import type { CsrfTokens } from '../http/csrf.js';
import { truncatedAddress } from '../http/client-address.js';
import { formField } from '../http/form.js';
import type { SecurityLog } from '../http/security-log.js';
import { paths } from '../paths.js';
import type { PartnerPage } from './portal-page.js';
import { passwordErrorKey } from './password-routes.js';

/** What accountRoutes uses, and nothing else. */
export interface AccountRoutesDeps {
  csrf: CsrfTokens;
  users: Users;
  sessions: Sessions;
  audit: AuditLog;
  security: SecurityLog;
}

/** The field a refused change is shown on, and the partner locale's sentence for it. */
function fieldError(change: Exclude<PasswordChange, { ok: true }>): { field: 'current' | 'password'; key: string } {
  if (change.problem === 'wrong_current' || change.problem === 'locked') return { field: 'current', key: 'account.currentWrong' };
  return { field: 'password', key: passwordErrorKey(change.problem) };
}

export function accountRoutes(
  { csrf, users, sessions, audit, security }: AccountRoutesDeps,
  page: PartnerPage,
  requirePartner: RequestHandler,
): Router {
  const router = Router();
  const show = (res: Parameters<PartnerPage>[0], data: Record<string, unknown>, status = 200) =>
    page(res, 'account-password.njk', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH, errors: {}, ...data }, status);

  router.get(paths.partner.password, requirePartner, (_req, res) => show(res, {}));

  router.post(paths.partner.password, requirePartner, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!;
    const current = formField(body, 'current', { asSent: true, max: 300 });
    const password = formField(body, 'password', { asSent: true, max: MAX_PASSWORD_LENGTH + 1 });
    const confirm = formField(body, 'confirm', { asSent: true, max: MAX_PASSWORD_LENGTH + 1 });
    if (password !== confirm) return show(res, { errors: { confirm: 'reset.mismatch' } }, 422);
    const change = await users.changePassword(who.user.id, current, password);
    if (!change.ok) {
      const { field, key } = fieldError(change);
      if (field === 'current') security.event(req, 'password_change_refused', { area: 'partner', user: who.user.id, why: change.problem });
      return show(res, { errors: { [field]: key } }, 422);
    }
    const ended = await sessions.destroyOthersFor(who.user.id, who.session);
    await audit.record(who.user, 'password_change', who.user.partner_id, truncatedAddress(req.ip), `${ended} other session(s) ended`);
    security.event(req, 'password_changed', { area: 'partner', user: who.user.id, sessionsEnded: ended });
    show(res, { done: true });
  });

  router.get(paths.partner.sessions, requirePartner, async (_req, res) => {
    const who = signedIn(res)!;
    const list = await sessions.listFor(who.user, who.session);
    page(res, 'account-sessions.njk', {
      sessions: list.map((s) => ({ ...s, created: sessionTime(s.createdAt), lastSeen: sessionTime(s.lastSeenAt) })),
    });
  });

  // Ends one of the user's own sessions (only theirs: the handle is looked up among them). Ending
  // the current one signs out.
  router.post(paths.partner.endSession, requirePartner, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!;
    const handle = formField(body, 'session', { max: 64 });
    const mine = (await sessions.listFor(who.user, who.session)).find((s) => s.handle === handle);
    if (mine && (await sessions.endFor(who.user.id, handle))) {
      security.event(req, 'session_ended', { area: 'partner', user: who.user.id, own: mine.current });
      if (mine.current) {
        sessions.clearCookie(res);
        return res.redirect(303, paths.partner.login);
      }
    }
    res.redirect(303, paths.partner.sessions);
  });

  return router;
}
