// "Mail me a printed form" (a voter without a printer): from the end page, the voter confirms the
// address to mail it to (their mailing address if they gave one, else their home address; same
// field rules as the form), then sees the confirmation. The request enters the print queue
// (print/print-queue.ts) and cancels their reminders in one transaction; asking twice queues once.
// A partner may switch the offer off for its voters (its print settings): then there is no offer.
import { Router, type Request } from 'express';
import { assertCsrf, type CsrfTokens } from '../http/csrf.js';
import { formField, type FormBody } from '../http/form.js';
import { LIMITS, type RateLimiter } from '../http/rate-limit.js';
import { renderPage, voterArea, type Views } from '../http/views.js';
import { NotFound, RegistrationErased } from '../errors.js';
import { isLang, type Lang } from '../i18n.js';
import { paths } from '../paths.js';
import type { Address } from '../registrations/answers.js';
import { addressLineCheck, cityCheck, unitCheck, zipCheck, type Check } from '../registrations/field-rules.js';
import { parseAnswers, type RegistrationRow } from '../registrations/registration-records.js';
import type { RegistrationService } from '../registrations/service.js';
import type { Problem } from '../registrations/validate.js';
import type { MailingAddress, PrintQueue, PrintRequestRow } from '../print/print-queue.js';
import type { PartnerRecords } from '../partners/partner-records.js';
import { choices, errorModel, formValues } from './page-model.js';
import { framePage, partnerOfRow } from './partner-entry.js';
import { VOTER_FORM } from './form-input.js';
import { isSecretShaped } from '../security/tokens.js';

/** This form's CSRF scope: bound to the registration, and apart from its steps' (a step's token does not post here). */
export const printScope = (uid: string) => `printed-form:${uid}`;
/** The form's field names: the voter's own "mailing address" labels and error messages. */
const PREFIX = 'mailingAddress';

/** What printedFormRoutes uses, and nothing else. */
export interface PrintedFormDeps {
  csrf: CsrfTokens;
  limiter: RateLimiter;
  registrations: RegistrationService;
  partners: PartnerRecords;
  print: PrintQueue;
}

/** What the end page shows: the offer's link, or the request already made (when, where to, mailed). */
export interface PrintedFormOffer {
  href: string;
  request: { requested: string; mailed: string | null } | null;
}

