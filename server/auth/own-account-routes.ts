// A signed-in user's own account, for staff and partner users alike: change the password (the
// current one, the rules including the breached-password list; every other session of the user
// ends; audit and security log; the user is mailed a notice, mail/account-notice.ts) and list or
// end their own sessions. Each side gives its paths,
// its guard, its pages and how it names a refusal (admin/account-routes.ts,
// partners/account-routes.ts); the behaviour is one.
import { Router, type RequestHandler, type Response } from 'express';
import type { AuditLog } from '../admin/audit.js';
import { truncatedAddress } from '../http/client-address.js';
import type { CsrfTokens } from '../http/csrf.js';
import { formField } from '../http/form.js';
import type { SecurityLog } from '../http/security-log.js';
import { browserFamily } from '../http/user-agent.js';
import type { Lang } from '../i18n.js';
import type { AccountNotices } from '../mail/account-notice.js';
import type { Page } from '../http/views.js';
import { assertSessionCsrf, signedIn } from './guard.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordStrength } from './passwords.js';
import { sessionTime, type Sessions } from './sessions.js';
import type { PasswordChange, User, Users } from './users.js';

/** What ownAccountRoutes uses, and nothing else. */
export interface OwnAccountDeps {
  csrf: CsrfTokens;
  users: Users;
  sessions: Sessions;
  audit: AuditLog;
  security: SecurityLog;
  notices: Pick<AccountNotices, 'notify'>;
}

export type RefusedChange = Exclude<PasswordChange, { ok: true }>['problem'];

/** What differs between the staff and the partner side. */
export interface AccountSide {
  area: 'admin' | 'partner';
  paths: { password: string; sessions: string; endSession: string; login: string };
  guard: RequestHandler;
  page: Page;
  /** The locale key of "the two passwords differ". */
  mismatchKey: string;
  /** The locale key shown for a refused change (on the current password or on the new one). */
  errorKey: (problem: RefusedChange) => string;
  /** The partner the audit row belongs to (null for staff). */
  auditPartnerId: (user: User) => string | null;
  /** The language of the user's pages, for the notice mail (partner users may read Spanish). */
  langOf: (res: Response) => Lang;
}

export function ownAccountRoutes({ csrf, users, sessions, audit, security, notices }: OwnAccountDeps, side: AccountSide): Router {
  const { area, paths, guard, page } = side;
  const router = Router();
  const show = (res: Parameters<Page>[0], data: Record<string, unknown>, status = 200) =>
    page(res, 'account-password.njk', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH, errors: {}, ...data }, status);

  router.get(paths.password, guard, (_req, res) => show(res, {}));

  router.post(paths.password, guard, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!;
    const current = formField(body, 'current', { asSent: true, max: 300 });
    const password = formField(body, 'password', { asSent: true, max: MAX_PASSWORD_LENGTH + 1 });
    const confirm = formField(body, 'confirm', { asSent: true, max: MAX_PASSWORD_LENGTH + 1 });
    if (password !== confirm) return show(res, { errors: { confirm: side.mismatchKey } }, 422);
    const change = await users.changePassword(who.user.id, current, password);
    if (!change.ok) {
      const onCurrent = change.problem === 'wrong_current' || change.problem === 'locked';
      if (onCurrent) security.event(req, 'password_change_refused', { area, user: who.user.id, why: change.problem });
      // A weak one (ASVS 2.1.8): the meter's feedback goes with the field's error, for pages without the script too.
      const feedback = change.problem === 'weak' ? passwordStrength(password, [who.user.email]) : null;
      return show(res, { errors: { [onCurrent ? 'current' : 'password']: side.errorKey(change.problem) }, feedback }, 422);
    }
    const ended = await sessions.destroyOthersFor(who.user.id, who.session);
    await audit.record(
      who.user,
      'password_change',
      side.auditPartnerId(who.user),
      truncatedAddress(req.ip),
      `${ended} other session(s) ended`,
    );
    security.event(req, 'password_changed', { area, user: who.user.id, sessionsEnded: ended });
    await notices.notify({
      userId: who.user.id,
      kind: 'password_changed',
      browser: browserFamily(req.get('user-agent')),
      lang: side.langOf(res),
    });
    show(res, { done: true });
  });

  router.get(paths.sessions, guard, async (_req, res) => {
    const who = signedIn(res)!;
    const list = await sessions.listFor(who.user, who.session);
    page(res, 'account-sessions.njk', {
      sessions: list.map((s) => ({ ...s, created: sessionTime(s.createdAt), lastSeen: sessionTime(s.lastSeenAt) })),
    });
  });

  // Ends one of the user's own sessions (only theirs: the handle is looked up among them). Ending
  // the current one signs out.
  router.post(paths.endSession, guard, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!;
    const handle = formField(body, 'session', { max: 64 });
    const mine = (await sessions.listFor(who.user, who.session)).find((s) => s.handle === handle);
    if (mine && (await sessions.endFor(who.user.id, handle))) {
      security.event(req, 'session_ended', { area, user: who.user.id, own: mine.current });
      if (mine.current) {
        sessions.clearCookie(res);
        return res.redirect(303, paths.login);
      }
    }
    res.redirect(303, paths.sessions);
  });

  return router;
}
