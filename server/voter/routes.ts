// The voter's flow: start → eligibility → name → addresses → id → party → review → done.
// Server-rendered, works with JavaScript off. The resume token in the URL is the voter's key to
// their registration; every POST also carries a CSRF token bound to that registration.
import { Router, type Request, type Response } from 'express';
import { assertCsrf, type CsrfTokens } from '../http/csrf.js';
import { LIMITS, type RateLimiter } from '../http/rate-limit.js';
import { NotFound, RegistrationErased } from '../errors.js';
import { paths } from '../paths.js';
import { renderPage, voterArea, type Views } from '../http/views.js';
import { isLang, type Lang } from '../i18n.js';
import type { Answers } from '../registrations/answers.js';
import { OTHER_PARTY_MAX } from '../registrations/field-rules.js';
import { parseAnswers, type RegistrationRow } from '../registrations/registration-records.js';
import { validateSection, type Problem } from '../registrations/validate.js';
import { box6Text } from '../states/index.js';
import { idFieldValues, readIdAnswer, readStep, VOTER_FORM } from './form-input.js';
import { formField, type FormBody } from '../http/form.js';
import { choices, errorModel, formValues, onlineOffer, reviewSections, stateModel, stateOf, townQuestionModel } from './page-model.js';
import { firstIncompleteStep, isStep, nextStep, previousStep, STEPS, STOP_STEPS, stopReason, type Step } from './steps.js';
import { donePage } from './done.js';
import { draftOfId, draftOfStep, withinDraftCap } from './draft.js';
import { checkDateOfBirth, PDF_AGAIN_LIMIT, pdfAgainForm, pdfAgainScope, tooManyTries } from './pdf-again.js';
import { framePage, partnerOfRow, prefillOf, readEntry, UTM_KEYS } from './partner-entry.js';
import { voterMailSettingsOf, type Partner, type PartnerRecords } from '../partners/partner-records.js';
import type { PartnerQuestions, ShownSurvey } from '../partners/questions.js';
import type { SurveyRecords } from '../registrations/survey-records.js';
import { ANSWER_MAX, readSurvey, surveyFor, surveyProblems, surveyReview, SURVEY_STEP, surveyValues } from './partner-survey.js';
import type { Clock } from '../clock.js';
import type { DownloadLinks } from '../registrations/download-links.js';
import type { Metrics } from '../http/metrics.js';
import type { SecurityLog } from '../http/security-log.js';
import { townAnswer, townQuestionFor, type ElectionOffices } from '../offices/offices.js';
import type { RegistrationService } from '../registrations/service.js';
import type { ReplicatedStorage } from '@rollcall/storage';
import type { VoterMail } from '../mail/voter-mail.js';
import { readRemindForm, remindOffer, type RemindForm } from './remind.js';
import type { PrintQueue } from '../print/print-queue.js';
import { isSecretShaped } from '../security/tokens.js';

/** What voterRoutes uses, and nothing else. */
export interface VoterRoutesDeps {
  clock: Clock;
  csrf: CsrfTokens;
  limiter: RateLimiter;
  metrics: Metrics;
  registrations: RegistrationService;
  partners: PartnerRecords;
  surveys: SurveyRecords;
  questions: PartnerQuestions;
  storage: Pick<ReplicatedStorage, 'health'>;
  links: DownloadLinks;
  /** The public address and RETENTION_DAYS, for the resume link shown on the end page. */
  baseUrl: string;
  retentionDays: number;
  voterMail: Pick<VoterMail, 'schedule'>;
  print: PrintQueue;
  offices: ElectionOffices;
  /** Where a registration submitted faster than a person can is recorded (no personal data). */
  security: SecurityLog;
}

