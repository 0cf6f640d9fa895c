// The partner's optional section on the party step: its survey questions and opt-ins, in the
// voter's language, for voters who came through that partner only. Whatever the voter leaves is
// recorded with a copy of the exact text shown (server/registrations/survey-records.ts).
import { translator, type Lang } from '../i18n.js';
import { cleanText, PartnerQuestions, shownSurvey, type ShownSurvey } from '../partners/questions.js';
import type { Partner } from '../partners/partner-records.js';
import { phoneCheck } from '../registrations/field-rules.js';
import type { SurveyEntry, SurveyItem, SurveyRecord } from '../registrations/survey-records.js';
import type { Problem } from '../registrations/validate.js';
import { formField, type FormBody } from '../http/form.js';
import { VOTER_FORM } from './form-input.js';
import type { ReviewSection } from './page-model.js';

export const SURVEY_STEP = 'party';
export const ANSWER_MAX = 500;

/** Form field names of the section (dotted like the other voter fields). */
export const SURVEY_FIELDS: Record<SurveyItem | 'smsPhone', string> = {
  question_1: 'survey.q1',
  question_2: 'survey.q2',
  email_optin: 'survey.emailOptin',
  sms_optin: 'survey.smsOptin',
  smsPhone: 'survey.smsPhone',
};

/** What this voter is shown: nothing without a partner, or when the partner asks nothing in this language. */
export async function surveyFor(questions: PartnerQuestions, partner: Partner | undefined, lang: Lang): Promise<ShownSurvey | null> {
  if (!partner) return null;
  return shownSurvey(await questions.get(partner.id), lang);
}

/** The section as posted: one entry per item shown, and the values to show again on an error. */
export function readSurvey(body: FormBody, shown: ShownSurvey): { entries: SurveyEntry[]; values: Record<string, string> } {
  const values: Record<string, string> = {};
  const entries: SurveyEntry[] = [];
  for (const q of shown.questions) {
    const answer = cleanText(body[SURVEY_FIELDS[q.item]]);
    values[SURVEY_FIELDS[q.item]] = answer;
    entries.push({ item: q.item, lang: shown.lang, prompt: q.text, answer, ticked: null, phone: null });
  }
  for (const o of shown.optins) {
    const ticked = formField(body, SURVEY_FIELDS[o.item], VOTER_FORM) === 'yes';
    if (ticked) values[SURVEY_FIELDS[o.item]] = 'yes';
    let phone: string | null = null;
    if (o.kind === 'sms') {
      phone = formField(body, SURVEY_FIELDS.smsPhone, { ...VOTER_FORM, max: 40 });
      values[SURVEY_FIELDS.smsPhone] = phone;
      if (!ticked) phone = null; // a number is kept only for the list the voter joined
    }
    entries.push({ item: o.item, lang: shown.lang, prompt: o.text, answer: null, ticked, phone: phone || null });
  }
  return { entries, values };
}

export function surveyProblems(entries: SurveyEntry[]): Problem[] {
  const problems: Problem[] = [];
  for (const e of entries) {
    if (e.answer && e.answer.length > ANSWER_MAX)
      problems.push({ path: SURVEY_FIELDS[e.item], code: 'answer_too_long', params: { max: ANSWER_MAX } });
    if (e.item === 'sms_optin' && e.ticked) {
      if (!e.phone) problems.push({ path: SURVEY_FIELDS.smsPhone, code: 'sms_needs_phone' });
      else if (phoneCheck(e.phone)) problems.push({ path: SURVEY_FIELDS.smsPhone, code: 'invalid_phone' });
    }
  }
  return problems;
}

/** Form values from what was recorded, for the items whose text is still the one shown. */
export function surveyValues(shown: ShownSurvey, records: SurveyRecord[], phone: string | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  const byItem = new Map(records.map((r) => [r.item, r]));
  const still = (item: SurveyItem, text: string) => {
    const r = byItem.get(item);
    return r && r.prompt === text && r.lang === shown.lang ? r : undefined;
  };
  for (const q of shown.questions) values[SURVEY_FIELDS[q.item]] = still(q.item, q.text)?.answer ?? '';
  for (const o of shown.optins) {
    const r = still(o.item, o.text);
    if (r?.ticked) values[SURVEY_FIELDS[o.item]] = 'yes';
    // The phone from the "about you" step is offered for the SMS list; the voter may change it.
    if (o.kind === 'sms') values[SURVEY_FIELDS.smsPhone] = r?.phone ?? phone ?? '';
  }
  return values;
}

const ITEM_ORDER: readonly SurveyItem[] = ['question_1', 'question_2', 'email_optin', 'sms_optin'];

/** The review page's section: what will go to the partner, each under the exact text recorded. */
export function surveyReview(
  records: SurveyRecord[],
  partnerName: string,
  lang: Lang,
  href: string,
): (ReviewSection & { href: string }) | null {
  if (!records.length) return null;
  const t = translator(lang);
  const rows = [...records]
    .sort((x, y) => ITEM_ORDER.indexOf(x.item) - ITEM_ORDER.indexOf(y.item))
    .map((r) => ({
      label: r.prompt,
      value: r.ticked === null ? (r.answer ?? '') : `${t(r.ticked ? 'common.yes' : 'common.no')}${r.phone ? ` (${r.phone})` : ''}`,
    }));
  return { step: 'survey', heading: t('survey.heading', { name: partnerName }), rows, href };
}
