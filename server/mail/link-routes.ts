// The email link page and its two answers (docs/voter-mail.md). Every link in a voter's email
// opens /m/:token: the token proves the voter holds the email, and the page mints a fresh PDF
// link each time, so a link in an email never dies with the PDF link's 24 hours.
//   GET  /m/:token         the form's download link, "I mailed it", stop
//   POST /m/:token/mailed  "I mailed it" (CSRF like the voter's forms): the reminders stop
//   GET  /m/:token/stop    a confirm page with a button
//   POST /m/:token/stop    stop all mail; also RFC 8058's one-click POST (List-Unsubscribe=One-Click),
//                          which no CSRF token can accompany: the token is the authority, and the
//                          action is idempotent and only ever stops mail.
import { Router, type Request } from 'express';
import { Gone, NotFound } from '../errors.js';
import { assertCsrf, type CsrfTokens } from '../http/csrf.js';
import { formField, type FormBody } from '../http/form.js';
import { LIMITS, type RateLimiter } from '../http/rate-limit.js';
import { renderPage, voterArea, type Views } from '../http/views.js';
import { mailTranslator } from '../i18n.js';
import { paths } from '../paths.js';
import type { DownloadLinks } from '../registrations/download-links.js';
import type { RegistrationRow } from '../registrations/registration-records.js';
import type { RegistrationService } from '../registrations/service.js';
import type { MailLinks } from './mail-links.js';
import { formatDay } from './messages.js';

/** What mailLinkRoutes uses, and nothing else. */
export interface MailLinkRouteDeps {
  csrf: CsrfTokens;
  limiter: RateLimiter;
  mailLinks: MailLinks;
  registrations: RegistrationService;
  links: DownloadLinks;
}

/** The CSRF scope of the email link page's form: one registration's. */
const scopeOf = (row: RegistrationRow) => `mail:${row.uid}`;

export function mailLinkRoutes({ csrf, limiter, mailLinks, registrations, links }: MailLinkRouteDeps, views: Views): Router {
  const router = Router();

  /** The token's registration; `allowExpired` for the stop, which keeps working past the token's lifetime. */
  async function load(req: Request, allowExpired = false): Promise<{ row: RegistrationRow; token: string }> {
    const token = String(req.params.token ?? '');
    const { registrationId, expired } = await mailLinks.open(token);
    if (expired && !allowExpired) throw new Gone();
    const row = await registrations.store.byId(registrationId);
    if (!row || row.status === 'purged') throw new NotFound('No such link');
    return { row, token };
  }

  const page = (row: RegistrationRow, template: string, data: Record<string, unknown>) =>
    renderPage(views, `mail/${template}`, voterArea(row.lang), { m: mailTranslator(row.lang), ...data });

  router.get(paths.mail.link(':token'), limiter.middleware(LIMITS.pdfDownload), async (req, res) => {
    const { row, token } = await load(req);
    const formReady = row.status === 'pdf_ready' || row.status === 'accepted';
    const resumeToken = registrations.resumeTokenOf(row);
    res.set('Cache-Control', 'private, no-store').send(
      page(row, 'link.njk', {
        pdfHref: formReady ? paths.pdf((await links.mint(row.id)).token) : null,
        resumeHref: row.status === 'in_progress' && resumeToken ? paths.resume(resumeToken) : null,
        mailedOn: row.mailed_at != null ? formatDay(Number(row.mailed_at), row.lang) : null,
        stopped: row.mail_stopped_at != null,
        mailedAction: paths.mail.mailed(token),
        stopHref: paths.mail.stop(token),
        csrfToken: csrf.issue(scopeOf(row)),
      }),
    );
  });

  router.post(paths.mail.mailed(':token'), limiter.middleware(LIMITS.voterPost), async (req, res) => {
    const { row, token } = await load(req);
    assertCsrf(csrf, scopeOf(row), formField(req.body as FormBody, '_csrf', { asSent: true }));
    if (row.status === 'pdf_ready' || row.status === 'accepted') await mailLinks.mailed(row.id);
    res.redirect(303, paths.mail.link(token));
  });

  router.get(paths.mail.stop(':token'), limiter.middleware(LIMITS.voterPost), async (req, res) => {
    const { row, token } = await load(req, true);
    res.set('Cache-Control', 'private, no-store').send(
      page(row, 'stop.njk', {
        stopped: row.mail_stopped_at != null,
        stopAction: paths.mail.stop(token),
        backHref: paths.mail.link(token),
      }),
    );
  });

  router.post(paths.mail.stop(':token'), limiter.middleware(LIMITS.voterPost), async (req, res) => {
    const { row, token } = await load(req, true);
    await mailLinks.stop(row.id);
    // RFC 8058: the mail provider's POST wants a 2xx, nothing to follow; the page's own button gets the page.
    if (formField(req.body as FormBody, 'List-Unsubscribe', { asSent: true }) === 'One-Click')
      return res.status(200).type('text').send('Unsubscribed.\n');
    res.redirect(303, paths.mail.stop(token));
  });

  return router;
}