export function voterRoutes(
  {
    clock,
    csrf,
    limiter,
    metrics,
    registrations,
    partners,
    surveys: surveyRecords,
    questions: partnerQuestions,
    storage,
    links,
    baseUrl,
    retentionDays,
    voterMail,
    print,
    offices,
    security,
  }: VoterRoutesDeps,
  views: Views,
): Router {
  const router = Router();

  const langOf = (req: Request, fallback: Lang = 'en'): Lang => (isLang(req.query.lang) ? req.query.lang : fallback);

  /** The registration of the token in the URL, its partner, and whether that partner lets the email address be left out. */
  async function load(
    req: Request,
  ): Promise<{ row: RegistrationRow; token: string; lang: Lang; partner: Partner | undefined; emailOptional: boolean }> {
    const token = String(req.params.token ?? '');
    const row = isSecretShaped(token) ? await registrations.findByResumeToken(token) : undefined;
    // Erased by the voter (erase-routes.ts): the row keeps its resume hash, so the link says so.
    if (row?.status === 'purged') throw new RegistrationErased();
    if (!row) throw new NotFound('This registration link is not valid. It may have expired.');
    // ?lang= switches the language and remembers it, on any page, without touching the answers.
    const lang = langOf(req, row.lang);
    if (lang !== row.lang) await registrations.setLang(row, lang);
    const partner = await partnerOfRow(partners, row.partner_id);
    return { row: { ...row, lang }, token, lang, partner, emailOptional: voterMailSettingsOf(partner).emailOptional };
  }

  async function renderStep(
    res: Response,
    status: number,
    step: Step,
    row: RegistrationRow,
    token: string,
    values: Record<string, string>,
    problems: Problem[],
    answers: Answers,
    fromReview = false,
    partner?: Partner,
    survey: ShownSurvey | null = null,
  ) {
    const lang = row.lang;
    const frame = framePage(res, partner, { event: step === 'eligibility' ? 'started' : '', resumeToken: token });
    const back = fromReview ? 'review' : previousStep(step);
    // What the partner's survey recorded, on the review page (its Change link opens the party step).
    const surveySection =
      step === 'review' && partner
        ? surveyReview(await surveyRecords.forRegistration(row.id), partner.name, lang, `${paths.step(token, SURVEY_STEP)}?from=review`)
        : null;
    res.status(status).send(
      renderPage(views, `voter/${step}.njk`, voterArea(lang), {
        step,
        stepNumber: STEPS.indexOf(step) + 1,
        steps: STEPS,
        values,
        ...errorModel(lang, problems),
        state: stateModel(lang, stateOf(answers)),
        online: onlineOffer(lang, token, stateOf(answers), row.finished_with_state_at, step),
        choices: choices(lang),
        csrfToken: csrf.issue(row.uid),
        action: paths.step(token, step) + (fromReview ? '?from=review' : ''),
        backHref: back ? paths.step(token, back) : null,
        switchForm: 'step-form',
        token,
        frame,
        otherPartyMax: OTHER_PARTY_MAX,
        emailOptional: voterMailSettingsOf(partner).emailOptional,
        survey: survey && partner ? { ...survey, partnerName: partner.name, answerMax: ANSWER_MAX } : null,
        townQuestion: step === 'addresses' ? townQuestionModel(lang, stateOf(answers)?.code, answers) : null,
        review:
          step === 'review'
            ? [
                ...reviewSections(lang, answers, registrations.idNumberOf(row)).map((sec) => ({
                  ...sec,
                  href: `${paths.step(token, sec.step)}?from=review`,
                })),
                ...(surveySection ? [surveySection] : []),
              ]
            : null,
      }),
    );
  }

  router.get(paths.home, async (req, res) => {
    const lang = langOf(req);
    const entry = readEntry(req.query as Record<string, unknown>);
    const partner = await partners.activeById(entry.partner);
    // widget.js, when the partner's page is reloaded, asks to resume the registration this tab
    // began (?resume=<token>, kept in the host page's sessionStorage). Only a registration of this
    // partner still in progress resumes; anything else gets the start page, whose frame script
    // tells widget.js to forget the token.
    const resume = formField(req.query, 'resume', { asSent: true });
    if (partner && isSecretShaped(resume)) {
      const row = await registrations.findByResumeToken(resume);
      if (row && row.partner_id === partner.id && row.status === 'in_progress') return res.redirect(303, paths.resume(resume));
    }
    // The language switch keeps the partner, attribution and pre-fills.
    const keep = new URLSearchParams(
      Object.entries({
        partner: partner ? entry.partner : '',
        source: entry.source,
        tracking: entry.tracking,
        zip: entry.zip,
        email: entry.email,
        ...entry.utm,
      }).filter(([, v]) => v) as Array<[string, string]>,
    );
    keep.set('lang', lang === 'en' ? 'es' : 'en');
    res.send(
      renderPage(views, 'voter/start.njk', voterArea(lang), {
        csrfToken: csrf.issue('start'),
        switchHref: `${paths.home}?${keep.toString()}`,
        ...entry,
        partner: partner ? entry.partner : '',
        utm: Object.entries(entry.utm).map(([name, value]) => ({ name, value })),
        frame: framePage(res, partner, { introLang: lang }),
      }),
    );
  });

  router.post(paths.start, limiter.middleware(LIMITS.startRegistration), async (req, res) => {
    const body = req.body as FormBody;
    assertCsrf(csrf, 'start', body._csrf);
    const lang = isLang(formField(body, 'lang', VOTER_FORM)) ? (formField(body, 'lang', VOTER_FORM) as Lang) : 'en';
    const entry = readEntry(body);
    const partner = await partners.activeById(entry.partner);
    const { row, resumeToken } = await registrations.startWeb(
      lang,
      { partnerId: partner?.id ?? null, source: entry.source || null, tracking: entry.tracking || null },
      prefillOf(entry),
      { voterMail: voterMailSettingsOf(partner).voterMail },
    );
    if (UTM_KEYS.some((k) => entry.utm[k])) await registrations.recordUtm(row, entry.utm);
    res.redirect(303, paths.step(resumeToken, 'eligibility'));
  });

  router.get(paths.resume(':token'), async (req, res) => {
    const { row, token, emailOptional } = await load(req);
    if (row.status !== 'in_progress') return res.redirect(303, paths.step(token, 'done'));
    res.redirect(303, paths.step(token, firstIncompleteStep(parseAnswers(row), clock.now(), registrations.idNumberOf(row), emailOptional)));
  });

  const doneDeps = { clock, storage, links, registrations, baseUrl, retentionDays, print, offices };
  router.get(paths.step(':token', 'done'), async (req, res) => {
    const { row, token, partner } = await load(req);
    if (row.status === 'in_progress') return res.redirect(303, paths.resume(token));
    const frame = framePage(res, partner, { event: row.status === 'accepted' || row.status === 'pdf_ready' ? 'completed' : '' });
    res.send(await donePage(doneDeps, views, row, token, frame, { kind: 'window', form: pdfAgainForm(csrf, row, token) }));
  });

  // Past the first hour, the PDF again for the date of birth (pdf-again.ts). The page is the answer
  // (no redirect): the link it carries is offered to this response only.
  router.post(paths.pdfAgain(':token'), limiter.middleware(LIMITS.voterPost), async (req, res) => {
    const { row, token, partner, lang } = await load(req);
    if (row.status === 'in_progress') return res.redirect(303, paths.resume(token));
    const body = req.body as FormBody;
    assertCsrf(csrf, pdfAgainScope(row.uid), body._csrf);
    const frame = framePage(res, partner);
    const form = pdfAgainForm(csrf, row, token);
    const refuse = async (status: number, problem: string, values: Record<string, string>) =>
      res
        .status(status)
        .send(await donePage(doneDeps, views, row, token, frame, { kind: 'refused', form, errors: { dateOfBirth: problem }, values }));
    const checked = checkDateOfBirth(lang, row, body);
    if (await limiter.tryHit(res, PDF_AGAIN_LIMIT, row.uid)) return refuse(429, tooManyTries(lang), checked.values);
    if (checked.problem) return refuse(422, checked.problem, checked.values);
    res.send(await donePage(doneDeps, views, row, token, frame, { kind: 'proven', form }));
  });

  async function renderStop(
    res: Response,
    status: number,
    loaded: { row: RegistrationRow; token: string; lang: Lang; partner: Partner | undefined },
    form?: RemindForm,
  ) {
    const { row, token, lang, partner } = loaded;
    const answers = parseAnswers(row);
    const reason = row.status === 'in_progress' ? stopReason(answers, clock.now()) : null;
    if (!reason) return res.redirect(303, paths.resume(token));
    const remind = reason === 'under_18' ? remindOffer(lang, row, answers, clock.now()) : null;
    res.status(status).send(
      renderPage(views, 'voter/stop.njk', voterArea(lang), {
        reason,
        state: stateModel(lang, stateOf(answers)),
        online: reason === 'not_citizen' ? null : onlineOffer(lang, token, stateOf(answers), row.finished_with_state_at, 'stop'),
        backHref: paths.step(token, 'eligibility'),
        frame: framePage(res, partner, { resumeToken: token }),
        switchHref: `${paths.step(token, 'stop')}?lang=${lang === 'en' ? 'es' : 'en'}`,
        remind,
        remindAction: paths.remind(token),
        csrfToken: remind ? csrf.issue(row.uid) : null,
        // The address they gave at the first step, prefilled; the box is never ticked for them.
        values: form?.values ?? { email: answers.email ?? '' },
        errors: form?.errors ?? {},
        errorSummary: form?.errorSummary ?? [],
        email: answers.email ?? '',
      }),
    );
  }

  router.get(paths.step(':token', 'stop'), async (req, res) => {
    await renderStop(res, 200, await load(req));
  });

  // "Email me when I can register": nothing is scheduled unless the box is ticked.
  router.post(paths.remind(':token'), limiter.middleware(LIMITS.voterPost), async (req, res) => {
    const loaded = await load(req);
    const { row, token, lang } = loaded;
    const body = req.body as FormBody;
    assertCsrf(csrf, row.uid, body._csrf);
    const offer = row.status === 'in_progress' ? remindOffer(lang, row, parseAnswers(row), clock.now()) : null;
    if (!offer) return res.redirect(303, paths.resume(token));
    const form = readRemindForm(
      lang,
      formField(body, 'email', { ...VOTER_FORM, max: 254 }),
      formField(body, 'consent', VOTER_FORM) === 'yes',
    );
    if (!form.ok) return renderStop(res, 422, loaded, form);
    await registrations.consentToTurning18(row, form.values.email!, (trx) => voterMail.schedule(trx, row.id, 'turning_18', offer.dueAt));
    res.redirect(303, paths.step(token, 'stop'));
  });

  // The state's own online registration, through Rollcall so that it is counted (Rocky's "finish
  // with state"): recorded the first time, then a 303 to the state's page, from any page of the flow.
  router.get(paths.online(':token'), async (req, res) => {
    const { row } = await load(req);
    const url = stateOf(parseAnswers(row))?.onlineRegistrationUrl;
    if (!url) throw new NotFound('This state has no online registration.');
    await registrations.finishWithState(row);
    // The resume token is in this URL and in the page that linked here: the state's site gets no referrer.
    res.set('Referrer-Policy', 'no-referrer');
    res.redirect(303, url);
  });

  router.get(paths.step(':token', ':step'), async (req, res) => {
    const step = String(req.params.step);
    if (!isStep(step)) throw new NotFound();
    const { row, token, partner, emailOptional } = await load(req);
    if (row.status !== 'in_progress') return res.redirect(303, paths.step(token, 'done'));
    const answers = parseAnswers(row);
    const idNumber = registrations.idNumberOf(row);
    // No skipping ahead: a step opens once every step before it is complete.
    const resumeAt = firstIncompleteStep(answers, clock.now(), idNumber, emailOptional);
    if (STEPS.indexOf(step) > STEPS.indexOf(resumeAt)) return res.redirect(303, paths.step(token, resumeAt));
    const survey = step === SURVEY_STEP ? await surveyFor(partnerQuestions, partner, row.lang) : null;
    const values = formValues(prefill(answers), idNumber);
    if (survey) Object.assign(values, surveyValues(survey, await surveyRecords.forRegistration(row.id), answers.phone));
    await renderStep(res, 200, step, row, token, values, [], answers, req.query.from === 'review', partner, survey);
  });

  router.post(paths.step(':token', ':step'), limiter.middleware(LIMITS.voterPost), async (req, res) => {
    const step = String(req.params.step);
    if (!isStep(step)) throw new NotFound();
    const { row, token, partner, emailOptional } = await load(req);
    if (row.status !== 'in_progress') return res.redirect(303, paths.step(token, 'done'));
    const body = req.body as FormBody;
    assertCsrf(csrf, row.uid, body._csrf);
    const saved = parseAnswers(row);
    const now = clock.now();
    const fromReview = req.query.from === 'review';
    const after = (answers: Answers, idNumber: string | undefined) =>
      fromReview ? firstIncompleteStep(answers, now, idNumber, emailOptional) : nextStep(step);

    // The language switch on a step submits the form: keep what was typed as a draft (not
    // validated, but bounded: draft.ts), then show the step in the other language.
    const switchTo = formField(body, '_lang', VOTER_FORM);
    if (isLang(switchTo)) {
      // The ID step keeps its draft only once an identifier is chosen (no choice is not "none").
      const idDraft = step === 'id' ? draftOfId(readIdAnswer(body, stateOf(saved))) : {};
      const draft =
        step !== 'id' ? { ...saved, ...draftOfStep(readStep[step](body)) } : idDraft.type ? { ...saved, idType: idDraft.type } : saved;
      if (withinDraftCap(draft)) await registrations.saveProgress(row, draft, row.step, idDraft.type ? box6Text(idDraft) : undefined);
      await registrations.setLang(row, switchTo);
      return res.redirect(303, `${paths.step(token, step)}?lang=${switchTo}${fromReview ? '&from=review' : ''}`);
    }

    if (step === 'id') {
      const id = readIdAnswer(body, stateOf(saved));
      const problems = validateSection('id', saved, { now, id });
      if (problems.length)
        return renderStep(
          res,
          422,
          step,
          row,
          token,
          { ...formValues(saved), ...idFieldValues(body), idType: id.type ?? '' },
          problems,
          saved,
          fromReview,
          partner,
        );
      // Box 6 is stored as the state expects it; which identifier it is goes with the answers.
      const answers: Answers = { ...saved, idType: id.type };
      const idNumber = box6Text(id);
      await registrations.saveProgress(row, answers, nextStep(step), idNumber);
      return res.redirect(303, paths.step(token, after(answers, idNumber)));
    }

    const answers: Answers = { ...saved, ...readStep[step](body) };
    const problems = validateSection(step, answers, { now, idNumber: registrations.idNumberOf(row), emailOptional });
    // The partner's optional section (party step, partner voters only) is read and checked with the step.
    const survey = step === SURVEY_STEP ? await surveyFor(partnerQuestions, partner, row.lang) : null;
    const posted = survey ? readSurvey(body, survey) : null;
    if (posted) problems.push(...surveyProblems(posted.entries));
    if (problems.length)
      return renderStep(
        res,
        422,
        step,
        row,
        token,
        { ...formValues(answers), ...posted?.values },
        problems,
        answers,
        fromReview,
        partner,
        survey,
      );

    if (step === 'review') {
      // An earlier step is not complete (a stale tab, a draft kept by a language switch): show
      // that step with its problems named, as the voter must fix them; never a bare error page.
      const idNumber = registrations.idNumberOf(row);
      const resumeAt = firstIncompleteStep(answers, now, idNumber, emailOptional);
      if (resumeAt !== 'review') {
        const missing = validateSection(resumeAt, answers, { now, idNumber, emailOptional });
        if (missing.length)
          return renderStep(res, 422, resumeAt, row, token, formValues(prefill(answers), idNumber), missing, answers, true, partner);
        return res.redirect(303, paths.step(token, 'stop'));
      }
      const submitted = await registrations.submit(await registrations.saveProgress(row, answers, 'review'), { emailOptional });
      if (submitted.status === 'accepted') metrics.registrationsAccepted.inc({ channel: 'web' });
      // ASVS 11.1.2: accepted all the same (registrations/pace.ts); counted and logged for review,
      // with the seconds taken and the partner, nothing about the voter.
      if (submitted.too_fast) {
        metrics.registrationsTooFast.inc();
        security.event(req, 'registration_too_fast', {
          seconds: Math.round(((submitted.submitted_at ?? clock.now()) - submitted.created_at) / 1000),
          partner: submitted.partner_id ?? 'none',
        });
      }
      return res.redirect(303, paths.step(token, 'done'));
    }

    // Where the home ZIP spans towns with different election offices (and the city does not
    // decide), the addresses step asks which town, once: a post from the page that asked goes on,
    // answered or not (unanswered: the state office).
    if (step === 'addresses') {
      answers.officeTown = townAnswer(stateOf(answers)?.code, answers);
      if (townQuestionFor(stateOf(answers)?.code, answers) && !formField(body, 'officeTownAsked', VOTER_FORM)) {
        await registrations.saveProgress(row, answers, row.step);
        return renderStep(res, 200, step, row, token, formValues(answers), [], answers, fromReview, partner);
      }
    }

    // The partner's survey (party step only, so never on review) commits with the step's answers:
    // a crash between two commits would keep the one without the other.
    await registrations.saveProgressWith(row, answers, nextStep(step), async (trx) => {
      if (posted) await surveyRecords.record(trx, row.id, posted.entries, now);
    });
    // Not a citizen, under 18, or a state that refuses the form: explain, with no form (a GET page, so reload and language switch work).
    // Under 18, the state's rule is applied once the name step gives the date of birth.
    if (STOP_STEPS.includes(step) && stopReason(answers, now)) return res.redirect(303, paths.step(token, 'stop'));
    res.redirect(303, paths.step(token, after(answers, registrations.idNumberOf(row))));
  });

  return router;
}

/** The ZIP from eligibility pre-fills the home address, so the voter types it once. */
function prefill(answers: Answers): Answers {
  if (answers.homeAddress || !answers.zip) return answers;
  const state = stateOf(answers);
  return { ...answers, homeAddress: { street: '', city: '', state: state?.code ?? '', zip: answers.zip } };
}
