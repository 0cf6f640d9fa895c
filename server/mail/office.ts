// Where the voter mails the form, for the voter's emails. The one call site: today the state
// office from the state rules (server/states); the offices branch switches this to the voter's
// county or town office, and every message follows.
import { getState, type StateRules } from '../states/index.js';
import { parseAnswers, type RegistrationRow } from '../registrations/registration-records.js';
import { stateOfAnswers } from '../registrations/validate.js';

/** The voter's state: the answers' (the home address), else the stored state code. */
export function stateOfRow(row: RegistrationRow): StateRules | undefined {
  return stateOfAnswers(parseAnswers(row)) ?? (row.state_code ? getState(row.state_code) : undefined);
}

/** The address lines the voter's form is mailed to, or undefined when the state is not known. */
export function mailingOfficeFor(row: RegistrationRow): string[] | undefined {
  return stateOfRow(row)?.office.mailingAddress;
}
