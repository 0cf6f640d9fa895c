// The partner user's second factor (required: partners export registrants' personal data). After
// the password the session is half signed in; here the user enrols (the first time: a secret to
// scan or type, confirmed by a code) or gives a code, and gets a fresh, fully signed-in session.
// The TOTP itself (codes used once, secrets sealed) is auth/totp.ts, shared with the staff side.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { assertSessionCsrf, signedIn } from '../auth/guard.js';
import type { Sessions } from '../auth/sessions.js';
import type { Totp } from '../auth/totp.js';
import type { SecurityKeys } from '../auth/security-keys.js';
import { securityKeySignInRoutes } from '../auth/security-key-routes.js';
import type { User, Users } from '../auth/users.js';
import type { AuditLog } from '../admin/audit.js';
import type { CsrfTokens } from '../http/csrf.js';
import { Forbidden } from '../errors.js';
import { truncatedAddress } from '../http/client-address.js';
import type { RateLimiter } from '../http/rate-limit.js';
import type { SecurityLog } from '../http/security-log.js';
import { browserFamily, sessionOrigin } from '../http/user-agent.js';
import type { AccountNotices } from '../mail/account-notice.js';
import { partnerLangOf } from './language.js';
import { paths } from '../paths.js';
import type { PartnerRecords } from './partner-records.js';
import { PARTNER_LIMITS, type PartnerPage } from './portal-page.js';

/** What secondFactorRoutes uses, and nothing else. */
export interface SecondFactorDeps {
  csrf: CsrfTokens;
  limiter: RateLimiter;
  users: Users;
  sessions: Sessions;
  partners: PartnerRecords;
  security: SecurityLog;
  audit: AuditLog;
  totp: Totp;
  notices: Pick<AccountNotices, 'notify'>;
  securityKeys: SecurityKeys;
}

/** Where a partner user who has given the password goes next: enrolment, or the code. */
export const secondFactorPath = (user: Pick<User, 'totp_secret_enc'>): string =>
  user.totp_secret_enc ? paths.partner.totp : paths.partner.totpSetup;

/**
 * In front of every partner route: a partner user half signed in (password given, second factor
 * not yet) reaches nothing else. A GET is sent to the code or enrolment page, anything else is 403.
 */
export function refuseHalfSignedIn(req: Request, res: Response, next: NextFunction): void {
  const who = signedIn(res);
  if (who?.user.role !== 'partner' || who.session.secondFactorDone) return next();
  if (req.method === 'GET') return res.redirect(303, secondFactorPath(who.user));
  next(new Forbidden('Finish signing in first.'));
}

