// GET /api/v1/openapi.json (the OpenAPI document) and GET /api/docs (the same document as a page
// for people). Both public and the same for everyone, so cacheable; built once per app.
import { Router, type Response } from 'express';
import { isLang } from '../i18n.js';
import { messagesFor } from '../i18n.js';
import { paths } from '../paths.js';
import { renderPage, type Views } from '../http/views.js';
import { docsPage } from './docs-page.js';
import { buildOpenApiDocument } from './openapi.js';
import { operations, reply, routePath } from './operations.js';

const cacheHour = (res: Response) => res.set('Cache-Control', 'public, max-age=3600');

/** What apiDocsRoutes uses, and nothing else. */
export interface ApiDocsDeps {
  baseUrl: string;
}

export function apiDocsRoutes({ baseUrl }: ApiDocsDeps, views: Views): Router {
  const router = Router();
  const doc = buildOpenApiDocument(baseUrl);
  const page = docsPage(doc);

  router.get(routePath(operations.getOpenApiDocument), (_req, res) => reply(cacheHour(res), operations.getOpenApiDocument, 200, doc));

  // The page's own words follow ?lang= (partner portal texts); the document's are English, like the API's messages.
  router.get(paths.api.docs, (req, res) => {
    const lang = isLang(req.query.lang) ? req.query.lang : 'en';
    const otherLang = lang === 'en' ? 'es' : 'en';
    cacheHour(res)
      .type('html')
      .send(
        renderPage(
          views,
          'partner/api-docs.njk',
          { lang, otherLang, switchHref: `${paths.api.docs}?lang=${otherLang}`, msg: messagesFor('partner', lang), who: null },
          { api: page },
        ),
      );
  });
  return router;
}
