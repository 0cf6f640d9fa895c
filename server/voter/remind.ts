// "Remind me when I can register": offered on the stop page to a voter under 18 whose state's rule
// does not let them register yet. One message (turning_18), on the first day the rule allows,
// only if the voter ticks the box; the address is prefilled with the one they gave.
import { translator, type Lang } from '../i18n.js';
import type { Answers } from '../registrations/answers.js';
import { emailCheck } from '../registrations/field-rules.js';
import { describeProblem } from '../registrations/problem-messages.js';
import type { RegistrationRow } from '../registrations/registration-records.js';
import { stateOfAnswers, under18DecisionOf } from '../registrations/validate.js';
import { localName } from '../states/index.js';

export interface RemindOffer {
  /** When the turning_18 message is due: the first day the state's rule allows (UTC midnight, epoch ms). */
  dueAt: number;
  /** The same day, written out in the voter's language. */
  date: string;
  /** The rule depends on an election date we do not hold: the date is the latest it could be. */
  conservative: boolean;
  /** The voter already asked (the page then says when and to which address). */
  scheduled: boolean;
  state: string;
}

/** The offer for this voter today, or null (not under 18, allowed already, or a state with no rule). */
export function remindOffer(lang: Lang, row: RegistrationRow, answers: Answers, now: number): RemindOffer | null {
  const decision = under18DecisionOf(answers, now);
  const state = stateOfAnswers(answers);
  if (!state || decision === null || decision === 'needs_date_of_birth' || decision.kind !== 'not_yet') return null;
  return {
    dueAt: decision.from,
    date: new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(decision.from),
    conservative: decision.conservative,
    scheduled: row.turning_18_consent_at != null,
    state: localName(state, lang),
  };
}

export interface RemindForm {
  values: Record<string, string>;
  errors: Record<string, string>;
  errorSummary: Array<{ href: string; text: string }>;
}

/** Reads the posted form: the address (checked like the eligibility step's) and the ticked box. */
export function readRemindForm(lang: Lang, email: string, consent: boolean): RemindForm & { ok: boolean } {
  const t = translator(lang);
  const errors: Record<string, string> = {};
  const errorSummary: RemindForm['errorSummary'] = [];
  if (!consent) {
    errors.consent = t('under18.consentRequired');
    errorSummary.push({ href: '#consent', text: errors.consent });
  }
  const problem = email === '' ? 'required' : emailCheck(email);
  if (problem) {
    const code = typeof problem === 'string' ? problem : problem.code;
    errors.email = describeProblem(lang, { path: 'email', code });
    errorSummary.push({ href: '#email', text: errors.email });
  }
  return { ok: errorSummary.length === 0, values: { email, consent: consent ? 'yes' : '' }, errors, errorSummary };
}
