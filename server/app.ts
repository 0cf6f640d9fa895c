// createApp(context): the express app, built only from injected services (tests pass fakes).
import express from 'express';
import helmet from 'helmet';
import { projectPath } from './project-root.js';
import type { AppContext } from './context.js';
import { apiDocsRoutes } from './api/docs-routes.js';
import { registrationsApi } from './api/registrations.js';
import { statesApi } from './api/states.js';
import { rejectCrossSitePosts } from './http/csrf.js';
import { admission } from './http/admission.js';
import { errorHandler, NotFound } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { paths } from './http/paths.js';
import { requestMetrics } from './http/request-metrics.js';
import { unparsedBodyIsEmpty } from './http/unparsed-body.js';
import { nulCharacters } from './http/nul-characters.js';
import { createViews, renderPage, voterArea } from './http/views.js';
import { isLang } from './i18n.js';
import { pdfRoutes } from './registrations/pdf-route.js';
import { voterRoutes } from './voter/routes.js';
import { adminRoutes } from './admin/routes.js';
import { widgetRoutes } from './partners/widget-route.js';
import { portalRoutes } from './partners/portal-routes.js';
import { brandingCssRoute } from './partners/branding.js';
import { logoAssetRoute } from './partners/logo-asset-route.js';

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  const views = createViews();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestMetrics(ctx.metrics));
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
      strictTransportSecurity: ctx.config.baseUrl.startsWith('https:') ? undefined : false,
      xFrameOptions: { action: 'deny' },
    }),
  );
  app.use(admission({ maxInFlight: ctx.config.maxInFlight, retryAfterSeconds: 2, onShed: () => ctx.metrics.requestsShed.inc() }));
  app.use(paths.uswds, express.static(projectPath('node_modules', '@uswds', 'uswds', 'dist'), { maxAge: '7d', index: false }));
  app.use(paths.assets, express.static(projectPath('views', 'static'), { maxAge: '1h', index: false }));
  app.use(healthRoutes(ctx));
  app.use(widgetRoutes());
  app.use(brandingCssRoute(ctx));
  app.use(logoAssetRoute(ctx));
  app.use(express.json({ limit: '64kb', strict: true }));
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }));
  app.use(unparsedBodyIsEmpty);
  app.use(nulCharacters);
  app.use(rejectCrossSitePosts(ctx.config.baseUrl));
  app.use(statesApi());
  app.use(apiDocsRoutes(ctx, views));
  app.use(registrationsApi(ctx));
  app.use(pdfRoutes(ctx));
  app.use(voterRoutes(ctx, views));
  app.use(adminRoutes(ctx, views));
  app.use(portalRoutes(ctx, views));
  app.use((_req, _res, next) => next(new NotFound()));
  app.use(
    errorHandler(
      ctx.logger,
      (req, status, code) => {
        const lang = isLang(req.query.lang) ? req.query.lang : 'en';
        return renderPage(views, 'error.njk', voterArea(lang), { status, code });
      },
      process.env.NODE_ENV === 'development',
    ),
  );
  return app;
}
