// THE TABLE for box 6: for every jurisdiction, every identifier it accepts, well-formed answers
// that must be taken and malformed ones that must be refused (with the field and code the refusal
// must carry), every identifier it does not accept, and "none" (taken everywhere: HAVA). The same
// cases drive the validation (test/unit/server/states/id-table.test.ts), the API and the web form
// (test/unit/server/id-table-*.test.ts). Written out by hand from the formats, not computed from
// the code under test.
import fs from 'node:fs';
import { projectPath } from '../../server/project-root.js';
import { ID_TYPES, listStates, stateForZip, type IdAnswer, type IdField, type IdType, type StateRules } from '../../server/states/index.js';

export interface IdCase {
  /** Short, for test names and failure messages. */
  name: string;
  /** As the web form posts it (radio + fields). */
  web: IdAnswer;
  /** As a partner posts it: `idType` may be absent (the old API: inferred from the number). */
  api: { idType?: IdType; idNumber: string };
  /** Refusals: the web field the problem is on (the API reports it on `idNumber`, or `idType`), and the code. */
  refused?: { field: IdField; code: string };
  /** What box 6 then prints (accepted cases). */
  box6?: string;
}

const ok = (name: string, web: IdAnswer, api: IdCase['api'], box6: string): IdCase => ({ name, web, api, box6 });
const no = (name: string, web: IdAnswer, api: IdCase['api'], field: IdField, code: string): IdCase => ({
  name,
  web,
  api,
  refused: { field, code },
});

function licenceCases(): IdCase[] {
  return [
    ok('licence D1234567', { type: 'state_id', stateId: 'D1234567' }, { idType: 'state_id', idNumber: 'D1234567' }, 'D1234567'),
    ok(
      'licence with dashes, lower case',
      { type: 'state_id', stateId: 'a12-345-678' },
      { idType: 'state_id', idNumber: 'a12-345-678' },
      'A12-345-678',
    ),
    ok(
      'licence of 20 characters',
      { type: 'state_id', stateId: 'D1234567890123456789' },
      { idType: 'state_id', idNumber: 'D1234567890123456789' },
      'D1234567890123456789',
    ),
    no('licence empty', { type: 'state_id', stateId: '' }, { idType: 'state_id', idNumber: '' }, 'stateIdNumber', 'required'),
    no(
      'licence with < >',
      { type: 'state_id', stateId: 'D12<34>56' },
      { idType: 'state_id', idNumber: 'D12<34>56' },
      'stateIdNumber',
      'licence_invalid',
    ),
    no(
      'licence of letters only',
      { type: 'state_id', stateId: 'ABCDEF' },
      { idType: 'state_id', idNumber: 'ABCDEF' },
      'stateIdNumber',
      'licence_invalid',
    ),
    no(
      'licence of 21 characters',
      { type: 'state_id', stateId: 'D12345678901234567890' },
      { idType: 'state_id', idNumber: 'D12345678901234567890' },
      'stateIdNumber',
      'licence_invalid',
    ),
  ];
}

function last4Cases(): IdCase[] {
  return [
    ok('last four 6789', { type: 'ssn_last4', ssnLast4: '6789' }, { idType: 'ssn_last4', idNumber: '6789' }, '6789'),
    no(
      'last four: 3 digits',
      { type: 'ssn_last4', ssnLast4: '123' },
      { idType: 'ssn_last4', idNumber: '123' },
      'ssnLast4',
      'ssn_last4_invalid',
    ),
    no(
      'last four: 5 digits',
      { type: 'ssn_last4', ssnLast4: '12345' },
      { idType: 'ssn_last4', idNumber: '12345' },
      'ssnLast4',
      'ssn_last4_invalid',
    ),
    no(
      'last four: letters',
      { type: 'ssn_last4', ssnLast4: 'ABCD' },
      { idType: 'ssn_last4', idNumber: 'ABCD' },
      'ssnLast4',
      'ssn_last4_invalid',
    ),
    no('last four: empty', { type: 'ssn_last4', ssnLast4: '' }, { idType: 'ssn_last4', idNumber: '' }, 'ssnLast4', 'ssn_last4_invalid'),
    no(
      'last four: 0000',
      { type: 'ssn_last4', ssnLast4: '0000' },
      { idType: 'ssn_last4', idNumber: '0000' },
      'ssnLast4',
      'ssn_never_issued',
    ),
  ];
}

