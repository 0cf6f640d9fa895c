// Realistic registrations for the PDF tests and the benchmark: an English-speaking voter in
// California and a Spanish-speaking voter in Texas with accents and ñ in the name.
import type { PdfRegistration } from '../server/pdf/types.js';
import { mailingSteps } from '../server/registrations/mailing-steps.js';
import { getState } from '../server/states/index.js';

/** Page 2's steps as the server resolves them for a voter of that state who gave an ID number. */
function nextSteps(code: string, lang: 'en' | 'es', idNumber: string): PdfRegistration['nextSteps'] {
  return mailingSteps(getState(code)!, lang, {}, idNumber).map(({ title, body }) => ({ title, body }));
}

export const californiaVoter: PdfRegistration = {
  uid: 'rc-7f3a9c2e-41d8-4b6a-9e2f-0c5d8a1b3e47',
  lang: 'en',
  submittedAt: '2026-10-05T17:42:10.000Z',
  usCitizen: true,
  eighteenByElectionDay: true,
  title: 'Ms.',
  firstName: 'Margaret',
  middleName: 'Anne',
  lastName: 'Whitfield',
  dateOfBirth: '1988-03-14',
  phone: '(916) 555-0142',
  homeAddress: { street: '2417 Capitol Avenue', unit: 'Apt 3B', city: 'Sacramento', state: 'CA', zip: '95816' },
  previousName: { firstName: 'Margaret', middleName: 'Anne', lastName: 'Okafor' },
  previousAddress: { street: '88 Lakeshore Drive', city: 'Oakland', state: 'CA', zip: '94610' },
  idNumber: 'D4821937',
  party: 'Democratic',
  race: '',
  nextSteps: nextSteps('CA', 'en', 'D4821937'),
  notes: [],
  office: {
    lines: ['Secretary of State', 'Elections Division', '1500 11th Street 5th Floor', 'Sacramento, CA 95814'],
    phone: '(800) 345-8683',
    url: 'https://www.sos.ca.gov/elections',
  },
  state: {
    code: 'CA',
    name: 'California',
    deadline: 'Your form must be postmarked or delivered at least 15 days before the election.',
    idRule:
      "Write your California driver's license or state ID card number. If you have neither, write the last four digits of your Social Security number. If you have none of these, write NONE.",
    partyRule: 'Choosing a party is optional; to vote in a party primary you may need to choose one.',
    raceRule: 'Leave box 8 blank: California does not ask for it.',
    eligibility:
      'You can register if you are a U.S. citizen living in California, will be 18 by election day, are not in state or federal prison for a felony, and are not found mentally incompetent to vote by a court.',
  },
};

export const texasVoter: PdfRegistration = {
  uid: 'rc-2b8e4f10-93c7-4d2a-8a61-5f0e9d7c4b21',
  lang: 'es',
  submittedAt: '2026-09-21T09:15:00.000Z',
  usCitizen: true,
  eighteenByElectionDay: true,
  title: 'Sra.',
  firstName: 'María José',
  middleName: 'Inés',
  lastName: 'Peña Ibáñez',
  dateOfBirth: '1975-11-02',
  phone: '(512) 555-0198',
  homeAddress: { street: '1104 Calle Año Nuevo', city: 'San Antonio', state: 'TX', zip: '78207' },
  mailingAddress: { street: 'Apartado Postal 4471', city: 'San Antonio', state: 'TX', zip: '78285' },
  idNumber: '48210573',
  party: '',
  race: 'Hispano',
  nextSteps: nextSteps('TX', 'es', '48210573'),
  notes: [],
  office: {
    lines: ['Secretary of State', 'Elections Division', 'P.O. Box 12060', 'Austin, TX 78711-2060'],
    phone: '1-800-252-8683',
    url: 'https://www.sos.state.tx.us/elections',
  },
  state: {
    code: 'TX',
    name: 'Texas',
    deadline: 'Su solicitud debe tener matasellos de al menos 30 días antes de la elección.',
    idRule:
      'Escriba el número de su licencia de conducir o de su tarjeta de identificación de Texas. Si no tiene ninguno, escriba los últimos cuatro dígitos de su número de Seguro Social.',
    partyRule: 'Deje la casilla 7 en blanco: Texas no inscribe a los votantes por partido.',
    raceRule: 'Deje la casilla 8 en blanco: Texas no la pide.',
    eligibility:
      'Puede inscribirse si es ciudadano de EE. UU., reside en el condado, tendrá 18 años el día de la elección y no ha sido condenado por un delito grave (o ya cumplió su condena).',
  },
};
