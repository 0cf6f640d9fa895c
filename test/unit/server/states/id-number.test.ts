import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  box6Text,
  checkLicence,
  checkSsnFull,
  checkSsnLast4,
  idAnswerOf,
  inferIdType,
  listStates,
} from '../../../../server/states/index.js';
import { GENERIC_LICENCE } from '../../../../server/states/id-rules.js';
import { mustGetState } from '../../../support/states.js';

test('last four digits: exactly 4 digits, never 0000', () => {
  for (const good of ['6789', '0001', '1000', ' 1234 ']) assert.equal(checkSsnLast4(good), null, good);
  for (const bad of ['', '123', '12345', 'ABCD', '12 34', '12-3', '１２３４']) assert.equal(checkSsnLast4(bad), 'ssn_last4_invalid', bad);
  assert.equal(checkSsnLast4('0000'), 'ssn_never_issued');
});

test('full SSN: 9 digits, dashes or spaces between the groups, none the SSA never issues', () => {
  for (const good of ['123-45-6789', '123 45 6789', '123456789', '001-01-0001', '899-99-9999', '665-12-3456', '667-12-3456'])
    assert.equal(checkSsnFull(good), null, good);
  for (const bad of ['', '123456', 'ABCDEF', '12345678', '1234567890', '12-345-6789', '123--45-6789', '123-45-678X', '123.45.6789'])
    assert.equal(checkSsnFull(bad), 'ssn_full_invalid', bad);
  for (const never of ['000-12-3456', '666-12-3456', '900-12-3456', '999-99-9999', '123-00-4567', '123-45-0000'])
    assert.equal(checkSsnFull(never), 'ssn_never_issued', never);
});

test('licence or state ID: letters and digits (spaces and dashes between), at least one digit, 1 to 20 characters', () => {
  const f = GENERIC_LICENCE;
  for (const good of ['1', 'D1234567', 'a12-345-678', 'WDL ABC 123', 'D1234567890123456789', 'D-1234567890123456789'])
    assert.equal(checkLicence(f, good), null, good);
  assert.equal(checkLicence(f, ''), 'required');
  assert.equal(checkLicence(f, '   '), 'required');
  for (const bad of ['ABCDEF', 'NONE', 'D12<34>56', 'D1234567890123456789X', '-D123', 'D123-', 'D1__23', 'ÑANDU1234', 'D1\n23'])
    assert.equal(checkLicence(f, bad), 'licence_invalid', JSON.stringify(bad));
});

test('box 6 is written as the state expects it', () => {
  assert.equal(box6Text({ type: 'state_id', stateId: ' d12  345 ' }), 'D12 345');
  assert.equal(box6Text({ type: 'ssn_last4', ssnLast4: '6789' }), '6789');
  assert.equal(box6Text({ type: 'ssn_full', ssnFull: '123 45 6789' }), '123-45-6789');
  assert.equal(box6Text({ type: 'state_id_and_ssn_last4', stateId: 'd1234567', ssnLast4: '6789' }), 'D1234567 6789');
  assert.equal(box6Text({ type: 'none', stateId: 'D1234567' }), 'NONE');
});

test('one number without a type means what an old client meant, in that state', () => {
  const ca = mustGetState('CA');
  const va = mustGetState('VA');
  const mo = mustGetState('MO');
  const sc = mustGetState('SC');
  assert.equal(inferIdType(ca, ''), undefined);
  assert.equal(inferIdType(ca, 'none'), 'none');
  assert.equal(inferIdType(va, 'NINGUNO'), 'none');
  assert.equal(inferIdType(ca, '6789'), 'ssn_last4');
  assert.equal(inferIdType(ca, 'D1234567'), 'state_id');
  assert.equal(inferIdType(ca, '123456789'), 'state_id'); // California takes no full SSN: a 9-digit licence
  assert.equal(inferIdType(va, '123-45-6789'), 'ssn_full');
  assert.equal(inferIdType(va, '123456'), 'ssn_full'); // then refused by the full SSN's check
  assert.equal(inferIdType(va, '6789'), 'ssn_full');
  assert.equal(inferIdType(sc, '6789'), 'ssn_last4');
  assert.equal(inferIdType(mo, 'D1234567 6789'), 'state_id_and_ssn_last4');
  assert.equal(inferIdType(mo, 'D1234567'), 'state_id');
  assert.deepEqual(idAnswerOf(mo, 'state_id_and_ssn_last4', 'D12 34567 6789'), {
    type: 'state_id_and_ssn_last4',
    stateId: 'D12 34567',
    ssnLast4: '6789',
  });
  assert.deepEqual(idAnswerOf(ca, undefined, 'NONE'), { type: 'none' });
  assert.deepEqual(idAnswerOf(ca, undefined, ''), {});
});

test('every jurisdiction accepts "none" (HAVA), lists it last, and names a source and the day it was checked', () => {
  assert.equal(listStates().length, 51);
  for (const state of listStates()) {
    const { accepts, source, checked } = state.idNumber;
    assert.equal(accepts.at(-1), 'none', state.code);
    assert.equal(new Set(accepts).size, accepts.length, state.code);
    assert.ok(source.length > 20, state.code);
    assert.equal(checked, '2026-12-05', state.code);
    if (state.acceptsFederalForm) assert.ok(accepts.length >= 2, `${state.code} asks for a number`);
  }
});

test('the states the issue names: the last four where the instruction offers them, the full SSN where it is required', () => {
  for (const code of ['CA', 'PA', 'AZ', 'AL', 'HI', 'CT', 'DC', 'SD'])
    assert.deepEqual(mustGetState(code).idNumber.accepts, ['state_id', 'ssn_last4', 'none'], code);
  for (const code of ['VA', 'NM', 'TN', 'KY']) assert.deepEqual(mustGetState(code).idNumber.accepts, ['ssn_full', 'none'], code);
  assert.deepEqual(mustGetState('SC').idNumber.accepts, ['ssn_last4', 'ssn_full', 'none']);
  assert.deepEqual(mustGetState('MO').idNumber.accepts, ['state_id_and_ssn_last4', 'state_id', 'ssn_last4', 'none']);
  // WI: the EAC text (2022) no longer asks for an expired licence's number with the last four, so that choice went on 2026-12-05.
  assert.deepEqual(mustGetState('WI').idNumber.accepts, ['state_id', 'ssn_last4', 'none']);
});

test('"none" is explained as the state says: no promise of a number where the state asks for ID instead', () => {
  const promise = /will assign you an identifying number/;
  assert.match(mustGetState('CA').idNumber.noneText.en, /show identification when you vote/);
  assert.doesNotMatch(mustGetState('CA').idNumber.noneText.en, promise);
  assert.match(mustGetState('IL').idNumber.noneText.en, /send a copy/);
  assert.match(mustGetState('LA').idNumber.noneText.en, /attach a copy/);
  assert.match(mustGetState('MT').idNumber.noneText.en, /passport/);
  assert.match(mustGetState('SD').idNumber.noneText.en, /county auditor/);
  assert.match(mustGetState('NV').idNumber.noneText.en, /county clerk/);
  assert.match(mustGetState('TX').idNumber.noneText.en, promise);
  assert.match(mustGetState('TX').idNumber.noneText.es, /le asignará un número/);
  for (const state of listStates()) {
    for (const lang of ['en', 'es'] as const) {
      // Item 9: the hint never mixes the paper form's "write NONE" with the web form's "tick the box".
      assert.doesNotMatch(state.idNumber.rule[lang], /tick|marque|write NONE|escriba NINGUNO/i, `${state.code} ${lang}`);
    }
  }
});
