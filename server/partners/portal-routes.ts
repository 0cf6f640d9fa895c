// The partner portal under /partner: sign-in for partner users (argon2 via Users, database
// sessions, CSRF, a login rate limit per client address plus the per-account lock-out), the
// dashboard (funnel, by day, by state, date filter) and the CSV export. Every query is scoped to
// the signed-in user's partner_id; nothing here takes a partner id from the request.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { assertSessionCsrf, loadSession, requireRole, signedIn } from '../auth/guard.js';
import type { Clock } from '../clock.js';
import type { Sessions } from '../auth/sessions.js';
import type { Users } from '../auth/users.js';
import { assertCsrf, type CsrfTokens } from '../http/csrf.js';
import { Forbidden } from '../errors.js';
import { paths } from '../paths.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { areaPages, type Views } from '../http/views.js';
import { dayChartSvg } from './chart.js';
import { keyRoutes, type KeyRoutesDeps } from './key-routes.js';
import { passwordRoutes, type PasswordRoutesDeps } from './password-routes.js';
import { accountRoutes, type AccountRoutesDeps } from './account-routes.js';
import { webhookRoutes, type WebhookRoutesDeps } from './webhook-routes.js';
import { widgetSettingsRoutes, type WidgetSettingsDeps } from './widget-settings-routes.js';
import { partnerLanguage, partnerMsg } from './language.js';
import { LOGIN_SCOPE, PARTNER_LIMITS, partnerArea, partnerIdOf } from './portal-page.js';
import { brandingRoutes, type BrandingRoutesDeps } from './branding-routes.js';
import type { LogoRoutesDeps } from './logo-routes.js';
import { questionsRoutes, type QuestionsRoutesDeps } from './questions-routes.js';
import { refuseHalfSignedIn, secondFactorPath, secondFactorRoutes, type SecondFactorDeps } from './second-factor-routes.js';
import { streamCsv } from './csv-export.js';
import { truncatedAddress } from '../http/client-address.js';
import { partnerPrintRoutes, type PartnerPrintDeps } from './print-routes.js';
import { parseRange, type PartnerReports } from './partner-reports.js';
import type { PartnerRecords } from './partner-records.js';
import type { SurveyRecords } from '../registrations/survey-records.js';
import { formField } from '../http/form.js';
import { clientOf } from '../http/client-address.js';
import { sessionOrigin } from '../http/user-agent.js';

/**
 * A partner user whose partner is still active. Disabling a partner must cut off its users at
 * once, not at their next sign-in (their sessions live up to 12 h).
 */
function activePartnerUser(partners: PartnerRecords, roleCheck: RequestHandler): RequestHandler {
  return (req, res, next) =>
    refuseHalfSignedIn(req, res, (halfErr?: unknown) => {
      if (halfErr) return next(halfErr);
      roleCheck(req, res, (err?: unknown) => {
        if (err) return next(err);
        partners
          .activeById(signedIn(res)?.user.partner_id)
          .then((partner) => next(partner ? undefined : new Forbidden('This partner account is disabled.')), next);
      });
    });
}

/** What the partner portal uses: each of its routers takes its own part of this. */
export type PortalRoutesDeps = PasswordRoutesDeps &
  AccountRoutesDeps &
  KeyRoutesDeps &
  WebhookRoutesDeps &
  SecondFactorDeps &
  WidgetSettingsDeps &
  BrandingRoutesDeps &
  LogoRoutesDeps &
  QuestionsRoutesDeps &
  PartnerPrintDeps & {
    clock: Clock;
    csrf: CsrfTokens;
    limiter: RateLimiter;
    users: Users;
    sessions: Sessions;
    partners: PartnerRecords;
    reports: PartnerReports;
    surveys: SurveyRecords;
    secureCookies: boolean;
  };

