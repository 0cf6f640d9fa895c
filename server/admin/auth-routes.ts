// Signing in to the admin side: email + password (argon2, lock-out, a rate limit per client
// address), then a TOTP code (enrolled at the first sign-in), then a fresh session. Sign-out.
import { Router, type Request, type Response } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import type { User, Users } from '../auth/users.js';
import { assertCsrf, type CsrfTokens } from '../http/csrf.js';
import { paths } from '../paths.js';
import type { Limit, RateLimiter } from '../http/rate-limit.js';
import type { AuditLog } from './audit.js';
import { clientOf, truncatedAddress } from '../http/client-address.js';
import type { SecurityLog } from '../http/security-log.js';
import { LOGIN_CSRF_SCOPE, type AdminPage } from './page.js';
import { formField, type FormBody } from '../http/form.js';
import type { Totp } from '../auth/totp.js';
import type { Sessions } from '../auth/sessions.js';
import { browserFamily, sessionOrigin } from '../http/user-agent.js';
import type { AccountNotices } from '../mail/account-notice.js';
import type { SecurityKeys } from '../auth/security-keys.js';
import { securityKeySignInRoutes } from '../auth/security-key-routes.js';

export const ADMIN_LIMITS = {
  /** Password attempts per client address (the per-account lock-out is in Users). */
  login: { name: 'admin-login', max: 10, windowMs: 60_000 },
  /** Second-factor attempts per account. */
  totp: { name: 'admin-totp', max: 5, windowMs: 5 * 60_000 },
} satisfies Record<string, Limit>;

const STAFF_ROLES = new Set(['admin', 'support']);

/** Only a path on the admin side may be a post-login destination (no open redirect). */
export function safeNext(source: FormBody): string {
  const next = formField(source, 'next', { max: 500 });
  return /^\/admin(\/[A-Za-z0-9/_.?=&%+-]*)?$/.test(next) && !next.startsWith('//') ? next : paths.admin.registrations;
}

/** What authRoutes uses, and nothing else. */
export interface AuthRoutesDeps {
  csrf: CsrfTokens;
  limiter: RateLimiter;
  users: Users;
  sessions: Sessions;
  security: SecurityLog;
  notices: Pick<AccountNotices, 'notify'>;
  securityKeys: SecurityKeys;
}

