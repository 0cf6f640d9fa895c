// Each kind of bad input gets a field error naming the field (and never an exception).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers } from '../../../../server/registrations/answers.js';
import { describeProblem } from '../../../../server/registrations/problem-messages.js';
import { validateComplete, validateSection } from '../../../../server/registrations/validate.js';
import { TEST_NOW } from '../../../support/app-fixture.js';

const valid: Answers = {
  usCitizen: true,
  eighteenByElectionDay: true,
  email: 'ana@example.org',
  zip: '95814',
  firstName: 'Ana',
  lastName: 'García-López',
  dateOfBirth: '1990-04-28',
  homeAddress: { street: '1500 11th Street', city: 'Sacramento', state: 'CA', zip: '95814' },
  party: 'democratic',
  race: 'hispanic',
  attest: true,
};
const ctx = { now: TEST_NOW, idNumber: 'D1234567' };

function problemsWith(patch: Partial<Answers>, idNumber = ctx.idNumber) {
  return validateComplete({ ...valid, ...patch }, { now: TEST_NOW, idNumber });
}

function codeAt(patch: Partial<Answers>, path: string, idNumber?: string): string | undefined {
  return problemsWith(patch, idNumber).find((p) => p.path === path)?.code;
}

describe('validation of the answers', () => {
  it('accepts a complete, valid registration', () => {
    assert.deepEqual(validateComplete(valid, ctx), []);
  });

  it('rejects control characters in an email address (NUL, bell, bidi override; fuzz finding)', () => {
    for (const email of ['ana\u0000@example.org', 'ana@example.org\u0007', '\u202eana@example.org', 'ana@exam\u2028ple.org'])
      assert.equal(codeAt({ email }, 'email'), 'control_characters', JSON.stringify(email));
  });

  it('rejects too-long text', () => {
    assert.equal(codeAt({ firstName: 'A'.repeat(51) }, 'firstName'), 'too_long');
    assert.equal(codeAt({ homeAddress: { ...valid.homeAddress!, street: '1'.repeat(101) } }, 'homeAddress.street'), 'too_long');
  });

  it('rejects control characters, including bidi overrides and line separators', () => {
    for (const bad of ['Ana\u0000', 'An\u0007a', 'Ana\u202e', 'Ana\u2028B', 'Ana\nB']) {
      assert.equal(codeAt({ firstName: bad }, 'firstName'), 'control_characters', JSON.stringify(bad));
    }
  });

  it('rejects impossible and future birth dates, and the too young', () => {
    assert.equal(codeAt({ dateOfBirth: '1990-02-30' }, 'dateOfBirth'), 'invalid_date');
    assert.equal(codeAt({ dateOfBirth: '1990-13-01' }, 'dateOfBirth'), 'invalid_date');
    assert.equal(codeAt({ dateOfBirth: '28/04/1990' }, 'dateOfBirth'), 'invalid_date');
    assert.equal(codeAt({ dateOfBirth: '2030-01-01' }, 'dateOfBirth'), 'future_date');
    assert.equal(codeAt({ dateOfBirth: '1850-01-01' }, 'dateOfBirth'), 'too_old');
    assert.equal(codeAt({ dateOfBirth: '2012-01-01' }, 'dateOfBirth'), 'too_young');
    // 18 within the coming year (by the next election) is fine: TEST_NOW is 2026-10-01.
    assert.equal(codeAt({ dateOfBirth: '2009-06-01' }, 'dateOfBirth'), undefined);
  });

  it('rejects HTML in a name', () => {
    assert.equal(codeAt({ lastName: '<b>Smith</b>' }, 'lastName'), 'invalid_name');
    assert.equal(codeAt({ homeAddress: { ...valid.homeAddress!, city: '<img src=x>' } }, 'homeAddress.city'), 'invalid_city');
  });

  it("rejects a ZIP of another state, naming the state the ZIP is in, in the voter's language", () => {
    const problems = problemsWith({ homeAddress: { ...valid.homeAddress!, zip: '78701' } });
    assert.deepEqual(
      problems.map((p) => [p.path, p.code]),
      [['homeAddress.zip', 'zip_in_other_state']],
    );
    assert.equal(describeProblem('en', problems[0]!), 'ZIP code 78701 is in Texas, not California: check the ZIP code and the state');
    const oregon = problemsWith({ homeAddress: { street: '1 Main St', city: 'Seattle', state: 'WA', zip: '97201' } });
    assert.equal(describeProblem('en', oregon[0]!), 'ZIP code 97201 is in Oregon, not Washington: check the ZIP code and the state');
    assert.equal(
      describeProblem('es', oregon[0]!),
      'El código postal 97201 está en Oregón, no en Washington: revise el código postal y el estado',
    );
    const dc = problemsWith({ homeAddress: { street: '1 Main St', city: 'Raleigh', state: 'NC', zip: '20001' } });
    assert.equal(
      describeProblem('es', dc[0]!),
      'El código postal 20001 está en el Distrito de Columbia, no en Carolina del Norte: revise el código postal y el estado',
    );
    // The API keeps English names in params, and the codes beside them.
    assert.deepEqual(oregon[0]!.params, { zip: '97201', zipState: 'Oregon', zipStateCode: 'OR', state: 'Washington', stateCode: 'WA' });
  });

  it("rejects a territory's ZIP in the home address without naming a state it is in", () => {
    const problems = problemsWith({ homeAddress: { ...valid.homeAddress!, zip: '00601' } });
    assert.deepEqual(
      problems.map((p) => [p.path, p.code]),
      [['homeAddress.zip', 'zip_not_in_state']],
    );
    assert.match(describeProblem('es', problems[0]!), /no está en California/);
  });

  it('rejects a ZIP that is no state we serve (a territory)', () => {
    assert.equal(validateSection('eligibility', { ...valid, zip: '00601' }, ctx)[0]?.code, 'zip_not_served');
  });

  it('rejects a party the state does not list', () => {
    assert.equal(codeAt({ party: 'whig' }, 'party'), 'not_in_list');
    assert.equal(codeAt({ race: 'martian' as never }, 'race'), 'not_in_list');
  });

  it('rejects text the PDF font cannot print, naming the first character it cannot', () => {
    const problem = problemsWith({ firstName: 'Li 李字' }).find((p) => p.path === 'firstName');
    assert.deepEqual(problem, { path: 'firstName', code: 'unprintable', params: { character: '李' } });
    assert.equal(describeProblem('en', problem!), 'First name: the character “李” cannot be printed on the form; use Latin letters');
    assert.equal(describeProblem('es', problem!), 'Nombre: el carácter “李” no se puede imprimir en el formulario; use letras latinas');
    assert.equal(codeAt({ lastName: 'Smith 🙂' }, 'lastName'), 'unprintable');
  });

  it('accepts names in Latin letters beyond Latin-1 (the PDF embeds a font that prints them)', () => {
    for (const [firstName, lastName] of [
      ['José Ñúñez', "D'Arcy-Béranger"],
      ['Łukasz', 'Wałęsa'],
      ['Thị Hoa', 'Nguyễn'],
      ['Ayşe', 'Şahin'],
      ['Văn', 'Đặng'],
    ]) {
      assert.deepEqual(
        problemsWith({ firstName: firstName!.normalize('NFC'), lastName: lastName!.normalize('NFC') }),
        [],
        `${firstName} ${lastName}`,
      );
    }
  });

  it('says how long a name or address line may be', () => {
    const problem = problemsWith({ homeAddress: { ...valid.homeAddress!, unit: 'Building 7 Unit 1234' } }).find(
      (p) => p.path === 'homeAddress.unit',
    );
    assert.deepEqual(problem?.params, { max: 15 });
  });

  it("applies the state's ID number rule (every state, every identifier: test/unit/server/states/id-table.test.ts)", () => {
    assert.equal(codeAt({}, 'idType', ''), 'choose_one');
    assert.equal(codeAt({ idType: 'ssn_last4' }, 'ssnLast4', '12'), 'ssn_last4_invalid');
    assert.equal(codeAt({}, 'ssnLast4', '1234'), undefined); // California: 4 digits alone are the last four
    assert.equal(codeAt({}, 'stateIdNumber', '12'), undefined); // a licence number may be short
    assert.equal(codeAt({}, 'stateIdNumber', 'D12<34>567'), 'licence_invalid');
    assert.equal(codeAt({ idType: 'ssn_full' }, 'idType', '123-45-6789'), 'id_type_not_accepted');
  });

  it('requires the attestation of box 9', () => {
    assert.equal(codeAt({ attest: false }, 'attest'), 'must_attest');
  });

  it('words each problem in both languages, naming the field', () => {
    const [problem] = problemsWith({ firstName: '' });
    assert.equal(describeProblem('en', problem!), 'Enter your first name');
    assert.equal(describeProblem('es', problem!), 'Escriba el nombre');
  });

  it('gives a field its article in Spanish sentences, agreeing with the label', () => {
    const say = (path: string, code: string) => describeProblem('es', { path, code });
    assert.equal(say('dateOfBirth', 'invalid_date'), 'La fecha de nacimiento debe ser una fecha real, como 4 28 1990');
    assert.equal(say('dateOfBirth', 'too_old'), 'Revise el año de la fecha de nacimiento');
    assert.equal(say('homeAddress.street', 'too_long'), 'La dirección (calle y número) tiene demasiados caracteres');
    assert.equal(say('homeAddress.city', 'required'), 'Escriba la ciudad o pueblo');
    assert.equal(say('lastName', 'required'), 'Escriba el apellido');
    assert.equal(
      say('previousName.lastName', 'invalid_name'),
      'El apellido anterior solo puede contener letras, espacios, guiones, apóstrofos y puntos',
    );
    assert.equal(say('homeAddress.zip', 'invalid_zip'), 'El código postal debe tener 5 dígitos, como 94110');
    assert.equal(say('otherParty', 'required'), 'Escriba el nombre del partido');
    // English keeps its wording.
    assert.equal(describeProblem('en', { path: 'dateOfBirth', code: 'invalid_date' }), 'Date of birth must be a real date, like 4 28 1990');
  });

  it('validates one step at a time for the web flow', () => {
    const problems = validateSection('eligibility', {}, ctx);
    assert.deepEqual(problems.map((p) => p.path).sort(), ['eighteenByElectionDay', 'email', 'usCitizen', 'zip']);
  });
});
