import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildOfficeData } from '../../../../server/offices/build-data.js';
import { coverageByState } from '../../../../server/offices/coverage.js';
import { OFFICE_SOURCE_FILES } from '../../../../server/offices/files.js';
import { officeData } from '../../../../server/offices/index.js';

const zipCsv = fs.readFileSync(OFFICE_SOURCE_FILES.zipCodes, 'utf8');

test('the checked-in JSON is what bin/build-election-offices builds from the checked-in sources', () => {
  const loaded = officeData();
  const fresh = buildOfficeData(zipCsv, fs.readFileSync(OFFICE_SOURCE_FILES.offices, 'utf8'), loaded.about.built);
  assert.deepEqual(JSON.parse(JSON.stringify(fresh)), loaded);
});

test('the data names its sources and the day each last changed', () => {
  const { about } = officeData();
  assert.match(about.zipCodes.source, /Rocky-OVR .*zip_code_database\.csv/);
  assert.equal(about.zipCodes.changed, '2024-05-08');
  assert.equal(about.zipCodes.rows, 42736); // shared/README.md says 42,735: the file has one more
  assert.match(about.offices.source, /Rocky-OVR .*county_addresses\.csv/);
  assert.equal(about.offices.changed, '2020-08-07');
  assert.equal(about.offices.rows, 12158);
});

test('coverage: the share of ZIPs reaching a county or town office (docs/election-offices.md has the table)', () => {
  const rows = new Map(coverageByState(officeData(), zipCsv).map((r) => [r.state, r]));
  const reached = (state: string) => {
    const r = rows.get(state)!;
    return (r.decided + r.question) / r.zips;
  };
  const all = [...rows.values()].reduce((t, r) => ({ zips: t.zips + r.zips, hit: t.hit + r.decided + r.question }), { zips: 0, hit: 0 });
  // Figures when written: 96.2 % of all ZIPs (96.7 % of the 51 served); every county state but AK at least 93 %; the town states 66–100 %.
  assert.ok(all.hit / all.zips > 0.95, `all: ${all.hit}/${all.zips}`);
  for (const state of ['CA', 'NY', 'TX', 'FL', 'PA', 'VA', 'LA', 'HI', 'AL']) assert.ok(reached(state) > 0.93, state);
  for (const state of ['MA', 'CT', 'ME', 'NH', 'VT', 'RI', 'MI', 'WI']) assert.ok(reached(state) > 0.65, state);
  assert.equal(reached('AK'), 0);
});

test('every printed office has a delivery line and a 5-digit ZIP', () => {
  for (const office of officeData().offices) {
    assert.ok(office.street.length >= 1 && office.street.length <= 2, office.key);
    assert.match(office.zip, /^\d{5}(-\d{4})?$/, office.key);
  }
});
