import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkIdNumber, ID_RULE_KINDS, listStates, type IdRuleKind } from '../../../server/states/index.js';
import { mustGetState } from './helpers.js';

// Written out by hand from each kind's state instruction, so a change to the code's table fails here.
const NONE_ACCEPTED: Record<IdRuleKind, boolean> = {
  drivers_license_or_non_driver_id: true,
  drivers_license_current_and_valid: true,
  california: true,
  drivers_license_or_ssn_no_none: false,
  georgia: true,
  drivers_license_or_dmv_with_state_name: true,
  illinois: true,
  drivers_license_or_other_with_state_name_3: true,
  ssn_full_not_required: true,
  louisiana: true,
  drivers_license_or_ssn_or_none: true,
  oklahoma: true,
  driver_license_state_issues_and_ssn: true,
  montana: true,
  blank: false,
  ssn_full_2: false,
  drivers_license_or_ssn_county_clerk_with_state_name: false,
  drivers_license_or_other_with_state_name: true,
  south_carolina: false,
  south_dakota: false,
  wisconsin: true,
  dl_or_last_4_or_provided: true,
};

test('the data uses exactly the 22 known rule kinds', () => {
  const used = new Set(listStates().map((s) => s.idNumber.kind));
  assert.equal(ID_RULE_KINDS.length, 22);
  assert.deepEqual([...used].sort(), [...ID_RULE_KINDS].sort());
});

for (const kind of ID_RULE_KINDS) {
  test(`ID rule kind ${kind}: NONE ${NONE_ACCEPTED[kind] ? 'accepted' : 'refused'}, lengths and characters checked`, () => {
    const states = listStates().filter((s) => s.idNumber.kind === kind);
    assert.ok(states.length > 0);
    for (const state of states) {
      const { minLength, maxLength } = state.idNumber;
      assert.equal(state.idNumber.noneAllowed, NONE_ACCEPTED[kind], state.code);
      const none = NONE_ACCEPTED[kind] ? { ok: true } : { ok: false, reason: 'none_not_allowed' };
      for (const answer of ['NONE', 'none', ' None ', 'NINGUNO', 'ninguno']) {
        assert.deepEqual(checkIdNumber(state, answer), none, `${state.code} ${answer}`);
      }
      assert.deepEqual(checkIdNumber(state, '7'.repeat(maxLength + 1)), { ok: false, reason: 'too_long' }, state.code);
      if (maxLength === 0) {
        assert.deepEqual(checkIdNumber(state, ''), { ok: true }, state.code);
        continue;
      }
      assert.deepEqual(checkIdNumber(state, '7'.repeat(minLength)), { ok: true }, state.code);
      assert.deepEqual(checkIdNumber(state, '7'.repeat(maxLength)), { ok: true }, state.code);
      assert.deepEqual(checkIdNumber(state, '7'.repeat(minLength - 1)), { ok: false, reason: 'too_short' }, state.code);
      assert.deepEqual(checkIdNumber(state, 'D123<45>6'), { ok: false, reason: 'format' }, state.code);
    }
  });
}

test('letters, digits, spaces and dashes are fine; anything else is a format error', () => {
  const mo = mustGetState('MO');
  assert.deepEqual(checkIdNumber(mo, 'A123-456-789 1234'), { ok: true });
  for (const bad of ['1234\u00005678', 'ab/1234', '1234;DROP', '1234\n5678', 'ÑANDU1234', '1234_5678']) {
    assert.deepEqual(checkIdNumber(mo, bad), { ok: false, reason: 'format' }, JSON.stringify(bad));
  }
});

test('length is measured after trimming, and NONE is only NONE when it is the whole answer', () => {
  const az = mustGetState('AZ'); // minimum 6
  assert.deepEqual(checkIdNumber(az, '  12345  '), { ok: false, reason: 'too_short' });
  assert.deepEqual(checkIdNumber(az, 'NONE12'), { ok: true });
  assert.deepEqual(checkIdNumber(mustGetState('SC'), 'NONE'), { ok: false, reason: 'none_not_allowed' });
  assert.deepEqual(checkIdNumber(mustGetState('SC'), 'NONE 1234'), { ok: true });
});
