// "Delete my registration from Rollcall" (ASVS 8.3.2), linked from the end page: a page that says
// what is erased and what is not, the date of birth as proof it is the voter (the end page's check,
// pdf-again.ts, with the same limit and the same counter), then the erase itself, which is the
// retention purge's code for one registration (privacy/retention-purge.ts, Purger.eraseOne). After
// it, the resume link answers "this registration was deleted" (410, voter/routes.ts).
import { Router, type Request, type Response } from 'express';
import { assertCsrf, type CsrfTokens } from '../http/csrf.js';
import { LIMITS, type RateLimiter } from '../http/rate-limit.js';
import type { SecurityLog } from '../http/security-log.js';
import { renderPage, voterArea, type Views } from '../http/views.js';
import type { FormBody } from '../http/form.js';
import { NotFound, RegistrationErased } from '../errors.js';
import { isLang, type Lang } from '../i18n.js';
import { paths } from '../paths.js';
import type { ElectionOffices } from '../offices/offices.js';
import type { PartnerRecords } from '../partners/partner-records.js';
import type { PrintQueue } from '../print/print-queue.js';
import type { Purger } from '../privacy/retention-purge.js';
import type { RegistrationRow } from '../registrations/registration-records.js';
import type { RegistrationService } from '../registrations/service.js';
import { isSecretShaped } from '../security/tokens.js';
import { framePage, partnerOfRow } from './partner-entry.js';
import { checkDateOfBirth, PDF_AGAIN_LIMIT, tooManyTries } from './pdf-again.js';

/** The form's CSRF scope: its own, so neither a step's token nor the PDF form's posts here. */
export const eraseScope = (uid: string) => `erase:${uid}`;

/** What eraseRoutes uses, and nothing else. */
export interface EraseRoutesDeps {
  csrf: CsrfTokens;
  limiter: RateLimiter;
  registrations: RegistrationService;
  partners: Pick<PartnerRecords, 'activeById' | 'byId'>;
  print: Pick<PrintQueue, 'requestOf'>;
  offices: Pick<ElectionOffices, 'officeFor'>;
  purger: Pick<Purger, 'eraseOne'>;
  security: SecurityLog;
}

export function eraseRoutes(
  { csrf, limiter, registrations, partners, print, offices, purger, security }: EraseRoutesDeps,
  views: Views,
): Router {
  const router = Router();

  async function load(req: Request): Promise<{ row: RegistrationRow; token: string; lang: Lang }> {
    const token = String(req.params.token ?? '');
    const row = isSecretShaped(token) ? await registrations.findByResumeToken(token) : undefined;
    if (row?.status === 'purged') throw new RegistrationErased();
    if (!row) throw new NotFound('This registration link is not valid. It may have expired.');
    const lang = isLang(req.query.lang) ? req.query.lang : row.lang;
    if (lang !== row.lang) await registrations.setLang(row, lang);
    return { row: { ...row, lang }, token, lang };
  }

  /** What the page says is erased and what is not, from what this registration holds. */
  async function facts(row: RegistrationRow) {
    // The partner the voter came through, even one disabled since: it may hold a copy.
    const partner = row.partner_id ? await partners.byId(row.partner_id) : undefined;
    const request = await print.requestOf(row.id);
    const office = await offices.officeFor(row);
    return {
      partnerName: partner?.name ?? null,
      printWaiting: request?.status === 'waiting',
      printDone: request && request.status !== 'waiting' ? { mailed: request.status === 'mailed' } : null,
      officeName: office?.lines[0] ?? null,
    };
  }

  async function page(
    res: Response,
    status: number,
    row: RegistrationRow,
    token: string,
    errors: Record<string, string>,
    values: Record<string, string>,
  ) {
    const lang = row.lang;
    res.status(status).send(
      renderPage(views, 'voter/erase.njk', voterArea(lang), {
        ...(await facts(row)),
        action: paths.erase(token),
        csrfToken: csrf.issue(eraseScope(row.uid)),
        backHref: paths.step(token, 'done'),
        errors,
        values,
        errorSummary: errors.dateOfBirth ? [{ href: '#dateOfBirth-month', text: errors.dateOfBirth }] : null,
        frame: framePage(res, await partnerOfRow(partners, row.partner_id)),
        switchHref: `${paths.erase(token)}?lang=${lang === 'en' ? 'es' : 'en'}`,
      }),
    );
  }

  router.get(paths.erase(':token'), async (req, res) => {
    const { row, token } = await load(req);
    // Offered once the form is sent (the end page links here); before, the resume link goes on.
    if (row.status === 'in_progress') return res.redirect(303, paths.resume(token));
    await page(res, 200, row, token, {}, {});
  });

  router.post(paths.erase(':token'), limiter.middleware(LIMITS.voterPost), async (req, res) => {
    const { row, token, lang } = await load(req);
    if (row.status === 'in_progress') return res.redirect(303, paths.resume(token));
    const body = req.body as FormBody;
    assertCsrf(csrf, eraseScope(row.uid), body._csrf);
    const checked = checkDateOfBirth(lang, row, body);
    // The end page's counter (PDF_AGAIN_LIMIT, per registration): both forms together give five
    // guesses of the date of birth per 15 minutes, not five each.
    if (await limiter.tryHit(res, PDF_AGAIN_LIMIT, row.uid))
      return page(res, 429, row, token, { dateOfBirth: tooManyTries(lang) }, checked.values);
    if (checked.problem) return page(res, 422, row, token, { dateOfBirth: checked.problem }, checked.values);
    await purger.eraseOne(row.id);
    // No personal data: the registration's random id and who asked.
    security.event(req, 'registration_erased', { registration: row.uid, by: 'voter' });
    res.send(
      renderPage(views, 'voter/erase-done.njk', voterArea(lang), { frame: framePage(res, await partnerOfRow(partners, row.partner_id)) }),
    );
  });

  return router;
}
