// Accounts, for admins: the list of staff and partner users, and resetting a user's second factor
// (ASVS 2.5.7, 2.8.6): the way back in for a user who lost it (a new phone), and the way to revoke
// one believed stolen. Admin only; never one's own (another admin must do it, so one stolen admin
// session cannot remove its owner's factor unseen); a confirmation page, then a CSRF-protected POST.
// The reset itself is auth/second-factor.ts (every kind of factor cleared, every session ended);
// here it is audited, logged as a security event and mailed to the user (mail/account-notice.ts).
import { Router, type RequestHandler, type Response } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import { resetSecondFactor } from '../auth/second-factor.js';
import type { SecurityKeys } from '../auth/security-keys.js';
import type { Sessions } from '../auth/sessions.js';
import type { User, Users } from '../auth/users.js';
import { NotFound } from '../errors.js';
import { truncatedAddress } from '../http/client-address.js';
import type { CsrfTokens } from '../http/csrf.js';
import { formField } from '../http/form.js';
import type { SecurityLog } from '../http/security-log.js';
import { browserFamily } from '../http/user-agent.js';
import type { AccountNotices } from '../mail/account-notice.js';
import { paths } from '../paths.js';
import type { AuditLog } from './audit.js';
import type { AdminPage } from './page.js';

/** What userRoutes uses, and nothing else (the audit log comes with the admin routes). */
export interface UserRoutesDeps {
  csrf: CsrfTokens;
  users: Users;
  sessions: Sessions;
  security: SecurityLog;
  notices: Pick<AccountNotices, 'notify'>;
  securityKeys: Pick<SecurityKeys, 'deleteAll'>;
}

export function userRoutes(deps: UserRoutesDeps, page: AdminPage, audit: AuditLog, adminOnly: RequestHandler): Router {
  const { csrf, users, sessions, security, notices, securityKeys } = deps;
  const router = Router();

  /** The account the address names, or 404 (an id that is not a number names none). */
  const target = async (id: unknown): Promise<User> => {
    const n = typeof id === 'string' && /^[1-9]\d{0,9}$/.test(id) ? Number(id) : NaN;
    const user = Number.isSafeInteger(n) ? await users.byId(n) : undefined;
    if (!user) throw new NotFound('No such account.');
    return user;
  };

  const confirmPage = (res: Response, user: User, status = 200, error: string | null = null) =>
    page(
      res,
      'user-second-factor.njk',
      {
        section: 'users',
        account: {
          id: user.id,
          email: user.email,
          role: user.role,
          partnerId: user.partner_id,
          secondFactor: Boolean(user.totp_secret_enc),
        },
        own: user.id === signedIn(res)!.user.id,
        error,
      },
      status,
    );

  router.get(paths.admin.users, adminOnly, async (req, res) => {
    const done = formField(req.query, 'reset', { max: 12 });
    page(res, 'users.njk', {
      section: 'users',
      accounts: await users.list(),
      done: done === 'done' ? true : done === 'none' ? 'none' : false,
    });
  });

  router.get(paths.admin.userSecondFactor(':id'), adminOnly, async (req, res) => {
    const user = await target(req.params.id);
    confirmPage(res, user, user.id === signedIn(res)!.user.id ? 403 : 200);
  });

  router.post(paths.admin.userSecondFactor(':id'), adminOnly, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const who = signedIn(res)!;
    const user = await target(req.params.id);
    if (user.id === who.user.id) {
      security.event(req, 'forbidden', { area: 'admin', user: who.user.id, why: 'own second factor' });
      return confirmPage(res, user, 403);
    }
    // The confirmation page's button sends it: a bare POST (a mistaken or forged link) does nothing.
    // No field of the page is wrong (the button carries it), so 400 rather than a 422 naming a field.
    if (formField(body, 'confirm', { max: 10 }) !== 'yes') return confirmPage(res, user, 400, 'accountNotice.reset.confirmMissing');
    const { cleared } = await resetSecondFactor({ users, sessions, securityKeys }, user.id);
    if (!cleared) return res.redirect(303, `${paths.admin.users}?reset=none`);
    await audit.record(who.user, 'second_factor_reset', `user:${user.id}`, truncatedAddress(req.ip), user.email);
    security.event(req, 'second_factor_reset', { area: 'admin', user: who.user.id, target: user.id });
    await notices.notify({ userId: user.id, kind: 'second_factor_reset', browser: browserFamily(req.get('user-agent')) });
    res.redirect(303, `${paths.admin.users}?reset=done`);
  });

  return router;
}
