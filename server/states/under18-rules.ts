// When a person under 18 may register, per rule key in the state data. Our own wording; `s` is
// the place name in the text's language, with its article where it needs one ("the District of
// Columbia"). Several keys are one rule worded differently in the source; each keeps its entry so
// a later change to one state's rule stays local.
import type { Localized } from './types.js';

export const UNDER18_RULE_KEYS = [
  '90_days_before',
  'be_by_next_election',
  'turn_by_next_election',
  'turn_by_next_election_2',
  'turn_by_next_general_election_november',
  'turn_by_next_general_election_november_2',
  'be_by_next_general_election_november',
  'once_turned_16',
  'when_is_16',
  '17_turn_18',
  '6_months_before',
  '2_months_before',
  'once_turned_17',
  'once_turned_17_but',
] as const;

export type Under18RuleKey = (typeof UNDER18_RULE_KEYS)[number];

type StateText = (place: string) => string;

const BY_NEXT_ELECTION = {
  en: (s: string) => `In ${s} you can register if you will be 18 by the next election.`,
  es: (s: string) => `En ${s} puede inscribirse si va a tener 18 años para la próxima elección.`,
};
const BY_NEXT_GENERAL = {
  en: (s: string) => `In ${s} you can register if you will be 18 by the next general election (usually held in November).`,
  es: (s: string) =>
    `En ${s} puede inscribirse si va a tener 18 años para la próxima elección general (que suele celebrarse en noviembre).`,
};
const FROM_16 = {
  en: (s: string) => `In ${s} you can pre-register from age 16; you can vote once you are 18.`,
  es: (s: string) => `En ${s} puede preinscribirse desde los 16 años; podrá votar cuando cumpla 18.`,
};

const UNDER18_TEXTS: Record<Under18RuleKey, { en: StateText; es: StateText }> = {
  '90_days_before': {
    en: (s) => `In ${s} you can register up to 90 days before your 18th birthday.`,
    es: (s) => `En ${s} puede inscribirse hasta 90 días antes de cumplir 18 años.`,
  },
  be_by_next_election: BY_NEXT_ELECTION,
  turn_by_next_election: BY_NEXT_ELECTION,
  turn_by_next_election_2: BY_NEXT_ELECTION,
  turn_by_next_general_election_november: BY_NEXT_GENERAL,
  be_by_next_general_election_november: BY_NEXT_GENERAL,
  turn_by_next_general_election_november_2: {
    en: (s) => `In ${s} you can register if you will be 18 by the next November election.`,
    es: (s) => `En ${s} puede inscribirse si va a tener 18 años para la próxima elección de noviembre.`,
  },
  once_turned_16: FROM_16,
  when_is_16: FROM_16,
  '17_turn_18': {
    en: (s) => `In ${s} you can register at 17 if you will be 18 by the next election.`,
    es: (s) => `En ${s} puede inscribirse a los 17 años si va a tener 18 para la próxima elección.`,
  },
  '6_months_before': {
    en: (s) => `In ${s} you can register up to six months before your 18th birthday.`,
    es: (s) => `En ${s} puede inscribirse hasta seis meses antes de cumplir 18 años.`,
  },
  '2_months_before': {
    en: (s) => `In ${s} you can register up to two months before your 18th birthday.`,
    es: (s) => `En ${s} puede inscribirse hasta dos meses antes de cumplir 18 años.`,
  },
  once_turned_17: {
    en: (s) => `In ${s} you can register once you are 17.`,
    es: (s) => `En ${s} puede inscribirse a partir de los 17 años.`,
  },
  once_turned_17_but: {
    en: (s) => `In ${s} you can register once you are 17; you can vote once you are 18.`,
    es: (s) => `En ${s} puede inscribirse a partir de los 17 años; podrá votar cuando cumpla 18.`,
  },
};

export function under18Text(key: Under18RuleKey, place: Localized): Localized {
  const texts = UNDER18_TEXTS[key];
  return { en: texts.en(place.en), es: texts.es(place.es) };
}

// ---------------------------------------------------------------------------------------------
// What each rule means for one voter: may they register (or pre-register) today, and if not, from
// which day. Dates are calendar days in UTC (a date of birth has no time zone); `now` is the
// injected clock's. The decision refuses only where the rule certainly refuses: a rule tied to an
// election date we do not hold is read so that it never turns away someone the state would take.

const DAY = 24 * 60 * 60_000;

/** How a rule is decided (see docs/under-18.md for the table and its sources). */
export type Under18Basis =
  /** From an age (16, 17) or a lead before the 18th birthday: exact. */
  | { kind: 'age'; years: number }
  | { kind: 'before_18th'; days?: number; months?: number }
  /** 18 by the next November general election; `minAge` where the rule also needs 17. */
  | { kind: 'general_election'; minAge?: number }
  /** 18 by the next election of any kind: the voter's own "will you be 18 by election day" decides. */
  | { kind: 'next_election' };

