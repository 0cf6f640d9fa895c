// The one sequence a voter follows once the form is filled in: print, sign and date, enclose
// copies (only a voter who gave no ID number), fold into the mailer or an envelope, stamp, mail by
// the deadline. The done page and page 2 of the PDF both show exactly these steps, in this order.
// Words come from views/locales/{en,es}.json (`mailing.*`).
import { translator, type Lang } from '../i18n.js';
import { isNoneAnswer, localName, type StateRules } from '../states/index.js';
import type { Answers } from './answers.js';
import { enclosureFor } from './enclosures.js';

export type MailingStepKind = 'print' | 'sign' | 'enclose' | 'assemble' | 'stamp' | 'mail';

export interface MailingStep {
  kind: MailingStepKind;
  title: string;
  body: string;
}

/**
 * Whether box 6 carries no identifying number (the voter wrote NONE, or gave none). The one place
 * that decides it: when the ID answer is an explicit identifier type (answers.idType); a row stored before it has only the text.
 */
export function gaveNoIdNumber(answers: Answers, idNumber: string | undefined): boolean {
  return idNumber === undefined || answers.idType === 'none' || isNoneAnswer(idNumber);
}

export function mailingSteps(state: StateRules, lang: Lang, answers: Answers, idNumber: string | undefined): MailingStep[] {
  const t = translator(lang);
  const enclose = gaveNoIdNumber(answers, idNumber);
  const step = (kind: MailingStepKind, body: string): MailingStep => ({ kind, title: t(`mailing.${kind}.title`), body });
  return [
    step('print', t('mailing.print.body')),
    step('sign', t('mailing.sign.body')),
    ...(enclose ? [step('enclose', t(`mailing.enclose.${enclosureFor(state.code)}`, { state: localName(state, lang) }))] : []),
    step('assemble', t(enclose ? 'mailing.assemble.bodyWithCopies' : 'mailing.assemble.body')),
    // One first-class stamp carries 1 oz (28 g): five sheets of office paper (about 4.5 g each).
    step('stamp', t('mailing.stamp.body')),
    step('mail', t('mailing.mail.body', { deadline: state.deadline[lang] })),
  ];
}
