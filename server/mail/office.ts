// The voter's state as the emails need it (deadline, mailing steps). The address the form goes
// to is the voter's own office: ElectionOffices.officeFor (server/offices/), as on the PDF.
import { getState, type StateRules } from '../states/index.js';
import { parseAnswers, type RegistrationRow } from '../registrations/registration-records.js';
import { stateOfAnswers } from '../registrations/validate.js';

/** The voter's state: the answers' (the home address), else the stored state code. */
export function stateOfRow(row: RegistrationRow): StateRules | undefined {
  return stateOfAnswers(parseAnswers(row)) ?? (row.state_code ? getState(row.state_code) : undefined);
}
