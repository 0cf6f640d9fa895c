// Each kind of bad input gets a field error naming the field (and never an exception).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Answers } from '../../../server/registrations/answers.js';
import { describeProblem } from '../../../server/registrations/messages.js';
import { validateComplete, validateSection } from '../../../server/registrations/validate.js';
import { TEST_NOW } from './support/app-fixture.js';

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
    for (const email of ['ana\u0000@example.org', 'ana@example.org\u0007', '\u202eana@example.org', 'ana@exam\u2028ple.org']) assert.equal(codeAt({ email }, 'email'), 'control_characters', JSON.stringify(email));
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

  it('rejects a ZIP of another state', () => {
    const problems = problemsWith({ homeAddress: { ...valid.homeAddress!, zip: '78701' } });
    assert.deepEqual(problems.map((p) => [p.path, p.code]), [['homeAddress.zip', 'zip_not_in_state']]);
    assert.match(describeProblem('en', problems[0]!), /not in California/);
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
    for (const [firstName, lastName] of [['José Ñúñez', "D'Arcy-Béranger"], ['Łukasz', 'Wałęsa'], ['Thị Hoa', 'Nguyễn'], ['Ayşe', 'Şahin'], ['Văn', 'Đặng']]) {
      assert.deepEqual(problemsWith({ firstName: firstName!.normalize('NFC'), lastName: lastName!.normalize('NFC') }), [], `${firstName} ${lastName}`);
    }
  });

  it('says how long a name or address line may be', () => {
    const problem = problemsWith({ homeAddress: { ...valid.homeAddress!, unit: 'Building 7 Unit 1234' } }).find((p) => p.path === 'homeAddress.unit');
    assert.deepEqual(problem?.params, { max: 15 });
  });

  it("applies the state's ID number rule", () => {
    assert.equal(codeAt({}, 'idNumber', ''), 'required');
    assert.equal(codeAt({}, 'idNumber', '12'), 'id_too_short');
    assert.equal(codeAt({}, 'idNumber', 'D12<34>567'), 'id_format');
  });

  it('requires the attestation of box 9', () => {
    assert.equal(codeAt({ attest: false }, 'attest'), 'must_attest');
  });

  it('words each problem in both languages, naming the field', () => {
    const [problem] = problemsWith({ firstName: '' });
    assert.equal(describeProblem('en', problem!), 'Enter your first name');
    assert.equal(describeProblem('es', problem!), 'Escriba: nombre');
  });

  it('validates one step at a time for the web flow', () => {
    const problems = validateSection('eligibility', {}, ctx);
    assert.deepEqual(problems.map((p) => p.path).sort(), ['eighteenByElectionDay', 'email', 'usCitizen', 'zip']);
  });
});
