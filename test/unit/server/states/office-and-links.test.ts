// The two facts a voter acts on outside Rollcall: the address the form is mailed to and the link to
// the state's own online registration. Checked over all 51, with the reported cases by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { listStates, parseStatesData, StateDataError } from '../../../../server/states/index.js';
import { ADDRESS_LINE_MAX } from '../../../../server/states/fact-checks.js';
import { projectPath } from '../../../../server/project-root.js';
import { mustGetState } from '../../../support/states.js';

const states = listStates();

test('every office address reads as recipient, street or PO Box, "City, ST ZIP" with the state\'s own code', () => {
  assert.equal(states.length, 51);
  for (const state of states) {
    const lines = state.office.mailingAddress;
    const where = `${state.code}: ${lines.join(' | ')}`;
    assert.ok(lines.length >= 2 && lines.length <= 5, where);
    assert.match(lines.at(-1)!, new RegExp(`^[A-Za-z .'-]+, ${state.code} \\d{5}(-\\d{4})?$`), where);
    assert.match(lines.at(-2)!, /^(\d|P\.?\s?O\.? Box |One )/i, `${where}: the line above the city is where the post office delivers`);
    for (const line of lines) {
      assert.ok(line.length <= ADDRESS_LINE_MAX, `${where}: "${line}" is wider than the mailer line`);
      assert.doesNotMatch(line, /\b(\w+) \1\b/i, `${where}: a repeated word`);
      assert.doesNotMatch(line, /\s{2}|\s,/, `${where}: stray spaces`);
    }
  }
});

test('the reported addresses are fixed: Virginia has its state, Oregon its lines, North Dakota one "State"', () => {
  assert.deepEqual(mustGetState('VA').office.mailingAddress, [
    'Virginia Department of Elections',
    'Washington Building, First Floor',
    '1100 Bank Street',
    'Richmond, VA 23219',
  ]);
  assert.deepEqual(mustGetState('OR').office.mailingAddress, [
    'Oregon Secretary of State',
    'Elections Division',
    '255 Capitol St NE, Suite 501',
    'Salem, OR 97310-0722',
  ]);
  assert.deepEqual(mustGetState('ND').office.mailingAddress, [
    'North Dakota Secretary of State',
    '600 E Boulevard Avenue, Dept 108',
    'Bismarck, ND 58505-0500',
  ]);
});

test('every online registration link is https and carries no tracking parameter', () => {
  for (const state of states) {
    if (state.onlineRegistrationUrl === null) continue;
    const url = new URL(state.onlineRegistrationUrl);
    assert.equal(url.protocol, 'https:', state.code);
    for (const key of url.searchParams.keys())
      assert.doesNotMatch(key, /^(utm_\w+|ref|source|id|partner|campaign|fbclid|gclid)$/i, `${state.code}: ${state.onlineRegistrationUrl}`);
  }
});

test('only the states without online registration have no link (as of 2026-12-05)', () => {
  const without = states
    .filter((s) => s.onlineRegistrationUrl === null)
    .map((s) => s.code)
    .sort();
  assert.deepEqual(without, ['AR', 'MS', 'MT', 'ND', 'NH', 'SD', 'TX', 'WY']);
});

test('the reported links are fixed: Texas has none, Washington offers VoteWA, Arizona has no tracking id', () => {
  assert.equal(mustGetState('TX').onlineRegistrationUrl, null);
  assert.equal(mustGetState('WA').onlineRegistrationUrl, 'https://voter.votewa.gov/WhereToVote.aspx');
  assert.equal(mustGetState('AZ').onlineRegistrationUrl, 'https://servicearizona.com/VoterRegistration');
  assert.ok(!mustGetState('KS').onlineRegistrationUrl!.includes('rockthevote'));
});

test('each state says where its link, its address and its Spanish name came from, and when', () => {
  for (const state of states) {
    for (const fact of ['onlineRegistrationUrl', 'mailingAddress', 'nameEs'] as const) {
      const source = state.factSources[fact];
      assert.ok(source.source.length > 20, `${state.code} ${fact}`);
      assert.match(source.checked, /^\d{4}-\d{2}-\d{2}$/, `${state.code} ${fact}`);
    }
  }
  assert.match(mustGetState('TX').factSources.onlineRegistrationUrl.source, /no online voter registration/);
});

test('the loader refuses a malformed address or a tracking link, naming the state', () => {
  type Entry = { code: string; office: { mailingAddress: string[] }; onlineRegistrationUrl: string | null };
  const data = JSON.parse(fs.readFileSync(projectPath('server/states/data/states.json'), 'utf8')) as { states: Entry[] };
  const at = (code: string) => data.states.find((s) => s.code === code)!;
  at('VA').office.mailingAddress = [
    'Virginia Department of Elections',
    'Washington Building, First Floor',
    '1100 Bank Street, Richmond 23219',
  ];
  at('ND').office.mailingAddress = ['Secretary of State State', '600 E Boulevard Avenue Dept 108', 'Bismarck, ND 58505-0500'];
  at('AZ').onlineRegistrationUrl = 'https://servicearizona.com/VoterRegistration?id=RTV';
  at('CA').onlineRegistrationUrl = 'http://www.registertovote.ca.gov';
  try {
    parseStatesData(data, 'test.json');
    assert.fail('expected a refusal');
  } catch (error) {
    assert.ok(error instanceof StateDataError);
    const all = error.problems.join('\n');
    assert.match(all, /VA: office\.mailingAddress: last line "1100 Bank Street, Richmond 23219"/);
    assert.match(all, /ND: office\.mailingAddress: line "Secretary of State State" repeats "State"/);
    assert.match(all, /AZ: onlineRegistrationUrl: carries the tracking parameter "id"/);
    assert.match(all, /CA: onlineRegistrationUrl: is not https/);
  }
});

test('Spanish party labels: "Demócrata" and "Otro", never "Democrático" or "Otros"', () => {
  for (const state of states) {
    for (const party of state.parties) {
      assert.notEqual(party.label.es, 'Democrático', state.code);
      assert.notEqual(party.label.es, 'Otros', state.code);
      if (party.key === 'democratic') assert.equal(party.label.es, 'Demócrata', state.code);
      if (party.key === 'other') assert.equal(party.label.es, 'Otro', state.code);
    }
  }
});

test("Spanish state names are USAGov en español's", () => {
  const expected: Record<string, string> = {
    ND: 'Dakota del Norte',
    SC: 'Carolina del Sur',
    NM: 'Nuevo México',
    NY: 'Nueva York',
    PA: 'Pensilvania',
    DC: 'Distrito de Columbia',
    LA: 'Luisiana',
    HI: 'Hawái',
    MO: 'Misuri',
    MI: 'Míchigan',
    WV: 'Virginia Occidental',
    NH: 'Nuevo Hampshire',
    MS: 'Misisipi',
    OR: 'Oregón',
  };
  for (const [code, name] of Object.entries(expected)) assert.equal(mustGetState(code).nameEs, name, code);
});
