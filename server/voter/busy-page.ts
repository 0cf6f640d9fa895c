// The page a voter meets when the app sheds load (http/admission.ts: 503 + Retry-After): "busy —
// your answers are kept", in the voter's language and, in a partner's flow, framed by that
// partner's origins like the voter's other pages.
// - A GET (a page being opened) retries by itself without JavaScript: a meta refresh after the
//   Retry-After delay opens the same page again.
// - A POST (a step's answers, the start form) cannot be re-sent by a refresh: a refresh is a GET,
//   which would show the step with what was saved before and drop what the voter just typed. So
//   the page carries every posted field as a hidden input in a form to the same address, with a
//   "Try again" button, and says so. It does not refresh by itself (that would drop the answers).
// Admission runs after the body parsers, so the posted fields are here to keep; a shed request
// costs at most two indexed reads here (the registration by its token, the partner) for the
// language and the framing. Other areas' shed requests (admin, portal, API) keep the generic
// 503 (error-handler.ts): their forms may hold passwords, which are never written into a page.
import type { ErrorRequestHandler, Request } from 'express';
import { Overloaded } from '../errors.js';
import { isLang, type Lang } from '../i18n.js';
import { paths } from '../paths.js';
import { renderPage, voterArea, type Views } from '../http/views.js';
import { isSecretShaped } from '../security/tokens.js';
import type { PartnerRecords } from '../partners/partner-records.js';
import type { RegistrationService } from '../registrations/service.js';
import { framePage } from './partner-entry.js';

export interface BusyPageDeps {
  registrations: Pick<RegistrationService, 'findByResumeToken'>;
  partners: Pick<PartnerRecords, 'activeById'>;
}

const RESUME = /^\/r\/([^/]+)(?:\/|$)/;

/** A voter page: the start page and form, and every page under /r/<token>. */
function isVoterPath(path: string): boolean {
  return path === paths.home || path === paths.start || RESUME.test(path);
}

/** The posted fields as they came (strings, or repeated names), in order; anything else is left out. */
export function keptFields(body: unknown): Array<{ name: string; value: string }> {
  if (!body || typeof body !== 'object') return [];
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') out.push({ name, value: v });
  }
  return out;
}

export function busyPage(deps: BusyPageDeps, views: Views): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (!(err instanceof Overloaded) || res.headersSent || !isVoterPath(req.path) || req.accepts(['html', 'json']) !== 'html')
      return next(err);
    void render(req)
      .then(({ lang, partner }) => {
        const retryAfter = err.retryAfterSeconds;
        const isPost = req.method === 'POST';
        const frame = framePage(res, partner);
        res
          .status(503)
          .set('Retry-After', String(retryAfter))
          // It may hold the voter's answers (the hidden fields): never kept by a cache.
          .set('Cache-Control', 'no-store')
          .type('html')
          .send(
            renderPage(views, 'voter/busy.njk', voterArea(lang), {
              refreshSeconds: isPost ? undefined : retryAfter,
              retryAfter,
              isPost,
              action: req.originalUrl,
              fields: isPost ? keptFields(req.body) : [],
              frame,
            }),
          );
      })
      .catch(() => next(err));
  };

  /** The voter's language and partner: from the registration on /r/<token> pages, else from the query or form. */
  async function render(req: Request): Promise<{ lang: Lang; partner: Awaited<ReturnType<BusyPageDeps['partners']['activeById']>> }> {
    const asked = isLang(req.query.lang) ? req.query.lang : undefined;
    const token = RESUME.exec(req.path)?.[1];
    if (token) {
      const row = isSecretShaped(token) ? await deps.registrations.findByResumeToken(token) : undefined;
      const partner = row?.partner_id ? await deps.partners.activeById(row.partner_id) : undefined;
      return { lang: asked ?? (row && isLang(row.lang) ? row.lang : 'en'), partner };
    }
    const form = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown>;
    const lang = asked ?? (isLang(form?.lang) ? form.lang : 'en');
    return { lang, partner: await deps.partners.activeById(form?.partner) };
  }
}
