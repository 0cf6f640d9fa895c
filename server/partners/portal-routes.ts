// The partner portal under /partner: sign-in for partner users (argon2 via Users, database
// sessions, CSRF, a login rate limit per client address plus the per-account lock-out), the
// dashboard (funnel, by day, by state, date filter) and the CSV export. Every query is scoped to
// the signed-in user's partner_id; nothing here takes a partner id from the request.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { assertSessionCsrf, loadSession, requireRole, signedIn } from '../auth/guard.js';
import type { AppContext } from '../context.js';
import { assertCsrf } from '../http/csrf.js';
import { Forbidden } from '../http/errors.js';
import { paths } from '../http/paths.js';
import { TooManyRequests } from '../http/rate-limit.js';
import { areaPages, type Views } from '../http/views.js';
import { dayChartSvg } from './chart.js';
import { keyRoutes } from './key-routes.js';
import { passwordRoutes } from './password-routes.js';
import { webhookRoutes } from './webhook-routes.js';
import { widgetSettingsRoutes } from './widget-settings-routes.js';
import { partnerLanguage, partnerMsg } from './language.js';
import { LOGIN_SCOPE, PARTNER_LIMITS, partnerArea, partnerIdOf } from './portal-page.js';
import { brandingRoutes } from './branding-routes.js';
import { questionsRoutes } from './questions-routes.js';
import { streamCsv } from './csv-export.js';
import { parseRange, PartnerStats } from './stats.js';
import { formField } from '../http/form.js';

/**
 * A partner user whose partner is still active. Disabling a partner must cut off its users at
 * once, not at their next sign-in (their sessions live up to 12 h).
 */
function activePartnerUser(ctx: AppContext, roleCheck: RequestHandler): RequestHandler {
  return (req, res, next) =>
    roleCheck(req, res, (err?: unknown) => {
      if (err) return next(err);
      ctx.partners.activeById(signedIn(res)?.user.partner_id).then(
        (partner) => next(partner ? undefined : new Forbidden('This partner account is disabled.')),
        next,
      );
    });
}

export function portalRoutes(ctx: AppContext, views: Views): Router {
  const router = Router();
  const page = areaPages(views, 'partner', partnerArea(ctx.csrf));
  const stats = new PartnerStats(ctx.db);
  const requirePartner = activePartnerUser(ctx, requireRole(['partner'], paths.partner.login));

  router.use(paths.partner.home, loadSession(ctx.sessions), partnerLanguage(ctx.config.baseUrl.startsWith('https:')), (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  // `error` is a key of the partner locale.
  const loginForm = (res: Response, error: string | null, status = 200, email = '') => page(res, 'login.njk', { error, email }, status);

  router.get(paths.partner.login, (req, res) => {
    if (signedIn(res)?.user.role === 'partner') return res.redirect(303, paths.partner.home);
    page(res, 'login.njk', { error: null, email: '', notice: req.query.reset === 'done' ? 'login.passwordChanged' : null });
  });

  router.post(paths.partner.login, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertCsrf(ctx.csrf, LOGIN_SCOPE, body._csrf);
    const email = formField(body, 'email', { max: 320 });
    try {
      await ctx.limiter.hit(PARTNER_LIMITS.login, req.ip ?? 'unknown');
    } catch (err) {
      if (!(err instanceof TooManyRequests)) throw err;
      res.set('Retry-After', String(err.retryAfterSeconds));
      return loginForm(res, 'login.tooMany', 429, email);
    }
    const result = await ctx.users.login(email, formField(body, 'password', { asSent: true, max: 300 }));
    const partner = result.ok && result.user.role === 'partner' && result.user.partner_id ? await ctx.partners.activeById(result.user.partner_id) : undefined;
    if (!result.ok || !partner) {
      // Staff accounts, and users of a disabled partner, get the same answer as a wrong password.
      return loginForm(res, result.ok || result.reason === 'invalid' ? 'login.wrong' : 'login.locked', 401, email);
    }
    const old = signedIn(res);
    if (old) await ctx.sessions.destroy(old.session);
    const { token } = await ctx.sessions.create(result.user.id, true);
    ctx.sessions.setCookie(res, token);
    res.redirect(303, paths.partner.home);
  });

  router.post(paths.partner.logout, async (req, res) => {
    const who = signedIn(res);
    if (who) {
      assertSessionCsrf(ctx.csrf, res, (req.body as Record<string, unknown>)._csrf);
      await ctx.sessions.destroy(who.session);
    }
    ctx.sessions.clearCookie(res);
    res.redirect(303, paths.partner.login);
  });

  router.get(paths.partner.home, requirePartner, async (req: Request, res: Response) => {
    const partnerId = partnerIdOf(res);
    const partner = await ctx.partners.byId(partnerId);
    const { range, from, to, error } = parseRange(req.query as Record<string, unknown>, ctx.clock.now());
    const [funnel, days, states] = await Promise.all([stats.funnel(partnerId, range), stats.byDay(partnerId, range), stats.byState(partnerId, range)]);
    const maxState = Math.max(1, ...states.map((s) => s.started));
    page(res, 'dashboard.njk', {
      partner,
      from,
      to,
      rangeError: error,
      funnel,
      days,
      states: states.map((s) => ({ ...s, startedPct: Math.round((s.started / maxState) * 100), completedPct: Math.round((s.completed / maxState) * 100) })),
      chart: dayChartSvg(days, 'by-day-title', partnerMsg(res), { from, to }),
      exportHref: `${paths.partner.export}?from=${from}&to=${to}`,
    });
  });

  router.get(paths.partner.export, requirePartner, async (req, res) => {
    const { range } = parseRange(req.query as Record<string, unknown>, ctx.clock.now());
    await streamCsv(res, ctx.db, partnerIdOf(res), range);
  });

  router.use(passwordRoutes(ctx, page));
  router.use(keyRoutes(ctx, page, requirePartner));
  router.use(webhookRoutes(ctx, page, requirePartner));
  router.use(widgetSettingsRoutes(ctx, page, requirePartner));
  router.use(brandingRoutes(ctx, page, requirePartner));
  router.use(questionsRoutes(ctx, page, requirePartner));

  return router;
}
