// A registration with the longest value each field allows (server/registrations/field-rules.ts),
// for the long-answers and visual tests: names with letters beyond Latin-1, a 100-character
// street, the longest party label of any state and race label of the language.
import assert from 'node:assert/strict';
import { translator } from '../../server/i18n.js';
import type { BoxName } from '../../server/pdf/application-grid.js';
import type { PdfAddress, PdfRegistration } from '../../server/pdf/types.js';
import { RACE_KEYS } from '../../server/registrations/answers.js';
import { MAX_LENGTH, phoneCheck } from '../../server/registrations/field-rules.js';
import { listStates, partyChoices } from '../../server/states/index.js';
import { californiaVoter, texasVoter } from '../../support/pdf-voters.js';

const NAMES = {
  last: 'Wolfeschlegelsteinhausenbergerdorff-Montgomery Jr.',
  first: 'Maximiliana Alexandrina Konstantina Bartholomea-Ro',
  middle: 'Nguyễn Thị Hoa Łukasz Wałęsa Şahin Đặng Ǧül Ñuñezz',
};
const STREET = 'Apartment Complex Building Seven North Wing 12345 South Martin Luther King Junior Memorial Boulevard';
const MAIL_STREET = 'Rural Route 4 Box 1275 Attention Household Mail Room Post Office Box 98765 Fort Washakie Reservation';
const UNIT = 'Bldg 12 Apt 120';
const CITY = 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysilio';
const PHONE = '+1 (916) 555 - 01 42';
/** As long as the longest number any state's rule takes (60 characters). */
const ID_NUMBER = 'D123-4567-8901-2345-6789-0123-4567-8901-2345-6789-0123-45678';

assert.deepEqual(
  [NAMES.last, NAMES.first, NAMES.middle, STREET, MAIL_STREET, UNIT, CITY, PHONE, ID_NUMBER].map((value) => value.length),
  [
    MAX_LENGTH.name,
    MAX_LENGTH.name,
    MAX_LENGTH.name,
    MAX_LENGTH.addressLine,
    MAX_LENGTH.addressLine,
    MAX_LENGTH.unit,
    MAX_LENGTH.city,
    20,
    60,
  ],
  'the longest values follow the field limits',
);
assert.equal(phoneCheck(PHONE), null);

function longest(values: readonly string[]): string {
  return values.reduce((best, value) => (value.length > best.length ? value : best), '');
}

function address(street: string): PdfAddress {
  return { street, unit: UNIT, city: CITY, state: 'CA', zip: '95816-1234' };
}

export function longestAnswers(lang: 'en' | 'es'): PdfRegistration {
  const t = translator(lang);
  const base = lang === 'en' ? californiaVoter : texasVoter;
  return {
    ...base,
    title: lang === 'en' ? 'Miss' : 'Srta.',
    firstName: NAMES.first,
    middleName: NAMES.middle,
    lastName: NAMES.last,
    suffix: 'III',
    phone: PHONE,
    homeAddress: address(STREET),
    mailingAddress: address(MAIL_STREET),
    previousName: { title: 'Ms.', firstName: NAMES.first, middleName: NAMES.middle, lastName: NAMES.last, suffix: 'Jr.' },
    previousAddress: address(STREET),
    idNumber: ID_NUMBER,
    party: longest(listStates().flatMap((state) => partyChoices(state).map((party) => party.label[lang]))),
    race: longest(RACE_KEYS.filter((key) => key !== 'decline').map((key) => t(`race.${key}`))),
  };
}

/** The same, typed in capitals (as many voters write on forms). */
export function longestCapitals(lang: 'en' | 'es'): PdfRegistration {
  const reg = longestAnswers(lang);
  const upper = (a: PdfAddress): PdfAddress => ({
    ...a,
    street: a.street.toUpperCase(),
    unit: a.unit?.toUpperCase(),
    city: a.city.toUpperCase(),
  });
  const name = { firstName: reg.firstName.toUpperCase(), middleName: reg.middleName?.toUpperCase(), lastName: reg.lastName.toUpperCase() };
  return {
    ...reg,
    ...name,
    homeAddress: upper(reg.homeAddress),
    mailingAddress: reg.mailingAddress && upper(reg.mailingAddress),
    previousName: reg.previousName && { ...reg.previousName, ...name },
    previousAddress: reg.previousAddress && upper(reg.previousAddress),
  };
}

/** Each typed box of page 1 and the value it must show whole. */
export function longestValues(reg: PdfRegistration): Array<[BoxName, string]> {
  const home = reg.homeAddress;
  const mail = reg.mailingAddress ?? home;
  const previous = reg.previousAddress ?? home;
  const previousName = reg.previousName ?? reg;
  return [
    ['lastName', reg.lastName],
    ['firstName', reg.firstName],
    ['middleNames', reg.middleName ?? ''],
    ['homeStreet', home.street],
    ['homeUnit', home.unit ?? ''],
    ['homeCity', home.city],
    ['homeZip', home.zip],
    ['mailStreet', `${mail.street}, ${mail.unit}`],
    ['mailCity', mail.city],
    ['phone', reg.phone ?? ''],
    ['idNumber', reg.idNumber],
    ['party', reg.party],
    ['race', reg.race],
    ['previousLastName', previousName.lastName],
    ['previousFirstName', previousName.firstName],
    ['previousMiddleNames', previousName.middleName ?? ''],
    ['previousStreet', previous.street],
    ['previousUnit', previous.unit ?? ''],
    ['previousCity', previous.city],
  ];
}