function fullSsnCases(): IdCase[] {
  return [
    ok(
      'full SSN with dashes',
      { type: 'ssn_full', ssnFull: '123-45-6789' },
      { idType: 'ssn_full', idNumber: '123-45-6789' },
      '123-45-6789',
    ),
    ok(
      'full SSN with spaces',
      { type: 'ssn_full', ssnFull: '123 45 6789' },
      { idType: 'ssn_full', idNumber: '123 45 6789' },
      '123-45-6789',
    ),
    ok('full SSN, digits only', { type: 'ssn_full', ssnFull: '123456789' }, { idType: 'ssn_full', idNumber: '123456789' }, '123-45-6789'),
    no(
      'full SSN: 123456',
      { type: 'ssn_full', ssnFull: '123456' },
      { idType: 'ssn_full', idNumber: '123456' },
      'ssnFull',
      'ssn_full_invalid',
    ),
    no(
      'full SSN: ABCDEF',
      { type: 'ssn_full', ssnFull: 'ABCDEF' },
      { idType: 'ssn_full', idNumber: 'ABCDEF' },
      'ssnFull',
      'ssn_full_invalid',
    ),
    no(
      'full SSN: 10 digits',
      { type: 'ssn_full', ssnFull: '1234567890' },
      { idType: 'ssn_full', idNumber: '1234567890' },
      'ssnFull',
      'ssn_full_invalid',
    ),
    no(
      'full SSN: area 000',
      { type: 'ssn_full', ssnFull: '000-12-3456' },
      { idType: 'ssn_full', idNumber: '000-12-3456' },
      'ssnFull',
      'ssn_never_issued',
    ),
    no(
      'full SSN: area 666',
      { type: 'ssn_full', ssnFull: '666-12-3456' },
      { idType: 'ssn_full', idNumber: '666-12-3456' },
      'ssnFull',
      'ssn_never_issued',
    ),
    no(
      'full SSN: area 9xx',
      { type: 'ssn_full', ssnFull: '912-34-5678' },
      { idType: 'ssn_full', idNumber: '912-34-5678' },
      'ssnFull',
      'ssn_never_issued',
    ),
    no(
      'full SSN: group 00',
      { type: 'ssn_full', ssnFull: '123-00-4567' },
      { idType: 'ssn_full', idNumber: '123-00-4567' },
      'ssnFull',
      'ssn_never_issued',
    ),
    no(
      'full SSN: serial 0000',
      { type: 'ssn_full', ssnFull: '123-45-0000' },
      { idType: 'ssn_full', idNumber: '123-45-0000' },
      'ssnFull',
      'ssn_never_issued',
    ),
  ];
}

function combinedCases(): IdCase[] {
  return [
    ok(
      'licence and last four',
      { type: 'state_id_and_ssn_last4', stateId: 'D1234567', ssnLast4: '6789' },
      { idType: 'state_id_and_ssn_last4', idNumber: 'D1234567 6789' },
      'D1234567 6789',
    ),
    no(
      'licence and 3 digits',
      { type: 'state_id_and_ssn_last4', stateId: 'D1234567', ssnLast4: '123' },
      { idType: 'state_id_and_ssn_last4', idNumber: 'D1234567 123' },
      'ssnLast4',
      'ssn_last4_invalid',
    ),
    no(
      'bad licence and last four',
      { type: 'state_id_and_ssn_last4', stateId: 'D12<3>', ssnLast4: '6789' },
      { idType: 'state_id_and_ssn_last4', idNumber: 'D12<3> 6789' },
      'stateIdNumber',
      'licence_invalid',
    ),
  ];
}

function noneCases(): IdCase[] {
  return [
    ok('none', { type: 'none' }, { idType: 'none', idNumber: 'NONE' }, 'NONE'),
    ok('none, empty number', { type: 'none', stateId: 'D1234567' }, { idType: 'none', idNumber: '' }, 'NONE'),
    ok('NONE without idType (old API)', { type: 'none' }, { idNumber: 'NONE' }, 'NONE'),
    ok('ninguno without idType (old API)', { type: 'none' }, { idNumber: 'ninguno' }, 'NONE'),
  ];
}

const BY_TYPE: Record<IdType, () => IdCase[]> = {
  state_id: licenceCases,
  ssn_last4: last4Cases,
  ssn_full: fullSsnCases,
  state_id_and_ssn_last4: combinedCases,
  none: noneCases,
};

