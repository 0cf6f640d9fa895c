// What every voter page template receives: the answers as form values, the errors by field and
// as a summary (each linking to its field), and the state's rules in the voter's language.
import { translator, type Lang } from '../i18n.js';
import { paths } from '../paths.js';
import type { ErrorSummaryItem } from '../http/views.js';
import {
  getState,
  ID_FIELDS,
  idAnswerOf,
  listStates,
  localName,
  localPlace,
  partyAnswerText,
  spanishOf,
  partyChoices,
  type IdType,
  type StateRules,
} from '../states/index.js';
import { NO_TOWN } from '../offices/index.js';
import { townQuestionFor } from '../offices/offices.js';
import { RACE_KEYS, SUFFIXES, TITLES, type Answers } from '../registrations/answers.js';
import { describeProblem } from '../registrations/problem-messages.js';
import { stateOfAnswers, type Problem } from '../registrations/validate.js';

/** HTML id of a field: dots are legal in ids but awkward in CSS and fragments. */
export function fieldId(path: string): string {
  return path.replace(/\./g, '-');
}

export function errorModel(lang: Lang, problems: Problem[]) {
  const byField: Record<string, string> = {};
  /** The code of each field's problem, for a page that adds help to one (under 18 on the name step). */
  const codes: Record<string, string> = {};
  const summary: ErrorSummaryItem[] = [];
  for (const p of problems) {
    const text = describeProblem(lang, p);
    byField[p.path] = text;
    codes[p.path] = p.code;
    // Date of birth is three boxes: link to the first.
    summary.push({ href: `#${fieldId(p.path === 'dateOfBirth' ? 'dateOfBirth.month' : p.path)}`, text });
  }
  return { errors: byField, errorCodes: codes, errorSummary: summary };
}

/** Flattens answers into the dotted names the forms use, so templates read `values['homeAddress.city']`. */
export function formValues(answers: Answers, idNumber?: string): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (prefix: string, obj: object | undefined) => {
    for (const [k, v] of Object.entries(obj ?? {})) {
      const name = prefix ? `${prefix}.${k}` : k;
      if (v === undefined || v === null) continue;
      if (typeof v === 'object') put(name, v);
      else if (typeof v === 'boolean') out[name] = v ? 'yes' : 'no';
      else out[name] = String(v);
    }
  };
  put('', answers);
  const dob = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(answers.dateOfBirth ?? '');
  if (dob)
    Object.assign(out, {
      'dateOfBirth.year': dob[1],
      'dateOfBirth.month': String(Number(dob[2])),
      'dateOfBirth.day': String(Number(dob[3])),
    });
  if (answers.mailingAddress) out.hasMailingAddress = 'yes';
  if (answers.previousName) out.changedName = 'yes';
  if (answers.previousAddress) out.changedAddress = 'yes';
  if (idNumber !== undefined) Object.assign(out, idValues(answers, idNumber));
  return out;
}

export function stateModel(lang: Lang, state: StateRules | undefined) {
  if (!state) return null;
  return {
    code: state.code,
    // Every page prints the state's name in the page's language ("Dakota del Norte").
    name: localName(state, lang),
    requiresParty: state.requiresParty,
    requiresRace: state.requiresRace,
    parties: partyChoices(state)
      .filter((p) => p.label[lang])
      .map((p) => ({ value: p.key, label: p.label[lang] })),
    idRule: state.idNumber.rule[lang],
    id: idModel(lang, state),
    deadline: state.deadline[lang],
    under18: state.under18?.[lang] ?? null,
    refusalReason: state.refusalReason?.[lang] ?? null,
    office: state.office,
    onlineRegistrationUrl: state.onlineRegistrationUrl,
  };
}

/** The steps that offer the state's online registration: before the voter has typed everything. */
const ONLINE_OFFER_STEPS: readonly string[] = ['eligibility', 'name', 'addresses'];

export interface OnlineOffer {
  /** Rollcall's route, which records the visit and redirects to the state's page. */
  href: string;
  messageKey: 'online.offer' | 'online.doneOffer' | 'online.followed';
  /** The day the voter followed it, in words, or ''. */
  followedOn: string;
}

