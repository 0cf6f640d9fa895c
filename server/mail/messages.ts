// What each voter message says: one structured model per kind (blocks of words and links, all
// from views/locales/mail/{en,es}.json), rendered twice by render.ts — the plain-text part and
// the HTML part — so the two parts can never say different things. No personal data beyond the
// voter's first name: no address, no birth date, no ID number; the office address is the
// election office's, and the links are bearer tokens only the voter's mailbox holds.
import { mailTranslator, type Lang } from '../i18n.js';
import type { MailingStep } from '../registrations/mailing-steps.js';
import type { VoterMailKind } from './voter-mail.js';

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'button'; text: string; href: string }
  | { kind: 'steps'; items: Array<{ title: string; body: string }> }
  | { kind: 'address'; lines: string[] };

export interface VoterMessage {
  lang: Lang;
  subject: string;
  blocks: Block[];
  /** Why the voter gets it, and the stop link (also in the List-Unsubscribe header). */
  footer: string;
  stopText: string;
  stopHref: string;
}

/** Everything a message may say, worked out by the sender (absolute URLs). */
export interface MessageFacts {
  kind: VoterMailKind;
  lang: Lang;
  firstName: string | null;
  /** The email link page (/m/:token): a fresh PDF link, "I mailed it", stop. */
  linkHref: string;
  stopHref: string;
  resumeHref?: string;
  /** turning_18: the start page (with the partner, if any). */
  startHref?: string;
  steps?: MailingStep[];
  deadline?: string;
  office?: string[];
  /** print_mailed: the day the printed form was mailed, formatted in the voter's language. */
  mailedOn?: string;
}

/** A day in the voter's language ("December 5, 2026", "5 de diciembre de 2026"), in UTC. */
export function formatDay(ms: number, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(ms));
}

export function voterMessage(f: MessageFacts): VoterMessage {
  const mt = mailTranslator(f.lang);
  const name = f.firstName?.trim();
  const blocks: Block[] = [{ kind: 'p', text: name ? mt('greeting', { name }) : mt('greetingNoName') }];
  const p = (text: string) => blocks.push({ kind: 'p', text });
  const button = (text: string, href: string) => blocks.push({ kind: 'button', text, href });
  const deadline = () => {
    if (f.deadline) p(mt('deadline', { deadline: f.deadline }));
  };
  const office = () => {
    if (f.office && f.office.length > 0) {
      blocks.push({ kind: 'heading', text: mt('officeHeading') });
      blocks.push({ kind: 'address', lines: f.office });
    }
  };
  const resume = () => {
    if (f.resumeHref) {
      p(mt('resume'));
      button(mt('resumeButton'), f.resumeHref);
    }
  };
  p(mt(`${f.kind}.intro`, { date: f.mailedOn ?? '' }));
  switch (f.kind) {
    case 'confirmation':
      button(mt('formButton'), f.linkHref);
      p(mt('linkLasts'));
      // The last step names the deadline; without steps (no state known) it stands on its own.
      if (f.steps && f.steps.length > 0) {
        blocks.push({ kind: 'heading', text: mt('stepsHeading') });
        blocks.push({ kind: 'steps', items: f.steps.map((s) => ({ title: s.title, body: s.body })) });
      } else deadline();
      office();
      resume();
      break;
    case 'reminder_1':
    case 'reminder_2':
    case 'last_reminder':
      button(mt('formButton'), f.linkHref);
      p(mt('mailedIt'));
      deadline();
      office();
      break;
    case 'follow_up':
      if (f.resumeHref) button(mt('follow_up.button'), f.resumeHref);
      break;
    case 'print_mailed':
      deadline();
      office();
      button(mt('print_mailed.button'), f.linkHref);
      break;
    case 'turning_18':
      if (f.startHref) button(mt('turning_18.button'), f.startHref);
      break;
  }
  return {
    lang: f.lang,
    subject: mt(`${f.kind}.subject`),
    blocks,
    footer: mt('footer'),
    stopText: mt('stopLink'),
    stopHref: f.stopHref,
  };
}
