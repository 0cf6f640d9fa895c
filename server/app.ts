// createApp(services): the express app, built only from the services buildContext made (tests
// pass fakes). Each router gets only the services it uses; none is constructed here or in a route file.
import express from 'express';
import helmet from 'helmet';
import { projectPath } from './project-root.js';
import type { AppContext } from './context.js';
import { apiDocsRoutes } from './api/docs-routes.js';
import { apiEnvelope } from './api/api-envelope.js';
import { registrationsApi } from './api/registrations.js';
import { statesApi } from './api/states.js';
import { rejectCrossSitePosts, signInPagesSendOrigin } from './http/csrf.js';
import { admission } from './http/admission.js';
import { NotFound } from './errors.js';
import { errorHandler } from './http/error-handler.js';
import { healthRoutes } from './http/health.js';
import { paths } from './paths.js';
import { requestMetrics } from './http/request-metrics.js';
import { unparsedBodyIsEmpty } from './http/unparsed-body.js';
import { nulCharacters } from './http/nul-characters.js';
import { createViews, renderPage, voterArea } from './http/views.js';
import { isLang } from './i18n.js';
import { pdfRoutes } from './registrations/pdf-route.js';
import { mailLinkRoutes } from './mail/link-routes.js';
import { voterRoutes } from './voter/routes.js';
import { busyPage } from './voter/busy-page.js';
import { eraseRoutes } from './voter/erase-routes.js';
import { printedFormRoutes } from './voter/printed-form-routes.js';
import { adminRoutes } from './admin/routes.js';
import { noStore } from './http/no-store.js';
import { perClientLimit } from './http/per-client.js';
import { widgetRoutes } from './partners/widget-route.js';
import { portalRoutes } from './partners/portal-routes.js';
import { brandingCssRoute } from './partners/branding.js';
import { logoAssetRoute } from './partners/logo-asset-route.js';

/** What the app is built from: the context without what only main.ts and tests use. */
export type AppServices = Omit<AppContext, 'close' | 'background' | 'storageHost' | 'cipher'>;