export const UNDER18_BASIS: Record<Under18RuleKey, Under18Basis> = {
  once_turned_16: { kind: 'age', years: 16 },
  when_is_16: { kind: 'age', years: 16 },
  once_turned_17: { kind: 'age', years: 17 },
  once_turned_17_but: { kind: 'age', years: 17 },
  '90_days_before': { kind: 'before_18th', days: 90 },
  '6_months_before': { kind: 'before_18th', months: 6 },
  '2_months_before': { kind: 'before_18th', months: 2 },
  '17_turn_18': { kind: 'general_election', minAge: 17 },
  turn_by_next_general_election_november: { kind: 'general_election' },
  turn_by_next_general_election_november_2: { kind: 'general_election' },
  be_by_next_general_election_november: { kind: 'general_election' },
  be_by_next_election: { kind: 'next_election' },
  turn_by_next_election: { kind: 'next_election' },
  turn_by_next_election_2: { kind: 'next_election' },
};

export type Under18Decision =
  /** The rule lets this voter register today: the flow continues and the state's note is printed. */
  | { kind: 'may_register' }
  /**
   * Not yet. `from` is the first day (UTC midnight, epoch ms) the rule certainly allows; where the
   * rule depends on an election date we do not hold, `conservative` is true and `from` is the
   * latest day the rule could mean, so a reminder is never early.
   */
  | { kind: 'not_yet'; from: number; conservative: boolean }
  /** The state has no rule for people under 18 (ND, NH: neither uses the federal form). */
  | { kind: 'no_rule' };

/** The day of the November general election in `year`: the Tuesday after the first Monday. */
export function novemberElectionDay(year: number): number {
  const firstWeekday = new Date(Date.UTC(year, 10, 1)).getUTCDay(); // 0 = Sunday
  const firstMonday = 1 + ((8 - firstWeekday) % 7);
  return Date.UTC(year, 10, firstMonday + 1);
}

function birthday(dob: { y: number; m: number; d: number }, years: number, months = 0): number {
  // Date.UTC rolls over (29 February → 1 March; 31 August − 6 months → 3 March): always the later day.
  return Date.UTC(dob.y + years, dob.m + months, dob.d);
}

function parseDob(dateOfBirth: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  return match ? { y: Number(match[1]), m: Number(match[2]) - 1, d: Number(match[3]) } : null;
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/**
 * May a voter born on `dateOfBirth` (YYYY-MM-DD) who will not be 18 by election day register
 * under `rule` today? Null when the date of birth is not a date (the name step reports it).
 */
export function under18Decision(rule: Under18RuleKey | null, dateOfBirth: string, now: number): Under18Decision | null {
  if (rule === null) return { kind: 'no_rule' };
  const dob = parseDob(dateOfBirth);
  if (!dob) return null;
  const today = startOfDay(now);
  const eighteenth = birthday(dob, 18);
  const basis = UNDER18_BASIS[rule];
  let from: number;
  let conservative = false;
  let allowedAnyway = false;
  switch (basis.kind) {
    case 'age':
      from = birthday(dob, basis.years);
      break;
    case 'before_18th':
      from = basis.months ? birthday(dob, 18, -basis.months) : eighteenth - (basis.days ?? 0) * DAY;
      break;
    case 'general_election': {
      // Certainly allowed once the last November election before the 18th birthday is past (the
      // next general election is then on or after the birthday, whether the state holds one every
      // year or every other year). Also allowed while the birthday falls on or before the next
      // even-year November election: every state holds a general election then, so the next one
      // is no later. Between the two, only the state's calendar could refuse; we do not.
      const birthYear = new Date(eighteenth).getUTCFullYear();
      const lastBefore = novemberElectionDay(birthYear) < eighteenth ? novemberElectionDay(birthYear) : novemberElectionDay(birthYear - 1);
      from = lastBefore + DAY;
      if (basis.minAge) from = Math.max(from, birthday(dob, basis.minAge));
      const thisYear = new Date(today).getUTCFullYear();
      let evenYear = thisYear % 2 === 0 ? thisYear : thisYear + 1;
      if (novemberElectionDay(evenYear) < today) evenYear += 2;
      const oldEnough = !basis.minAge || birthday(dob, basis.minAge) <= today;
      allowedAnyway = oldEnough && eighteenth <= novemberElectionDay(evenYear);
      conservative = true;
      break;
    }
    case 'next_election':
      // Any election may come first (a special election next month): only the 18th birthday is certain.
      from = eighteenth;
      conservative = true;
      break;
  }
  return today >= from || allowedAnyway ? { kind: 'may_register' } : { kind: 'not_yet', from, conservative };
}