// One well-formed answer of each type, to offer where the state does not accept that type.
const SAMPLE: Record<IdType, IdCase['api']> = {
  state_id: { idType: 'state_id', idNumber: 'D1234567' },
  ssn_last4: { idType: 'ssn_last4', idNumber: '6789' },
  ssn_full: { idType: 'ssn_full', idNumber: '123-45-6789' },
  state_id_and_ssn_last4: { idType: 'state_id_and_ssn_last4', idNumber: 'D1234567 6789' },
  none: { idType: 'none', idNumber: 'NONE' },
};
const SAMPLE_WEB: Record<IdType, IdAnswer> = {
  state_id: { type: 'state_id', stateId: 'D1234567' },
  ssn_last4: { type: 'ssn_last4', ssnLast4: '6789' },
  ssn_full: { type: 'ssn_full', ssnFull: '123-45-6789' },
  state_id_and_ssn_last4: { type: 'state_id_and_ssn_last4', stateId: 'D1234567', ssnLast4: '6789' },
  none: { type: 'none' },
};

/** Old API clients send one number and no idType: what it must mean in this state. */
function inferredCases(state: StateRules): IdCase[] {
  const accepts = state.idNumber.accepts;
  const cases: IdCase[] = [];
  if (accepts.includes('ssn_last4'))
    cases.push(ok('4 digits without idType: the last four', { type: 'ssn_last4', ssnLast4: '6789' }, { idNumber: '6789' }, '6789'));
  if (accepts.includes('state_id'))
    cases.push(ok('a licence without idType', { type: 'state_id', stateId: 'D1234567' }, { idNumber: 'D1234567' }, 'D1234567'));
  if (accepts.includes('ssn_full')) {
    cases.push(
      ok('9 digits without idType: a full SSN', { type: 'ssn_full', ssnFull: '123456789' }, { idNumber: '123456789' }, '123-45-6789'),
    );
    // The case: a state that wants the full number no longer takes 123456 or ABCDEF.
    if (accepts[0] === 'ssn_full') {
      cases.push(
        no('123456 without idType', { type: 'ssn_full', ssnFull: '123456' }, { idNumber: '123456' }, 'ssnFull', 'ssn_full_invalid'),
      );
      cases.push(
        no('ABCDEF without idType', { type: 'ssn_full', ssnFull: 'ABCDEF' }, { idNumber: 'ABCDEF' }, 'ssnFull', 'ssn_full_invalid'),
      );
    }
  }
  return cases;
}

/** Every case for one state (the refusing states get only "none": box 6 is never asked there). */
export function idCases(state: StateRules): IdCase[] {
  const accepts = state.idNumber.accepts;
  const cases = accepts.flatMap((type) => BY_TYPE[type]());
  if (!state.acceptsFederalForm) return cases;
  for (const type of ID_TYPES.filter((t) => !accepts.includes(t))) {
    cases.push(no(`${type}, not accepted here`, SAMPLE_WEB[type], SAMPLE[type], 'idType', 'id_type_not_accepted'));
  }
  return [...cases, ...inferredCases(state)];
}

/** A ZIP in each jurisdiction (the first of the ZIP table that resolves to it), for addresses. */
export function zipIn(code: string): string {
  let zips = zipCache;
  if (!zips) {
    zips = new Map();
    for (const line of fs.readFileSync(projectPath('server', 'states', 'data', 'zip5-state.csv'), 'utf8').split('\n')) {
      const [zip, st] = line.trim().split(',');
      if (zip && st && !zips.has(st) && stateForZip(zip) === st) zips.set(st, zip);
    }
    zipCache = zips;
  }
  const zip = zips.get(code);
  if (!zip) throw new Error(`no ZIP for ${code}`);
  return zip;
}
let zipCache: Map<string, string> | undefined;

/** The words a refusal must contain, in each language, besides the field's label: what the state wants. */
export const WANTS: Record<string, { en: string; es: string }> = {
  required: { en: 'Enter', es: 'Escriba' },
  licence_invalid: { en: 'letters and numbers', es: 'letras y números' },
  ssn_last4_invalid: { en: '4 digits', es: '4 dígitos' },
  ssn_full_invalid: { en: '9 digits', es: '9 dígitos' },
  ssn_never_issued: { en: '0000', es: '0000' },
  id_type_not_accepted: { en: 'this state accepts', es: 'acepta este estado' },
};

export const JURISDICTIONS = listStates();