export function portalRoutes(deps: PortalRoutesDeps, views: Views): Router {
  const router = Router();
  const { clock, csrf, limiter, users, sessions, partners, reports, surveys, secureCookies, security, audit } = deps;
  const page = areaPages(views, 'partner', partnerArea(csrf));
  const requirePartner = activePartnerUser(partners, requireRole(['partner'], paths.partner.login));

  router.use(paths.partner.home, loadSession(sessions), partnerLanguage(secureCookies), (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  // `error` is a key of the partner locale.
  const loginForm = (res: Response, error: string | null, status = 200, email = '') => page(res, 'login.njk', { error, email }, status);

  router.get(paths.partner.login, (req, res) => {
    // Fully signed in: go on. Half signed in (no code yet): the form again, for this or another account.
    const who = signedIn(res);
    if (who?.user.role === 'partner' && who.session.secondFactorDone) return res.redirect(303, paths.partner.home);
    page(res, 'login.njk', { error: null, email: '', notice: req.query.reset === 'done' ? 'login.passwordChanged' : null });
  });

  router.post(paths.partner.login, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertCsrf(csrf, LOGIN_SCOPE, body._csrf);
    const email = formField(body, 'email', { max: 320 });
    if (await limiter.tryHit(res, PARTNER_LIMITS.login, clientOf(req))) return loginForm(res, 'login.tooMany', 429, email);
    const result = await users.login(email, formField(body, 'password', { asSent: true, max: 300 }));
    const partner =
      result.ok && result.user.role === 'partner' && result.user.partner_id ? await partners.activeById(result.user.partner_id) : undefined;
    if (!result.ok || !partner) {
      security.event(req, !result.ok && result.reason === 'locked' ? 'sign_in_locked' : 'sign_in_failed', { area: 'partner' });
      // Staff accounts, users of a disabled partner and locked accounts get the same answer as a
      // wrong password or an unknown email: the page must not tell which accounts exist.
      return loginForm(res, 'account.signInRefused', 401, email);
    }
    const old = signedIn(res);
    if (old) await sessions.destroy(old.session);
    // Half signed in until the second factor (second-factor-routes.ts), which gives a new session id again.
    const { token } = await sessions.create(result.user.id, false, sessionOrigin(req));
    sessions.setCookie(res, token);
    security.event(req, 'sign_in', { area: 'partner', user: result.user.id, step: 'password' });
    res.redirect(303, secondFactorPath(result.user));
  });

  router.post(paths.partner.logout, async (req, res) => {
    const who = signedIn(res);
    if (who) {
      assertSessionCsrf(csrf, res, (req.body as Record<string, unknown>)._csrf);
      await sessions.destroy(who.session);
    }
    sessions.clearCookie(res);
    res.redirect(303, paths.partner.login);
  });

  router.get(paths.partner.home, requirePartner, async (req: Request, res: Response) => {
    const partnerId = partnerIdOf(res);
    const partner = await partners.byId(partnerId);
    const { range, from, to, error } = parseRange(req.query as Record<string, unknown>, clock.now());
    const [funnel, days, states] = await Promise.all([
      reports.funnel(partnerId, range),
      reports.byDay(partnerId, range),
      reports.byState(partnerId, range),
    ]);
    const maxState = Math.max(1, ...states.map((s) => s.started));
    page(res, 'dashboard.njk', {
      partner,
      from,
      to,
      rangeError: error,
      funnel,
      days,
      states: states.map((s) => ({
        ...s,
        startedPct: Math.round((s.started / maxState) * 100),
        completedPct: Math.round((s.completed / maxState) * 100),
      })),
      chart: dayChartSvg(days, 'by-day-title', partnerMsg(res), { from, to }),
      exportHref: `${paths.partner.export}?from=${from}&to=${to}`,
    });
  });

  router.get(paths.partner.export, requirePartner, async (req, res) => {
    const { range, from, to } = parseRange(req.query as Record<string, unknown>, clock.now());
    // Personal data leaves Rollcall here: the audit log says who took it, and which dates.
    await audit.record(signedIn(res)!.user, 'partner_export', partnerIdOf(res), truncatedAddress(req.ip), `${from}..${to}`);
    await streamCsv(res, { reports, surveys }, partnerIdOf(res), range);
  });

  router.use(secondFactorRoutes(deps, page));
  router.use(passwordRoutes(deps, page));
  router.use(accountRoutes(deps, page, requirePartner));
  router.use(keyRoutes(deps, page, requirePartner));
  router.use(webhookRoutes(deps, page, requirePartner));
  router.use(widgetSettingsRoutes(deps, page, requirePartner));
  router.use(brandingRoutes(deps, page, requirePartner));
  router.use(questionsRoutes(deps, page, requirePartner));
  router.use(partnerPrintRoutes(deps, page, requirePartner));

  return router;
}
