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