const day = (ms: number, lang: Lang) =>
  new Date(ms).toLocaleDateString(lang === 'es' ? 'es-US' : 'en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });

/** The end page's part: null when this voter is not offered a printed form (their partner turned it off, or not submitted). */
export async function printedFormOffer(print: PrintQueue, row: RegistrationRow, token: string): Promise<PrintedFormOffer | null> {
  if (row.status !== 'accepted' && row.status !== 'pdf_ready') return null;
  const request = await print.requestOf(row.id);
  if (!request && !(await print.settingsOf(row.partner_id)).offerEnabled) return null;
  return {
    href: paths.printedForm(token),
    request: request
      ? { requested: day(request.requested_at, row.lang), mailed: request.mailed_at ? day(request.mailed_at, row.lang) : null }
      : null,
  };
}

/** The same checks as the form's addresses (registrations/validate.ts), on the one address. */
export function addressProblems(a: Address): Problem[] {
  const problems: Problem[] = [];
  const check = (field: string, value: string | undefined, rule: Check, required: boolean) => {
    if (!value) {
      if (required) problems.push({ path: `${PREFIX}.${field}`, code: 'required' });
      return;
    }
    const found = rule(value);
    if (typeof found === 'string') problems.push({ path: `${PREFIX}.${field}`, code: found });
    else if (found) problems.push({ path: `${PREFIX}.${field}`, code: found.code, params: found.params });
  };
  check('street', a.street, addressLineCheck, true);
  check('unit', a.unit, unitCheck, false);
  check('city', a.city, cityCheck, true);
  check('state', a.state, (v) => (/^[A-Z]{2}$/.test(v) ? null : 'invalid_state'), true);
  check('zip', a.zip, zipCheck, true);
  return problems;
}

function readAddress(body: FormBody): MailingAddress {
  const field = (name: string) => formField(body, `${PREFIX}.${name}`, VOTER_FORM);
  return {
    street: field('street'),
    unit: field('unit') || undefined,
    city: field('city'),
    state: field('state').toUpperCase(),
    zip: field('zip'),
  };
}

const asAddress = (r: PrintRequestRow): Address => ({
  street: r.street,
  unit: r.unit ?? undefined,
  city: r.city,
  state: r.state,
  zip: r.zip,
});

export function printedFormRoutes({ csrf, limiter, registrations, partners, print }: PrintedFormDeps, views: Views): Router {
  const router = Router();

  async function load(req: Request) {
    const token = String(req.params.token ?? '');
    const row = isSecretShaped(token) ? await registrations.findByResumeToken(token) : undefined;
    if (row?.status === 'purged') throw new RegistrationErased();
    if (!row || (row.status !== 'accepted' && row.status !== 'pdf_ready')) throw new NotFound('This registration link is not valid.');
    const lang = isLang(req.query.lang) ? req.query.lang : row.lang;
    if (lang !== row.lang) await registrations.setLang(row, lang);
    const partner = await partnerOfRow(partners, row.partner_id);
    const request = await print.requestOf(row.id);
    // Once asked, the voter may always see their request; before, only if the offer is on.
    if (!request && !(await print.settingsOf(row.partner_id)).offerEnabled) throw new NotFound('This page is not available.');
    return { row: { ...row, lang }, token, lang, partner, request };
  }

  const page = (req: Request, lang: Lang, template: string, data: Record<string, unknown>) =>
    renderPage(views, `voter/${template}`, voterArea(lang), {
      ...data,
      switchHref: `${req.path}?lang=${lang === 'en' ? 'es' : 'en'}`,
    });

  router.get(paths.printedForm(':token'), async (req, res) => {
    const { row, token, lang, partner, request } = await load(req);
    // Already batched: the address can no longer change; the confirmation says where it goes.
    if (request && request.status !== 'waiting') return res.redirect(303, paths.printedFormDone(token));
    const answers = parseAnswers(row);
    const address = request ? asAddress(request) : (answers.mailingAddress ?? answers.homeAddress);
    res.send(
      page(req, lang, 'printed-form.njk', {
        values: formValues({ mailingAddress: address }),
        errors: {},
        errorSummary: [],
        choices: choices(lang),
        csrfToken: csrf.issue(printScope(row.uid)),
        action: paths.printedForm(token),
        backHref: paths.step(token, 'done'),
        name: [answers.firstName, answers.lastName].filter(Boolean).join(' '),
        frame: framePage(res, partner),
      }),
    );
  });

  router.post(paths.printedForm(':token'), limiter.middleware(LIMITS.voterPost), async (req, res) => {
    const { row, token, lang, partner } = await load(req);
    const body = req.body as FormBody;
    assertCsrf(csrf, printScope(row.uid), body._csrf);
    const address = readAddress(body);
    const problems = addressProblems(address);
    if (problems.length) {
      const answers = parseAnswers(row);
      return res.status(400).send(
        page(req, lang, 'printed-form.njk', {
          values: formValues({ mailingAddress: address }),
          ...errorModel(lang, problems),
          choices: choices(lang),
          csrfToken: csrf.issue(printScope(row.uid)),
          action: paths.printedForm(token),
          backHref: paths.step(token, 'done'),
          name: [answers.firstName, answers.lastName].filter(Boolean).join(' '),
          frame: framePage(res, partner),
        }),
      );
    }
    await print.request(row, address);
    res.redirect(303, paths.printedFormDone(token));
  });

  router.get(paths.printedFormDone(':token'), async (req, res) => {
    const { token, lang, partner, request } = await load(req);
    if (!request) return res.redirect(303, paths.printedForm(token));
    res.send(
      page(req, lang, 'printed-form-done.njk', {
        address: request,
        status: request.status,
        requested: day(request.requested_at, lang),
        mailed: request.mailed_at ? day(request.mailed_at, lang) : null,
        changeHref: request.status === 'waiting' ? paths.printedForm(token) : null,
        doneHref: paths.step(token, 'done'),
        frame: framePage(res, partner),
      }),
    );
  });

  return router;
}
