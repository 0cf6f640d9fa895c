import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { lookupZipCode, stateForZip } from '../../../../server/states/index.js';
import { projectPath } from '../../../../server/project-root.js';

test('a 5-digit ZIP in the table gives its state', () => {
  assert.equal(stateForZip('10001'), 'NY');
  assert.equal(stateForZip('20500'), 'DC');
  assert.equal(stateForZip('99501'), 'AK');
});

test('a 5-digit ZIP that crosses a prefix boundary follows the 5-digit table', () => {
  // 063xx is a Connecticut prefix, but 06390 (Fishers Island) is New York.
  assert.equal(stateForZip('06390'), 'NY');
  assert.equal(stateForZip('06320'), 'CT');
});

test('a ZIP missing from the 5-digit table falls back to its 3-digit prefix', () => {
  const zip5 = fs.readFileSync(projectPath('server/states/data/zip5-state.csv'), 'utf8');
  assert.ok(!zip5.includes('\n10097,'), 'fixture must not be in the 5-digit table');
  assert.equal(stateForZip('10097'), 'NY');
});

test('ZIP+4 and spaces are accepted; anything not shaped like a ZIP is unknown', () => {
  assert.equal(stateForZip(' 10001-1234 '), 'NY');
  assert.equal(stateForZip('100011234'), 'NY');
  for (const bad of ['', '1000', '100011', 'abcde', '10001-12', '１０００１']) {
    assert.equal(stateForZip(bad), undefined, bad);
    assert.deepEqual(lookupZipCode(bad), { kind: 'unknown' }, bad);
  }
});

test('a ZIP in neither table is unknown', () => {
  assert.equal(stateForZip('00000'), undefined);
  assert.deepEqual(lookupZipCode('00000'), { kind: 'unknown' });
});

test('territory and military ZIPs are real but not served', () => {
  assert.equal(stateForZip('00601'), undefined);
  assert.deepEqual(lookupZipCode('00601'), { kind: 'not_served', code: 'PR' });
  assert.deepEqual(lookupZipCode('09001'), { kind: 'not_served', code: 'AE' });
  // American Samoa's ZIP lies inside Hawaii's prefix 967: the exact hit must win.
  assert.deepEqual(lookupZipCode('96799'), { kind: 'not_served', code: 'AS' });
  assert.equal(stateForZip('96701'), 'HI');
});
