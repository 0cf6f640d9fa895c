import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOffice, NO_TOWN, officeLines, type OfficeLookup } from '../../../../server/offices/index.js';

const keyOf = (found: OfficeLookup) =>
  found.kind === 'office'
    ? [found.decidedBy, found.office.key]
    : found.kind === 'question'
      ? ['question', ...found.candidates.map((o) => o.key)]
      : ['state'];

test('a county state: the ZIP decides the county office, whatever the county is called in each file', () => {
  assert.deepEqual(keyOf(findOffice({ state: 'NY', zip: '00501' })), ['zip', 'NY:Suffolk County']); // "Suffolk County" in both
  assert.deepEqual(keyOf(findOffice({ state: 'NY', zip: '11201-1234' })), ['zip', 'NY:New York City: Brooklyn']); // Kings County
  assert.deepEqual(keyOf(findOffice({ state: 'VA', zip: '22314' })), ['zip', 'VA:City of Alexandria']); // "Alexandria city"
  assert.deepEqual(keyOf(findOffice({ state: 'MO', zip: '63101' })), ['zip', 'MO:Saint Louis City']); // "St. Louis city"
  assert.deepEqual(keyOf(findOffice({ state: 'LA', zip: '70001' })), ['zip', 'LA:Jefferson Parish']);
});

test('of one office listed twice, the registration office is printed, and its PO box over its street', () => {
  // Alabama lists the Absentee Election Manager and the Board of Registrars under each county.
  const chambers = findOffice({ state: 'AL', zip: '36862' });
  assert.equal(chambers.kind === 'office' && chambers.office.addressee, 'Board of Registrars');
  // Vermont's Albany: 827 MAIN RD and PO BOX 284.
  const albany = findOffice({ state: 'VT', zip: '05820' });
  assert.ok(albany.kind === 'office');
  assert.deepEqual(officeLines(albany.office), ['Albany', 'Town Clerk', 'PO BOX 284', 'ALBANY, VT 05820']);
});

test('New England: the ZIP decides the town office where its cities name one town', () => {
  assert.deepEqual(keyOf(findOffice({ state: 'MA', zip: '01003' })), ['zip', 'MA:Town of Amherst']);
  assert.deepEqual(keyOf(findOffice({ state: 'ME', zip: '04406' })), ['zip', 'ME:Abbot']);
  assert.deepEqual(keyOf(findOffice({ state: 'CT', zip: '06001' })), ['zip', 'CT:Town of Avon']);
});

test('Wisconsin: "City of X, Y County" matched within the ZIP\'s county; a city in two counties with one clerk is one office', () => {
  assert.deepEqual(keyOf(findOffice({ state: 'WI', zip: '54405' })), ['zip', 'WI:City of Abbotsford, Clark County']);
  const line = findOffice({ state: 'WI', zip: '54405' });
  assert.ok(line.kind === 'office');
  assert.deepEqual(officeLines(line.office).at(0), 'City of Abbotsford');
});

test('a ZIP of several towns: the city decides when it names one, else the voter is asked; an answer decides', () => {
  // 01002 is Amherst, with Pelham and Cushman as other names: two towns, two clerks.
  assert.deepEqual(keyOf(findOffice({ state: 'MA', zip: '01002' })), ['question', 'MA:Town of Amherst', 'MA:Town of Pelham']);
  assert.deepEqual(keyOf(findOffice({ state: 'MA', zip: '01002', city: ' pelham ' })), ['city', 'MA:Town of Pelham']);
  // Madison, WI: the City and the Town of Madison are both "Madison".
  const madison = findOffice({ state: 'WI', zip: '53703', city: 'Madison' });
  assert.deepEqual(keyOf(madison), ['question', 'WI:City of Madison, Dane County', 'WI:Town of Madison, Dane County']);
  assert.deepEqual(keyOf(findOffice({ state: 'WI', zip: '53703', city: 'Madison', choice: 'WI:Town of Madison, Dane County' })), [
    'choice',
    'WI:Town of Madison, Dane County',
  ]);
  // Barre City and Barre Town (VT).
  assert.deepEqual(keyOf(findOffice({ state: 'VT', zip: '05641', city: 'Barre' })).slice(0, 3), [
    'question',
    'VT:Barre City',
    'VT:Barre Town',
  ]);
  // "None of these": the state office; an answer that is not a candidate is no answer.
  assert.deepEqual(keyOf(findOffice({ state: 'WI', zip: '53703', choice: NO_TOWN })), ['state']);
  assert.equal(findOffice({ state: 'WI', zip: '53703', choice: 'NY:Suffolk County' }).kind, 'question');
});

test('an unknown ZIP, a ZIP of another state, a county missing from the office file: the state office', () => {
  assert.deepEqual(keyOf(findOffice({ state: 'NY', zip: '99999' })), ['state']);
  assert.deepEqual(keyOf(findOffice({ state: 'NJ', zip: '11201' })), ['state']);
  assert.deepEqual(keyOf(findOffice({ state: 'NY', zip: 'abcde' })), ['state']);
  assert.deepEqual(keyOf(findOffice({ state: 'AK', zip: '99501' })), ['state']); // Alaska's regions are not counties
});
