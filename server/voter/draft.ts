// What a language switch keeps of a step's form (issue 16, Medium 9). The switch submits the
// form so the voter's typing survives the change of language; the step is not validated then (a
// half-typed page is normal). Unbounded, that stored whatever anyone posted for 14 days (~208 KB
// per anonymous registration). The rule, in one place:
// - only the step's own fields are read (readStep / readIdAnswer name them; nothing else is kept);
// - typed text is clipped to its field's maximum, the input's `maxlength`, so a voter in a browser
//   never loses a character, and a field holding control characters is dropped (no keyboard types
//   them; the step would refuse them);
// - a value chosen from a list (title, suffix, race, a state code) is kept only when it is on the
//   list; a date of birth only when it is as short as the form's three boxes make it;
// - the whole draft (the answers as stored) is at most DRAFT_MAX_BYTES, or the step's draft is not
//   kept at all (the language still switches). The clipping keeps any real draft far below it.
// Whatever is kept is still checked in full when the step (and then the form) is sent.
import { RACE_KEYS, SUFFIXES, TITLES, type Address, type Answers, type PersonName } from '../registrations/answers.js';
import { CONTROL, MAX_LENGTH, OTHER_PARTY_MAX } from '../registrations/field-rules.js';
import type { IdAnswer } from '../states/index.js';

/** The most a registration's answers may weigh after a language switch (JSON, UTF-8 bytes). */
export const DRAFT_MAX_BYTES = 16 * 1024;

/** The inputs' maxlength (views/macros/form.njk, views/voter/*.njk) where field-rules has no constant. */
const EMAIL_MAX = 254;
const ZIP_MAX = 10;
const PHONE_MAX = 20;
/** A list key (party, election office): the longest key in the data is far shorter. */
const KEY_MAX = 64;
/** The ID boxes: the longest licence any state allows (20) plus the 6 spaces or dashes the input allows; SSN boxes as on the page. */
const STATE_ID_MAX = 26;
const SSN_LAST4_MAX = 4;
const SSN_FULL_MAX = 11;

/** Text clipped to `max` characters (never splitting a surrogate pair); undefined when it holds control characters. */
export function clip(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (CONTROL.test(value)) return undefined;
  return value.length <= max ? value : value.slice(0, max).replace(/[\ud800-\udbff]$/, '');
}

const listed = <T extends string>(list: readonly T[], value: string | undefined): T | undefined =>
  value !== undefined && (list as readonly string[]).includes(value) ? (value as T) : undefined;

function draftAddress(a: Address | undefined): Address | undefined {
  if (!a) return undefined;
  return {
    street: clip(a.street, MAX_LENGTH.addressLine) ?? '',
    unit: clip(a.unit, MAX_LENGTH.unit),
    city: clip(a.city, MAX_LENGTH.city) ?? '',
    state: /^[A-Z]{2}$/.test(a.state) ? a.state : '',
    zip: clip(a.zip, ZIP_MAX) ?? '',
  };
}

function draftName<T extends Partial<PersonName>>(n: T): T {
  return {
    ...n,
    title: listed(TITLES, n.title),
    firstName: clip(n.firstName, MAX_LENGTH.name),
    middleName: clip(n.middleName, MAX_LENGTH.name),
    lastName: clip(n.lastName, MAX_LENGTH.name),
    suffix: listed(SUFFIXES, n.suffix),
  };
}

/** A step's answers as read from its form (readStep[step]), cut to what a draft keeps. */
export function draftOfStep(posted: Partial<Answers>): Partial<Answers> {
  const out: Partial<Answers> = {};
  const set = out as Record<string, unknown>;
  for (const [key, value] of Object.entries(posted) as Array<[keyof Answers, unknown]>) {
    if (value === undefined) continue;
    switch (key) {
      case 'usCitizen':
      case 'eighteenByElectionDay':
      case 'attest':
        if (typeof value === 'boolean') set[key] = value;
        break;
      case 'email':
        out.email = clip(value as string, EMAIL_MAX);
        break;
      case 'zip':
        out.zip = clip(value as string, ZIP_MAX);
        break;
      case 'phone':
        out.phone = clip(value as string, PHONE_MAX);
        break;
      case 'dateOfBirth':
        // Built from the month/day/year boxes (2 + 2 + 4 digits): anything longer is no date being typed.
        if ((value as string).length <= 10 && !CONTROL.test(value as string)) out.dateOfBirth = value as string;
        break;
      case 'firstName':
      case 'middleName':
      case 'lastName':
        set[key] = clip(value as string, MAX_LENGTH.name);
        break;
      case 'title':
        out.title = listed(TITLES, value as string);
        break;
      case 'suffix':
        out.suffix = listed(SUFFIXES, value as string);
        break;
      case 'homeAddress':
      case 'mailingAddress':
      case 'previousAddress':
        set[key] = draftAddress(value as Address);
        break;
      case 'previousName':
        out.previousName = draftName(value as PersonName);
        break;
      case 'officeTown':
      case 'party':
        set[key] = clip(value as string, KEY_MAX);
        break;
      case 'otherParty':
        out.otherParty = clip(value as string, OTHER_PARTY_MAX);
        break;
      case 'race':
        out.race = listed(RACE_KEYS, value as string);
        break;
      default:
        // Not a field a step's form reads into a draft (idType goes through draftOfId): not kept.
        break;
    }
  }
  // Present as undefined where the form had the key, so a cleared field clears the saved answer as before.
  for (const key of Object.keys(posted)) if (!(key in set)) set[key] = undefined;
  return out;
}

/** The ID step's boxes, clipped like the rest (the number is sealed in its own column). */
export function draftOfId(id: IdAnswer): IdAnswer {
  return {
    ...id,
    stateId: id.stateId === undefined ? undefined : (clip(id.stateId, STATE_ID_MAX) ?? ''),
    ssnLast4: id.ssnLast4 === undefined ? undefined : (clip(id.ssnLast4, SSN_LAST4_MAX) ?? ''),
    ssnFull: id.ssnFull === undefined ? undefined : (clip(id.ssnFull, SSN_FULL_MAX) ?? ''),
  };
}

/** Whether answers are small enough to keep as a draft. */
export function withinDraftCap(answers: Answers): boolean {
  return Buffer.byteLength(JSON.stringify(answers)) <= DRAFT_MAX_BYTES;
}
