import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPartyAllowed, listStates, partyChoices, partyLabel } from '../../../../server/states/index.js';
import { mustGetState } from '../../../support/states.js';

test('a listed party and the no-party choice are allowed; others are not', () => {
  const ny = mustGetState('NY');
  assert.equal(isPartyAllowed(ny, 'working_families'), true);
  assert.equal(isPartyAllowed(ny, 'none'), true);
  assert.equal(isPartyAllowed(ny, 'peace_and_freedom'), false);
  assert.equal(isPartyAllowed(mustGetState('CA'), 'peace_and_freedom'), true);
  assert.equal(isPartyAllowed(mustGetState('CA'), 'none_no_affiliation'), true);
  assert.equal(isPartyAllowed(mustGetState('CA'), 'none'), false);
});

test('party keys are exact: no case folding, no labels', () => {
  const ny = mustGetState('NY');
  assert.equal(isPartyAllowed(ny, 'Democratic'), false);
  assert.equal(isPartyAllowed(ny, 'DEMOCRATIC'), false);
  assert.equal(isPartyAllowed(ny, ''), false);
});

test('a state without a no-party choice accepts only its list', () => {
  const wy = mustGetState('WY');
  assert.equal(wy.noParty, null);
  assert.equal(isPartyAllowed(wy, 'blank'), false);
  assert.equal(isPartyAllowed(wy, 'democratic'), true);
});

test('no-party choices have their own Spanish labels', () => {
  assert.equal(mustGetState('AK').noParty?.label.es, 'Sin partido (Nonpartisan)');
  assert.equal(mustGetState('CO').noParty?.label.es, 'Sin afiliación (Unaffiliated)');
  for (const state of listStates()) {
    if (state.noParty && state.noParty.label.en !== 'None') {
      assert.notEqual(state.noParty.label.es, state.noParty.label.en, state.code);
    }
  }
});

test('party choices list the parties, then the no-party choice; labels follow the language', () => {
  const ak = mustGetState('AK');
  assert.deepEqual(
    partyChoices(ak).map((p) => p.key),
    ['democratic', 'independent', 'republican', 'other', 'nonpartisan'],
  );
  assert.deepEqual(
    partyChoices(mustGetState('WY')).map((p) => p.key),
    mustGetState('WY').parties.map((p) => p.key),
  );
  assert.equal(partyLabel(ak, 'nonpartisan', 'es'), 'Sin partido (Nonpartisan)');
  assert.equal(partyLabel(ak, 'democratic', 'en'), 'Democratic');
  assert.equal(partyLabel(ak, 'green', 'en'), undefined);
});
