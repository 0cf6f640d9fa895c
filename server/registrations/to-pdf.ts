// Resolves a registration into the printable strings the PDF renderer draws (see pdf/types.ts).
// Everything depends only on the row and the office (server/offices/: resolved from the row, as
// the office stood when the voter submitted), so the same row always renders the same bytes.
import { translator } from '../i18n.js';
import type { PdfRegistration } from '../pdf/types.js';
import type { MailingOffice } from '../offices/offices.js';
import { getState, localName, notesFor, partyAnswerText } from '../states/index.js';
import { gaveNoIdNumber, mailingSteps } from './mailing-steps.js';
import { parseAnswers, type RegistrationRow } from './registration-records.js';

export function toPdfRegistration(row: RegistrationRow, idNumber: string | undefined, office: MailingOffice): PdfRegistration {
  const a = parseAnswers(row);
  const lang = row.lang;
  const t = translator(lang);
  const state = row.state_code ? getState(row.state_code) : undefined;
  if (!state || !a.homeAddress || !a.firstName || !a.lastName || !a.dateOfBirth || row.submitted_at === null) {
    throw new Error(`registration ${row.uid} is not complete enough to render`);
  }
  // Box 6 holds the stored text as the state expects it (licence, last four, 123-45-6789, both);
  // none is the form's own word in its language, NONE or NINGUNO.
  const none = gaveNoIdNumber(a, idNumber);
  const stateName = localName(state, lang);
  return {
    uid: row.uid,
    lang,
    submittedAt: new Date(row.submitted_at).toISOString(),
    usCitizen: a.usCitizen === true,
    eighteenByElectionDay: a.eighteenByElectionDay === true,
    title: a.title,
    firstName: a.firstName,
    middleName: a.middleName,
    lastName: a.lastName,
    suffix: a.suffix,
    dateOfBirth: a.dateOfBirth,
    phone: a.phone,
    homeAddress: a.homeAddress,
    mailingAddress: a.mailingAddress,
    previousName: a.previousName,
    previousAddress: a.previousAddress,
    idNumber: none || idNumber === undefined ? t('pdf.idNone') : idNumber,
    party: a.party ? (partyAnswerText(state, a.party, a.otherParty, lang) ?? '') : '',
    // "I prefer not to say" is an answer to us, not to the office: box 8 stays blank.
    race: a.race && a.race !== 'decline' ? t(`race.${a.race}`) : '',
    nextSteps: mailingSteps(state, lang, a, idNumber).map(({ title, body }) => ({ title, body })),
    // A submitted registration that says "not 18 by election day" got here only because the state's rule let it.
    notes: notesFor(state, a.eighteenByElectionDay === false, lang),
    // Questions: the office's own phone where the data has one, else the state office's line.
    office: { lines: office.lines, phone: office.phone ?? state.office.phone, url: office.url },
    state: {
      code: state.code,
      name: stateName,
      deadline: state.deadline[lang],
      idRule: state.idNumber.rule[lang],
      partyRule: t(state.requiresParty ? 'instructions.partyRequired' : 'instructions.partyOptional'),
      raceRule: t(state.requiresRace ? 'instructions.raceRequired' : 'instructions.raceOptional'),
      eligibility: t('instructions.eligibility', { state: stateName }),
    },
  };
}
