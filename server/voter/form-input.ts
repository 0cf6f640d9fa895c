// Reads the voter's form posts (urlencoded, flat dotted names) into answers. Whatever arrives
// (arrays from duplicated fields, missing fields, odd unicode) becomes a plain trimmed string.
import type { Address, Answers, PersonName, RaceKey } from '../registrations/answers.js';
import { formField, type FieldOptions, type FormBody } from '../http/form.js';
import { ID_FIELDS, ID_TYPES, idAnswerOf, OTHER_PARTY_KEY, type IdAnswer, type IdType, type StateRules } from '../states/index.js';

/** How the voter's forms are read: a name posted twice counts by its first value, so typed text is never dropped. */
export const VOTER_FORM: FieldOptions = { firstOfRepeated: true };

function field(body: FormBody, name: string): string {
  return formField(body, name, VOTER_FORM);
}

function optional(body: FormBody, name: string): string | undefined {
  return field(body, name) || undefined;
}

function yesNo(body: FormBody, name: string): boolean | undefined {
  const v = field(body, name);
  return v === 'yes' ? true : v === 'no' ? false : undefined;
}

function checked(body: FormBody, name: string): boolean {
  return field(body, name) === 'yes';
}

/** An optional section counts when its box is ticked or any of its fields is filled: typed text is never dropped silently. */
function sectionGiven(body: FormBody, box: string, prefix: string): boolean {
  return checked(body, box) || Object.keys(body).some((k) => k.startsWith(`${prefix}.`) && !k.endsWith('.state') && field(body, k) !== '');
}

function address(body: FormBody, prefix: string): Address {
  return {
    street: field(body, `${prefix}.street`),
    unit: optional(body, `${prefix}.unit`),
    city: field(body, `${prefix}.city`),
    state: field(body, `${prefix}.state`).toUpperCase(),
    zip: field(body, `${prefix}.zip`),
  };
}

function personName(body: FormBody, prefix: string): PersonName {
  const at = (f: string) => (prefix ? `${prefix}.${f}` : f);
  return {
    title: optional(body, at('title')),
    firstName: field(body, at('firstName')),
    middleName: optional(body, at('middleName')),
    lastName: field(body, at('lastName')),
    suffix: optional(body, at('suffix')),
  };
}

/** Month/day/year boxes (the USWDS memorable date) → YYYY-MM-DD, or the raw text for validation to refuse. */
export function dateOfBirth(body: FormBody): string | undefined {
  const [m, d, y] = ['month', 'day', 'year'].map((p) => field(body, `dateOfBirth.${p}`));
  if (!m && !d && !y) return undefined;
  if (!/^\d{1,2}$/.test(m!) || !/^\d{1,2}$/.test(d!) || !/^\d{4}$/.test(y!)) return `${y}-${m}-${d}`;
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
}

/** What each step's form contributes to the answers. */
export const readStep = {
  eligibility(body: FormBody): Partial<Answers> {
    return {
      usCitizen: yesNo(body, 'usCitizen'),
      eighteenByElectionDay: yesNo(body, 'eighteenByElectionDay'),
      zip: field(body, 'zip'),
      email: field(body, 'email'),
    };
  },
  name(body: FormBody): Partial<Answers> {
    return { ...personName(body, ''), dateOfBirth: dateOfBirth(body), phone: optional(body, 'phone') };
  },
  addresses(body: FormBody): Partial<Answers> {
    return {
      homeAddress: address(body, 'homeAddress'),
      officeTown: optional(body, 'officeTown'),
      mailingAddress: sectionGiven(body, 'hasMailingAddress', 'mailingAddress') ? address(body, 'mailingAddress') : undefined,
      previousName: sectionGiven(body, 'changedName', 'previousName') ? personName(body, 'previousName') : undefined,
      previousAddress: sectionGiven(body, 'changedAddress', 'previousAddress') ? address(body, 'previousAddress') : undefined,
    };
  },
  party(body: FormBody): Partial<Answers> {
    const party = optional(body, 'party');
    // The party-name box is on the page whatever is chosen (JavaScript off): it counts only with "Other".
    return {
      party,
      otherParty: party === OTHER_PARTY_KEY ? optional(body, 'otherParty') : undefined,
      race: optional(body, 'race') as RaceKey | undefined,
    };
  },
  review(body: FormBody): Partial<Answers> {
    return { attest: checked(body, 'attest') };
  },
};

/**
 * The ID step: the identifier the voter chose (radio `idType`) and the number field(s) that
 * choice needs; the other fields are ignored (with JavaScript off they are all on the page, the
 * radio decides). A post without `idType` is the old form (one `idNumber` box and a "none"
 * tick box): read as the API reads a single number, which needs the state.
 */
export function readIdAnswer(body: FormBody, state: StateRules | undefined): IdAnswer {
  const type = field(body, ID_FIELDS.type);
  if ((ID_TYPES as readonly string[]).includes(type)) {
    return {
      type: type as IdType,
      stateId: field(body, ID_FIELDS.stateId),
      ssnLast4: field(body, ID_FIELDS.ssnLast4),
      ssnFull: field(body, ID_FIELDS.ssnFull),
    };
  }
  if (checked(body, 'noId')) return { type: 'none' };
  const legacy = field(body, 'idNumber');
  return legacy && state ? idAnswerOf(state, undefined, legacy) : {};
}

/** The ID step's fields as posted, to show them again beside their errors. */
export function idFieldValues(body: FormBody): Record<string, string> {
  return Object.fromEntries(Object.values(ID_FIELDS).map((name) => [name, field(body, name)]));
}