export function authRoutes(
  { csrf, limiter, users, sessions, security, notices, securityKeys }: AuthRoutesDeps,
  page: AdminPage,
  audit: AuditLog,
  totp: Totp,
): Router {
  const router = Router();

  const loginForm = (res: Response, next: string, error: string | null, status = 200, email = '') =>
    page(res, 'login.njk', { next, error, email, csrfToken: csrf.issue(LOGIN_CSRF_SCOPE) }, status);

  router.get(paths.admin.login, (req, res) => {
    const who = signedIn(res);
    const next = safeNext(req.query);
    // Fully signed in: go on. Half signed in (no code yet): the form again, for this or another account.
    if (who && STAFF_ROLES.has(who.user.role) && who.session.secondFactorDone) return res.redirect(303, next);
    loginForm(res, next, null);
  });

  router.post(paths.admin.login, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertCsrf(csrf, LOGIN_CSRF_SCOPE, body._csrf);
    const next = safeNext(body);
    const email = formField(body, 'email', { max: 320 });
    if (await limiter.tryHit(res, ADMIN_LIMITS.login, clientOf(req))) return loginForm(res, next, 'login.tooMany', 429, email);
    const result = await users.login(email, formField(body, 'password', { max: 300 }));
    if (!result.ok || !STAFF_ROLES.has(result.user.role)) {
      security.event(req, !result.ok && result.reason === 'locked' ? 'sign_in_locked' : 'sign_in_failed', { area: 'admin' });
      // A partner user's right password gets the same answer as a wrong one: this door is not theirs.
      const known = await users.byEmail(email);
      if (known && STAFF_ROLES.has(known.role))
        await audit.record(
          { id: known.id, email: known.email },
          'login_failed',
          null,
          truncatedAddress(req.ip),
          result.ok ? undefined : result.reason,
        );
      // One answer for an unknown email, a wrong password and a locked account: it must not tell
      // which accounts exist (the audit and security logs keep the reason).
      return loginForm(res, next, 'account.signInRefused', 401, email);
    }
    security.event(req, 'sign_in', { area: 'admin', user: result.user.id, step: 'password' });
    // A new session id at every sign-in; any earlier one on this browser is dropped.
    const old = signedIn(res);
    if (old) await sessions.destroy(old.session);
    const { token } = await sessions.create(result.user.id, false, sessionOrigin(req));
    sessions.setCookie(res, token);
    res.redirect(303, `${result.user.totp_secret_enc ? paths.admin.totp : paths.admin.totpSetup}?next=${encodeURIComponent(next)}`);
  });

  /** The half-signed-in user (password done, code not yet), or a redirect to the login page. */
  const pending = (req: Request, res: Response): User | undefined => {
    const who = signedIn(res);
    if (!who || !STAFF_ROLES.has(who.user.role)) {
      res.redirect(303, paths.admin.login);
      return undefined;
    }
    if (who.session.secondFactorDone) {
      res.redirect(303, safeNext(req.query.next === undefined ? ((req.body as FormBody | undefined) ?? {}) : req.query));
      return undefined;
    }
    return who.user;
  };

  const finish = async (req: Request, res: Response, user: User, next: string) => {
    // Second factor done: a fresh session id again, now fully signed in.
    await sessions.destroy(signedIn(res)!.session);
    const { token } = await sessions.create(user.id, true, sessionOrigin(req));
    sessions.setCookie(res, token);
    security.event(req, 'sign_in', { area: 'admin', user: user.id, step: 'second_factor' });
    await audit.record(user, 'login', null, truncatedAddress(req.ip));
    res.redirect(303, next);
  };

  const limitCodes = async (res: Response, user: User): Promise<boolean> =>
    !(await limiter.tryHit(res, ADMIN_LIMITS.totp, `user:${user.id}`));

  /** The code page, with "Use a security key" beside the code field when the user has a key. */
  const codePage = async (res: Response, user: User, next: string, error: string | null, status = 200, keyError: string | null = null) =>
    page(res, 'totp.njk', { next, error, keyError, hasKeys: (await securityKeys.count(user.id)) > 0 }, status);

  router.get(paths.admin.totp, async (req, res) => {
    const user = pending(req, res);
    if (!user) return;
    if (!user.totp_secret_enc) return res.redirect(303, paths.admin.totpSetup);
    await codePage(res, user, safeNext(req.query), null);
  });

  router.post(paths.admin.totp, async (req, res) => {
    const user = pending(req, res);
    if (!user) return;
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const next = safeNext(body);
    if (!user.totp_secret_enc) return res.redirect(303, paths.admin.totpSetup);
    if (!(await limitCodes(res, user))) return codePage(res, user, next, 'totp.tooMany', 429);
    const fresh = (await users.byId(user.id)) as User & { totp_last_step: number | null };
    const verdict = await totp.verdict(
      user.id,
      totp.secretOf(user.totp_secret_enc),
      body.code,
      fresh.totp_last_step === null ? null : Number(fresh.totp_last_step),
      false,
    );
    if (verdict !== 'ok') {
      security.event(req, 'second_factor_failed', { area: 'admin', user: user.id, ...(verdict === 'replayed' ? { why: 'replayed' } : {}) });
      // A right code used before: refused like a wrong one, and its holder is told (ASVS 2.8.5).
      if (verdict === 'replayed')
        await notices.notify({ userId: user.id, kind: 'code_replayed', browser: browserFamily(req.get('user-agent')) });
      return codePage(res, user, next, 'totp.invalid', 401);
    }
    await finish(req, res, user, next);
  });

  // "Use a security key": the same limit, the same finish as a code (auth/security-key-routes.ts).
  router.use(
    securityKeySignInRoutes(
      { csrf, securityKeys, security, audit },
      {
        area: 'admin',
        paths: paths.admin,
        pending,
        mayTry: limitCodes,
        refuse: (req, res, keyError, status) => codePage(res, signedIn(res)!.user, safeNext(req.body as FormBody), null, status, keyError),
        finish: (req, res, user) => finish(req, res, user, safeNext(req.body as FormBody)),
      },
    ),
  );

  router.get(paths.admin.totpSetup, (req, res) => {
    const user = pending(req, res);
    if (!user) return;
    if (user.totp_secret_enc) return res.redirect(303, paths.admin.totp);
    page(res, 'totp-setup.njk', { next: safeNext(req.query), enrolment: totp.newEnrolment(user.email, user.id), error: null });
  });

  router.post(paths.admin.totpSetup, async (req, res) => {
    const user = pending(req, res);
    if (!user) return;
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const next = safeNext(body);
    if (user.totp_secret_enc) return res.redirect(303, paths.admin.totp);
    const secret = totp.openEnrolment(body.sealed, user.id);
    if (!secret) return res.redirect(303, paths.admin.totpSetup);
    const again = totp.newEnrolment(user.email, user.id, secret);
    if (!(await limitCodes(res, user))) return page(res, 'totp-setup.njk', { next, enrolment: again, error: 'totp.tooMany' }, 429);
    if (!(await totp.check(user.id, secret, body.code, null, true))) {
      security.event(req, 'second_factor_failed', { area: 'admin', user: user.id });
      return page(res, 'totp-setup.njk', { next, enrolment: again, error: 'totp.invalid' }, 401);
    }
    await notices.notify({ userId: user.id, kind: 'second_factor_enrolled', browser: browserFamily(req.get('user-agent')) });
    await finish(req, res, (await users.byId(user.id))!, next);
  });

  router.post(paths.admin.logout, async (req, res) => {
    const who = signedIn(res);
    if (who) {
      assertSessionCsrf(csrf, res, (req.body as Record<string, unknown>)._csrf);
      await sessions.destroy(who.session);
      if (who.session.secondFactorDone) await audit.record(who.user, 'logout', null, truncatedAddress(req.ip));
    }
    sessions.clearCookie(res);
    res.redirect(303, paths.admin.login);
  });

  return router;
}
