// The "Questions" page of the partner portal: survey questions and opt-ins (with their consent
// text) per language. Scoped to the signed-in user's partner; CSRF on the form; bad input gets 422
// with an error summary that links to each field.
import { Router, type RequestHandler, type Response } from 'express';
import { assertSessionCsrf } from '../auth/guard.js';
import { paths } from '../paths.js';
import { LANGS } from '../i18n.js';
import type { Msg } from '../i18n.js';
import { partnerMsg } from './language.js';
import { errorSummaryOf } from '../http/views.js';
import { formField } from '../http/form.js';
import { partnerIdOf, type PartnerPage } from './portal-page.js';
import {
  CONSENT_MAX,
  cleanText,
  defaultConsent,
  emptySettings,
  OPTINS,
  type PartnerQuestions,
  QUESTION_MAX,
  type QuestionSettings,
} from './questions.js';
import type { CsrfTokens } from '../http/csrf.js';
import type { PartnerRecords } from './partner-records.js';

type Problem = { field: string; key: string; params: Record<string, string | number> };

/** cleanText does the trimming and normalizing; a name posted twice counts by its first value, as it always has here. */
const AS_POSTED = { asSent: true, firstOfRepeated: true };

/** The form's field names: the same as the columns (question_1_en, email_optin, email_consent_es...). */
function readForm(body: Record<string, unknown>): { settings: QuestionSettings; values: Record<string, string>; problems: Problem[] } {
  const settings = emptySettings();
  const values: Record<string, string> = {};
  const problems: Problem[] = [];
  const take = (name: string, max: number) => {
    const v = cleanText(formField(body, name, AS_POSTED));
    values[name] = v;
    if (v.length > max) problems.push({ field: name, key: 'questions.errors.tooLong', params: { max } });
    return v;
  };
  for (const lang of LANGS) settings.questions[lang] = [take(`question_1_${lang}`, QUESTION_MAX), take(`question_2_${lang}`, QUESTION_MAX)];
  for (const kind of OPTINS) {
    const on = cleanText(formField(body, `${kind}_optin`, AS_POSTED)) === 'yes';
    values[`${kind}_optin`] = on ? 'yes' : '';
    settings.optins[kind].on = on;
    for (const lang of LANGS) {
      const name = `${kind}_consent_${lang}`;
      settings.optins[kind].consent[lang] = take(name, CONSENT_MAX);
      // A voter must see what they agree to, in their language.
      if (on && !values[name]) problems.push({ field: name, key: 'questions.errors.consentMissing', params: {} });
    }
  }
  return { settings, values, problems };
}

function valuesOf(s: QuestionSettings, partnerName: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const lang of LANGS) {
    values[`question_1_${lang}`] = s.questions[lang][0];
    values[`question_2_${lang}`] = s.questions[lang][1];
    // Until the partner writes its own, the boxes offer a default wording to keep or change.
    for (const kind of OPTINS) values[`${kind}_consent_${lang}`] = s.optins[kind].consent[lang] || defaultConsent(kind, lang, partnerName);
  }
  for (const kind of OPTINS) values[`${kind}_optin`] = s.optins[kind].on ? 'yes' : '';
  return values;
}

/** Field label for an error message, from the field's name. */
function labelOf(msg: Msg, field: string): string {
  const [, kind, , lang] = /^(question_1|question_2|email_consent|sms_consent)(_)(en|es)$/.exec(field) ?? [];
  return msg(`questions.labels.${kind}`, { language: msg(`questions.lang.${lang}`) });
}

/** What questionsRoutes uses, and nothing else. */
export interface QuestionsRoutesDeps {
  csrf: CsrfTokens;
  partners: PartnerRecords;
  questions: PartnerQuestions;
}

export function questionsRoutes(
  { csrf, partners, questions: store }: QuestionsRoutesDeps,
  page: PartnerPage,
  requirePartner: RequestHandler,
): Router {
  const router = Router();

  const show = (
    res: Response,
    values: Record<string, string>,
    problems: Problem[] = [],
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const msg = partnerMsg(res);
    const errors: Record<string, string> = {};
    for (const p of problems) errors[p.field] ??= msg(p.key, { field: labelOf(msg, p.field), ...p.params });
    page(
      res,
      'questions.njk',
      {
        section: 'questions',
        values,
        errors,
        errorSummary: errorSummaryOf(errors),
        questionMax: QUESTION_MAX,
        consentMax: CONSENT_MAX,
        ...extra,
      },
      status,
    );
  };

  router.get(paths.partner.questions, requirePartner, async (_req, res) => {
    const partnerId = partnerIdOf(res);
    const partner = (await partners.byId(partnerId))!;
    show(res, valuesOf(await store.get(partnerId), partner.name));
  });

  router.post(paths.partner.questions, requirePartner, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    assertSessionCsrf(csrf, res, body._csrf);
    const { settings, values, problems } = readForm(body);
    if (problems.length) return show(res, values, problems, {}, 422);
    await store.save(partnerIdOf(res), settings);
    show(res, values, [], { saved: true });
  });

  return router;
}