export function secondFactorRoutes(deps: SecondFactorDeps, page: PartnerPage): Router {
  const { csrf, limiter, users, sessions, partners, security, audit, totp, notices, securityKeys } = deps;
  const router = Router();

  /** The half-signed-in partner user, or a redirect (to the sign-in page, or on if already done). */
  const pending = (res: Response): User | undefined => {
    const who = signedIn(res);
    if (!who || who.user.role !== 'partner') {
      res.redirect(303, paths.partner.login);
      return undefined;
    }
    if (who.session.secondFactorDone) {
      res.redirect(303, paths.partner.home);
      return undefined;
    }
    return who.user;
  };

  const finish = async (req: Request, res: Response, user: User) => {
    // A disabled partner's user stops here too (the password step checked, but time has passed).
    const partner = await partners.activeById(user.partner_id);
    if (!partner) throw new Forbidden('This partner account is disabled.');
    // Second factor done: a fresh session id again, now fully signed in.
    await sessions.destroy(signedIn(res)!.session);
    const { token } = await sessions.create(user.id, true, sessionOrigin(req));
    sessions.setCookie(res, token);
    security.event(req, 'sign_in', { area: 'partner', user: user.id, step: 'second_factor' });
    await audit.record(user, 'partner_login', partner.id, truncatedAddress(req.ip));
    res.redirect(303, paths.partner.home);
  };

  /** False (and the limit is logged) once the account has had its attempts in the window. */
  const mayTry = async (res: Response, user: User): Promise<boolean> =>
    !(await limiter.tryHit(res, PARTNER_LIMITS.totp, `user:${user.id}`));

  const refused = (req: Request, user: User, replayed = false) =>
    security.event(req, 'second_factor_failed', { area: 'partner', user: user.id, ...(replayed ? { why: 'replayed' } : {}) });

  /** Queues the user's notice mail (mail/account-notice.ts), in the language of their pages. */
  const notify = (req: Request, res: Response, user: User, kind: 'code_replayed' | 'second_factor_enrolled') =>
    notices.notify({ userId: user.id, kind, browser: browserFamily(req.get('user-agent')), lang: partnerLangOf(res) });

  /** The code page, with "Use a security key" beside the code field when the user has a key. */
  const codePage = async (res: Response, user: User, error: string | null, status = 200, keyError: string | null = null) =>
    page(res, 'totp.njk', { error, keyError, hasKeys: (await securityKeys.count(user.id)) > 0 }, status);

  router.get(paths.partner.totp, async (_req, res) => {
    const user = pending(res);
    if (!user) return;
    if (!user.totp_secret_enc) return res.redirect(303, paths.partner.totpSetup);
    await codePage(res, user, null);
  });

  router.post(paths.partner.totp, async (req, res) => {
    const user = pending(res);
    if (!user) return;
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    if (!user.totp_secret_enc) return res.redirect(303, paths.partner.totpSetup);
    if (!(await mayTry(res, user))) return codePage(res, user, 'secondFactor.tooMany', 429);
    const fresh = (await users.byId(user.id)) as User & { totp_last_step: number | null };
    const lastStep = fresh.totp_last_step === null ? null : Number(fresh.totp_last_step);
    const verdict = await totp.verdict(user.id, totp.secretOf(user.totp_secret_enc), body.code, lastStep, false);
    if (verdict !== 'ok') {
      refused(req, user, verdict === 'replayed');
      // A right code used before: refused like a wrong one, and its holder is told (ASVS 2.8.5).
      if (verdict === 'replayed') await notify(req, res, user, 'code_replayed');
      return codePage(res, user, 'secondFactor.invalid', 401);
    }
    await finish(req, res, user);
  });

  // "Use a security key": the same limit, the same finish as a code (auth/security-key-routes.ts).
  router.use(
    securityKeySignInRoutes(
      { csrf, securityKeys, security, audit },
      {
        area: 'partner',
        paths: paths.partner,
        pending: (_req, res) => pending(res),
        mayTry,
        refuse: (_req, res, keyError, status) => codePage(res, signedIn(res)!.user, null, status, keyError),
        finish,
      },
    ),
  );

  router.get(paths.partner.totpSetup, (_req, res) => {
    const user = pending(res);
    if (!user) return;
    if (user.totp_secret_enc) return res.redirect(303, paths.partner.totp);
    page(res, 'totp-setup.njk', { enrolment: totp.newEnrolment(user.email, user.id), error: null });
  });

  router.post(paths.partner.totpSetup, async (req, res) => {
    const user = pending(res);
    if (!user) return;
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    if (user.totp_secret_enc) return res.redirect(303, paths.partner.totp);
    const secret = totp.openEnrolment(body.sealed, user.id);
    if (!secret) return res.redirect(303, paths.partner.totpSetup);
    const again = totp.newEnrolment(user.email, user.id, secret);
    if (!(await mayTry(res, user))) return page(res, 'totp-setup.njk', { enrolment: again, error: 'secondFactor.tooMany' }, 429);
    if (!(await totp.check(user.id, secret, body.code, null, true))) {
      refused(req, user);
      return page(res, 'totp-setup.njk', { enrolment: again, error: 'secondFactor.invalid' }, 401);
    }
    await notify(req, res, user, 'second_factor_enrolled');
    await finish(req, res, (await users.byId(user.id))!);
  });

  return router;
}
