// "Forgot password" for partner users: ask with an email address (always the same answer, so the
// page does not tell which addresses have accounts), get a single-use link by mail, set a new
// password; every session of that user ends. The token logic is server/auth/password-resets.ts.
import { Router, type Request, type Response } from 'express';
import { RESET_TTL_MS, type PasswordResets } from '../auth/password-resets.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordStrength, type PasswordProblem } from '../auth/passwords.js';
import { assertCsrf, type CsrfTokens } from '../http/csrf.js';
import { paths } from '../paths.js';
import type { Limit, RateLimiter } from '../http/rate-limit.js';
import { partnerLangOf, partnerMsg } from './language.js';
import { LOGIN_SCOPE, PARTNER_LIMITS, type PartnerPage } from './portal-page.js';
import type { Logger } from '../logger.js';
import type { SecurityLog } from '../http/security-log.js';
import type { Mailer } from '../mail/mailer.js';
import type { AccountNotices } from '../mail/account-notice.js';
import { browserFamily } from '../http/user-agent.js';
import type { PartnerRecords } from './partner-records.js';
import type { Sessions } from '../auth/sessions.js';
import type { Users } from '../auth/users.js';
import { formField } from '../http/form.js';
import { clientOf } from '../http/client-address.js';

const MINUTES = RESET_TTL_MS / 60_000;

/** The partner locale's sentence for a refused new password (it takes `min`). */
export function passwordErrorKey(problem: PasswordProblem): string {
  return problem === 'common' ? 'account.passwordCommon' : problem === 'weak' ? 'passwordHelp.weak' : 'reset.weak';
}

/** What passwordRoutes uses, and nothing else. */
export interface PasswordRoutesDeps {
  csrf: CsrfTokens;
  limiter: RateLimiter;
  users: Users;
  partners: PartnerRecords;
  passwordResets: PasswordResets;
  sessions: Sessions;
  mailer: Mailer;
  logger: Logger;
  baseUrl: string;
  security: SecurityLog;
  notices: Pick<AccountNotices, 'notify'>;
}

export function passwordRoutes(
  { csrf, limiter, users, partners, passwordResets, sessions, mailer, logger, baseUrl, security, notices }: PasswordRoutesDeps,
  page: PartnerPage,
): Router {
  const router = Router();
  const log = logger.child({ component: 'password-reset' });

  // Pre-sign-in forms carry the login CSRF scope; the token in the address never leaks as a Referer.
  const show = (res: Response, template: 'forgot.njk' | 'reset.njk', data: Record<string, unknown>, status = 200) => {
    res.set('Referrer-Policy', 'no-referrer');
    page(
      res,
      template,
      { csrfToken: csrf.issue(LOGIN_SCOPE), minutes: MINUTES, min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH, ...data },
      status,
    );
  };

  /** True when over the limit (the page is then answered with 429). */
  const limited = async (res: Response, limit: Limit, subject: string): Promise<boolean> => !!(await limiter.tryHit(res, limit, subject));

  router.get(paths.partner.forgot, (_req, res) => show(res, 'forgot.njk', { email: '' }));

  router.post(paths.partner.forgot, async (req: Request, res: Response) => {
    const body = req.body as Record<string, unknown>;
    assertCsrf(csrf, LOGIN_SCOPE, body._csrf);
    const email = formField(body, 'email', { max: 320 }).toLowerCase();
    if (!email.includes('@')) return show(res, 'forgot.njk', { email, error: 'reset.emailMissing' }, 422);
    // Both limits count every request, known address or not, so a 429 tells nothing either.
    if ((await limited(res, PARTNER_LIMITS.resetClient, clientOf(req))) || (await limited(res, PARTNER_LIMITS.resetAddress, email))) {
      return show(res, 'forgot.njk', { email, error: 'reset.tooMany' }, 429);
    }
    const user = await users.byEmail(email);
    const partner =
      user && !user.disabled_at && user.role === 'partner' && user.partner_id ? await partners.activeById(user.partner_id) : undefined;
    if (user && partner) {
      const token = await passwordResets.issue(user.id);
      const msg = partnerMsg(res);
      const link = `${baseUrl}${paths.partner.reset}?token=${token}`;
      // Not awaited: the answer must not take longer when the address has an account. Only the
      // error code is logged (a message could name the recipient).
      mailer
        .send({ to: user.email, subject: msg('reset.mailSubject'), text: msg('reset.mailBody', { link, minutes: MINUTES }) })
        .catch((err: unknown) => {
          log.error({ user: user.id, code: (err as { code?: string }).code ?? 'unknown' }, 'password reset mail not sent');
        });
    }
    // Logged the same whether the address has an account (the log must not tell either).
    security.event(req, 'password_reset_requested', { area: 'partner' });
    show(res, 'forgot.njk', { sent: true, email: '' });
  });

  router.get(paths.partner.reset, async (req, res) => {
    const token = formField(req.query, 'token', { asSent: true });
    if (!(await passwordResets.isLive(token))) return show(res, 'reset.njk', { invalid: true }, 400);
    show(res, 'reset.njk', { token });
  });

  router.post(paths.partner.reset, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertCsrf(csrf, LOGIN_SCOPE, body._csrf);
    if (await limited(res, PARTNER_LIMITS.resetSubmit, clientOf(req)))
      return show(res, 'reset.njk', { invalid: true, error: 'reset.tooMany' }, 429);
    const token = formField(body, 'token', { asSent: true });
    const password = formField(body, 'password', { asSent: true, max: MAX_PASSWORD_LENGTH + 1 });
    const confirm = formField(body, 'confirm', { asSent: true, max: MAX_PASSWORD_LENGTH + 1 });
    if (!(await passwordResets.isLive(token))) {
      security.event(req, 'password_reset_refused', { area: 'partner', why: 'link not valid' });
      return show(res, 'reset.njk', { invalid: true }, 400);
    }
    if (password !== confirm) return show(res, 'reset.njk', { token, error: 'reset.mismatch' }, 422);
    const result = await passwordResets.complete(token, password);
    if (!result.ok)
      return result.reason === 'weak_password'
        ? show(
            res,
            'reset.njk',
            {
              token,
              error: passwordErrorKey(result.problem),
              // A weak one (ASVS 2.1.8): the meter's feedback with the field's error, for pages without the script too.
              feedback: result.problem === 'weak' ? passwordStrength(password, result.email ? [result.email] : []) : null,
            },
            422,
          )
        : show(res, 'reset.njk', { invalid: true }, 400);
    security.event(req, 'password_reset_completed', { area: 'partner', user: result.userId });
    await notices.notify({
      userId: result.userId,
      kind: 'password_reset',
      browser: browserFamily(req.get('user-agent')),
      lang: partnerLangOf(res),
    });
    sessions.clearCookie(res);
    res.redirect(303, `${paths.partner.login}?reset=done`);
  });

  return router;
}