/** The offer of the state's own online registration on this page, or null (no state yet, no online registration, or a late step). */
export function onlineOffer(
  lang: Lang,
  token: string,
  state: StateRules | undefined,
  finishedWithStateAt: number | null,
  page: string,
): OnlineOffer | null {
  if (!state?.onlineRegistrationUrl) return null;
  if (page !== 'done' && page !== 'stop' && !ONLINE_OFFER_STEPS.includes(page)) return null;
  const followedOn = finishedWithStateAt ? longDate(lang, new Date(Number(finishedWithStateAt)).toISOString().slice(0, 10)) : '';
  const messageKey = followedOn ? 'online.followed' : page === 'done' ? 'online.doneOffer' : 'online.offer';
  return { href: paths.online(token), messageKey, followedOn };
}

function longDate(lang: Lang, iso: string | undefined): string {
  const d = iso ? new Date(`${iso}T00:00:00Z`) : null;
  return d && !Number.isNaN(d.getTime())
    ? new Intl.DateTimeFormat(lang === 'es' ? 'es-US' : 'en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(d)
    : '';
}

/** The stored box 6 back in the ID step's fields (the type says which). */
function idValues(answers: Answers, idNumber: string): Record<string, string> {
  const state = stateOf(answers);
  const id = state ? idAnswerOf(state, answers.idType, idNumber) : { type: answers.idType };
  const out: Record<string, string> = { [ID_FIELDS.type]: id.type ?? '' };
  if (id.stateId) out[ID_FIELDS.stateId] = id.stateId;
  if (id.ssnLast4) out[ID_FIELDS.ssnLast4] = id.ssnLast4;
  if (id.ssnFull) out[ID_FIELDS.ssnFull] = id.ssnFull;
  return out;
}

/**
 * The ID step: one radio per identifier the state accepts, in the state's order, each labelled
 * for this state; which number fields the page needs; and, under "none", what the state says
 * happens then.
 */
function idModel(lang: Lang, state: StateRules) {
  const t = translator(lang);
  const rule = state.idNumber;
  const name = localName(state, lang);
  // The state as the issuer of a document: "a California driver's license", "licencia de conducir de California" (del Distrito de Columbia).
  const issuer = lang === 'en' ? name : spanishOf(localPlace(state, 'es'));
  const has = (type: IdType) => rule.accepts.includes(type);
  // Where the first choice is both numbers (Missouri), the single ones say which one the voter lacks.
  const both = rule.combined === 'both';
  const label: Record<IdType, string> = {
    state_id: both ? 'state_id_only' : 'state_id',
    state_id_and_ssn_last4: `state_id_and_ssn_last4_${rule.combined ?? 'both'}`,
    ssn_last4: both ? 'ssn_last4_no_licence' : has('state_id') ? 'ssn_last4_instead' : 'ssn_last4',
    ssn_full: has('ssn_last4') ? 'ssn_full_instead' : 'ssn_full',
    none: has('state_id') || has('ssn_last4') ? 'none' : 'none_ssn',
  };
  return {
    ask: rule.ask[lang],
    choices: rule.accepts.map((type) => ({
      value: type,
      label: t(`steps.id.choices.${label[type]}`, { state: issuer }),
      hint: type === 'none' ? `${rule.noneText[lang]} ${t('steps.id.noneBox')}` : '',
    })),
    fields: {
      stateId: has('state_id') || has('state_id_and_ssn_last4'),
      ssnLast4: has('ssn_last4') || has('state_id_and_ssn_last4'),
      ssnFull: has('ssn_full'),
    },
    licenceMax: rule.licence.max,
  };
}

/** How the review page says what box 6 holds. */
function idReview(lang: Lang, answers: Answers, idNumber: string | undefined): string {
  if (idNumber === undefined) return '';
  const t = translator(lang);
  const state = stateOf(answers);
  const type = answers.idType ?? (state ? idAnswerOf(state, undefined, idNumber).type : undefined);
  if (type === 'none') return t('review.id.none', { none: t('pdf.idNone') });
  return type ? t(`review.id.${type}`, { number: idNumber }) : idNumber;
}

/** Option lists for selects and radios, as {value, label} in the page's language. */
export function choices(lang: Lang) {
  const t = translator(lang);
  return {
    titles: TITLES.map((x) => ({ value: x, label: x })),
    suffixes: SUFFIXES.map((x) => ({ value: x, label: x })),
    races: RACE_KEYS.map((k) => ({ value: k, label: t(`race.${k}`) })),
    // In the page's language and its alphabetical order ("Carolina del Norte" under C in Spanish).
    states: listStates()
      .map((s) => ({ value: s.code, label: localName(s, lang) }))
      .sort((a, b) => a.label.localeCompare(b.label, lang)),
    yesNo: [
      { value: 'yes', label: t('common.yes') },
      { value: 'no', label: t('common.no') },
    ],
  };
}

export function stateOf(answers: Answers): StateRules | undefined {
  return stateOfAnswers(answers) ?? (answers.homeAddress?.state ? getState(answers.homeAddress.state) : undefined);
}

export interface ReviewSection {
  step: string;
  heading: string;
  rows: Array<{ label: string; value: string }>;
}

/** The review page: every answer in words, grouped by the step that asked it (each with a Change link). */
export function reviewSections(lang: Lang, answers: Answers, idNumber: string | undefined): ReviewSection[] {
  const t = translator(lang);
  const state = stateOf(answers);
  const addr = (a: Answers['homeAddress']) => (a ? [a.street, a.unit, `${a.city}, ${a.state} ${a.zip}`].filter(Boolean).join(', ') : '');
  const name = (n: { title?: string; firstName?: string; middleName?: string; lastName?: string; suffix?: string } | undefined) =>
    n ? [n.title, n.firstName, n.middleName, n.lastName, n.suffix].filter(Boolean).join(' ') : '';
  const date = (iso: string | undefined) => longDate(lang, iso);
  const yesNo = (v: boolean | undefined) => (v === undefined ? '' : t(v ? 'common.yes' : 'common.no'));
  const party = state && answers.party ? (partyAnswerText(state, answers.party, answers.otherParty, lang) ?? '') : '';
  const none = t('common.notProvided');
  const row = (label: string, value: string) => ({ label, value: value || none });
  return [
    {
      step: 'eligibility',
      heading: t('steps.eligibility.title'),
      rows: [
        row(t('fields.usCitizen'), yesNo(answers.usCitizen)),
        row(t('fields.eighteenByElectionDay'), yesNo(answers.eighteenByElectionDay)),
        row(t('fields.email'), answers.email ?? ''),
      ],
    },
    {
      step: 'name',
      heading: t('steps.name.title'),
      rows: [
        row(t('review.name'), name(answers)),
        row(t('fields.dateOfBirth'), date(answers.dateOfBirth)),
        row(t('fields.phone'), answers.phone ?? ''),
      ],
    },
    {
      step: 'addresses',
      heading: t('steps.addresses.title'),
      rows: [
        row(t('sections.home'), addr(answers.homeAddress)),
        row(t('review.mailing'), addr(answers.mailingAddress)),
        row(t('review.previousName'), name(answers.previousName)),
        row(t('review.previousAddress'), addr(answers.previousAddress)),
      ],
    },
    { step: 'id', heading: t('steps.id.title'), rows: [row(t('fields.idNumber'), idReview(lang, answers, idNumber))] },
    {
      step: 'party',
      heading: t('steps.party.title'),
      rows: [row(t('fields.party'), party), row(t('fields.race'), answers.race ? t(`race.${answers.race}`) : '')],
    },
  ];
}

/** The addresses step's "which town or city do you live in?" (radios), or null where the ZIP (or the city) decides. */
export function townQuestionModel(lang: Lang, stateCode: string | undefined, answers: Answers) {
  const candidates = townQuestionFor(stateCode, answers);
  if (!candidates) return null;
  const t = translator(lang);
  return {
    options: [
      ...candidates.map((o) => ({ value: o.key, label: o.county ? `${o.name} (${o.county})` : o.name })),
      { value: NO_TOWN, label: t('office.question.none') },
    ],
    values: { officeTown: answers.officeTown ?? '' },
  };
}