export function createApp(services: AppServices): express.Express {
  const { config, logger, clock, db, storage, print } = services;
  const { transport: mailer, voter: voterMail, links: mailLinks, notices } = services.mail;
  const { metrics, csrf, limiter, security, drain } = services.http;
  const { service: registrations, pdfs, links, surveys } = services.registrations;
  const { offices } = services;
  const { purger } = services.privacy;
  const { store: partners, logos, questions, reports, webhooks, totp: partnerTotp } = services.partners;
  const { users, sessions, passwordResets, securityKeys } = services.auth;
  const { audit, totp, partners: partnerAdmin, verifyTasks } = services.admin;
  const { baseUrl } = config;
  const app = express();
  const views = createViews();
  app.disable('x-powered-by');
  // X-Forwarded-For is believed only from the proxies named in TRUSTED_PROXIES (none by default): a
  // pass-through proxy no one named must not let clients choose their own address.
  app.set('trust proxy', config.trustedProxies.length > 0 ? config.trustedProxies : false);
  app.use(requestMetrics(metrics));
  app.use(drain.closeConnections);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          // Nothing frames Rollcall; a partner's voter flow names that partner's origins (framing.ts).
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      strictTransportSecurity: baseUrl.startsWith('https:') ? undefined : false,
      xFrameOptions: { action: 'deny' },
    }),
  );
  app.use(signInPagesSendOrigin);
  app.use(paths.uswds, express.static(projectPath('node_modules', '@uswds', 'uswds', 'dist'), { maxAge: '7d', index: false }));
  // The WebAuthn browser helper, same-origin (the CSP allows scripts from 'self' only; never a CDN).
  app.use(
    paths.simplewebauthn,
    express.static(projectPath('node_modules', '@simplewebauthn', 'browser', 'dist', 'bundle'), { maxAge: '7d', index: false }),
  );
  app.use(paths.assets, express.static(projectPath('views', 'static'), { maxAge: '1h', index: false }));
  const shedding = admission({ maxInFlight: config.maxInFlight, retryAfterSeconds: 2, onShed: () => metrics.requestsShed.inc() });
  app.use(
    healthRoutes({
      db,
      storage,
      metrics,
      saturatedForMs: shedding.saturatedForMs,
      metricsToken: config.metricsToken,
      draining: drain.draining,
    }),
  );
  app.use(widgetRoutes());
  app.use(brandingCssRoute({ partners }));
  app.use(logoAssetRoute({ partners, logos, logger }));
  // From here on a request may carry a body: one client's open requests are capped before any
  // body is read; the global shedding counts only requests whose bodies are in (per-client.ts).
  app.use(perClientLimit({ maxPerClient: config.maxInFlightPerClient, onRefused: () => metrics.requestsRefusedPerClient.inc() }));
  app.use(paths.api.v1, apiEnvelope);
  app.use(express.json({ limit: '64kb', strict: true }));
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  app.use(unparsedBodyIsEmpty);
  app.use(nulCharacters);
  // Before the shedding: a POST a browser marks cross-site is refused even when the node is busy,
  // so the busy page below only ever keeps fields a page of this site posted.
  app.use(rejectCrossSitePosts(baseUrl));
  app.use(shedding);
  // A voter's shed request: the busy page (503, Retry-After, a refresh, posted answers kept).
  app.use(busyPage({ registrations, partners }, views));
  // Before the routers that answer with personal data (the admin and partner pages set their own).
  app.use(paths.resume(':token'), noStore);
  app.use(paths.mail.link(':token'), noStore);
  app.use(paths.api.registrations, noStore);
  app.use(statesApi());
  app.use(apiDocsRoutes({ baseUrl }, views));
  app.use(registrationsApi({ partners, limiter, registrations, links, metrics, baseUrl }));
  app.use(pdfRoutes({ limiter, links, registrations, pdfs }));
  app.use(mailLinkRoutes({ csrf, limiter, mailLinks, registrations, links }, views));
  // Before the voter's steps: /r/:token/printed-form would otherwise be taken for a step.
  app.use(printedFormRoutes({ csrf, limiter, registrations, partners, print }, views));
  app.use(eraseRoutes({ csrf, limiter, registrations, partners, print, offices, purger, security }, views));
  app.use(
    voterRoutes(
      {
        clock,
        csrf,
        limiter,
        metrics,
        registrations,
        partners,
        surveys,
        questions,
        storage,
        links,
        baseUrl,
        retentionDays: config.retentionDays,
        voterMail,
        print,
        offices,
        security,
      },
      views,
    ),
  );
  app.use(
    adminRoutes(
      {
        db,
        clock,
        csrf,
        limiter,
        users,
        sessions,
        registrations,
        pdfs,
        partners,
        partnerAdmin,
        storage,
        logger,
        audit,
        totp,
        verifyTasks,
        print,
        offices,
        security,
        notices,
        securityKeys,
        purger,
      },
      views,
    ),
  );
  app.use(
    portalRoutes(
      {
        clock,
        csrf,
        limiter,
        users,
        sessions,
        passwordResets,
        partners,
        reports,
        surveys,
        logos,
        questions,
        webhooks,
        webhookRules: { allowHttp: config.webhookAllowHttp, allowPrivate: config.webhookAllowPrivate },
        mailer,
        logger,
        baseUrl,
        secureCookies: baseUrl.startsWith('https:'),
        db,
        registrations,
        print,
        audit,
        offices,
        security,
        totp: partnerTotp,
        notices,
        securityKeys,
      },
      views,
    ),
  );
  app.use((_req, _res, next) => next(new NotFound()));
  app.use(
    errorHandler(
      logger,
      (req, status, code) => {
        const lang = isLang(req.query.lang) ? req.query.lang : 'en';
        return renderPage(views, 'error.njk', voterArea(lang), { status, code });
      },
      process.env.NODE_ENV === 'development',
      security,
    ),
  );
  return app;
}
