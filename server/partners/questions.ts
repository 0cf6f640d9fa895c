// A partner's survey questions and opt-ins: up to two questions per language, and two opt-ins
// (the partner's email list, its SMS list), each on or off with its consent text per language.
// Texts are stored as typed (whitespace runs folded to one space, no control characters) and only
// ever shown escaped; the voter flow shows exactly the stored text and records a copy of it.
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import { LANGS, type Lang } from '../i18n.js';
import { messagesFor } from '../i18n.js';
import { CONTROL, normalizeAnswer } from '../registrations/field-rules.js';

export const QUESTION_MAX = 200;
export const CONSENT_MAX = 500;
export const OPTINS = ['email', 'sms'] as const;
export type OptIn = (typeof OPTINS)[number];

export interface QuestionSettings {
  /** Per language, question 1 and 2; '' when not asked. */
  questions: Record<Lang, [string, string]>;
  optins: Record<OptIn, { on: boolean; consent: Record<Lang, string> }>;
}

interface Row {
  partner_id: string;
  question_1_en: string | null;
  question_2_en: string | null;
  question_1_es: string | null;
  question_2_es: string | null;
  email_optin: boolean | number;
  email_consent_en: string | null;
  email_consent_es: string | null;
  sms_optin: boolean | number;
  sms_consent_en: string | null;
  sms_consent_es: string | null;
  updated_at: number;
}

/** The voter fields' control characters (field-rules.ts), every occurrence. */
const CONTROL_ALL = new RegExp(CONTROL.source, 'gu');

/** Folds whitespace (newlines included) to single spaces and drops control and bidi-override characters. */
export function cleanText(value: unknown): string {
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== 'string') return '';
  return normalizeAnswer(value.replace(CONTROL_ALL, ' ').replace(/\s+/gu, ' '));
}

export function emptySettings(): QuestionSettings {
  return {
    questions: { en: ['', ''], es: ['', ''] },
    optins: { email: { on: false, consent: { en: '', es: '' } }, sms: { on: false, consent: { en: '', es: '' } } },
  };
}

/** The consent wording the portal offers until the partner writes its own (in each language). */
export function defaultConsent(kind: OptIn, lang: Lang, partnerName: string): string {
  return messagesFor('partner', lang)(`questions.default.${kind}`, { name: partnerName });
}

export class PartnerQuestions {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** This partner's settings; empty ones (nothing asked) when it never saved any. */
  async get(partnerId: string): Promise<QuestionSettings> {
    const row = (await this.db<Row>('partner_questions').where({ partner_id: partnerId }).first()) as Row | undefined;
    const s = emptySettings();
    if (!row) return s;
    for (const lang of LANGS) {
      s.questions[lang] = [row[`question_1_${lang}`] ?? '', row[`question_2_${lang}`] ?? ''];
      for (const kind of OPTINS) s.optins[kind].consent[lang] = row[`${kind}_consent_${lang}`] ?? '';
    }
    for (const kind of OPTINS) s.optins[kind].on = Boolean(row[`${kind}_optin`]);
    return s;
  }

  async save(partnerId: string, s: QuestionSettings): Promise<void> {
    const row: Row = {
      partner_id: partnerId,
      question_1_en: s.questions.en[0] || null,
      question_2_en: s.questions.en[1] || null,
      question_1_es: s.questions.es[0] || null,
      question_2_es: s.questions.es[1] || null,
      email_optin: s.optins.email.on,
      email_consent_en: s.optins.email.consent.en || null,
      email_consent_es: s.optins.email.consent.es || null,
      sms_optin: s.optins.sms.on,
      sms_consent_en: s.optins.sms.consent.en || null,
      sms_consent_es: s.optins.sms.consent.es || null,
      updated_at: this.clock.now(),
    };
    await this.db('partner_questions').insert(row).onConflict('partner_id').merge();
  }
}

/** What a voter in `lang` is shown: the questions asked in that language, and the opt-ins that are on. */
export interface ShownSurvey {
  lang: Lang;
  questions: Array<{ item: 'question_1' | 'question_2'; text: string }>;
  optins: Array<{ item: 'email_optin' | 'sms_optin'; kind: OptIn; text: string }>;
}

export function shownSurvey(s: QuestionSettings, lang: Lang): ShownSurvey | null {
  const questions = s.questions[lang].flatMap((text, i) =>
    text ? [{ item: i === 0 ? ('question_1' as const) : ('question_2' as const), text }] : [],
  );
  const optins = OPTINS.flatMap((kind) =>
    s.optins[kind].on && s.optins[kind].consent[lang] ? [{ item: `${kind}_optin` as const, kind, text: s.optins[kind].consent[lang] }] : [],
  );
  return questions.length || optins.length ? { lang, questions, optins } : null;
}
