import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getState, LANGS, listStates, type Localized, type StateRules } from '../../../../server/states/index.js';
import { mustGetState } from '../../../support/states.js';

const FIFTY_STATES_AND_DC = (
  'AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE ' +
  'NH NJ NM NV NY OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY'
).split(' ');

test('all 50 states and DC load, each once', () => {
  const codes = listStates().map((s) => s.code);
  assert.deepEqual([...codes].sort(), FIFTY_STATES_AND_DC);
});

test('listing is sorted by name, and callers cannot reorder the shared list', () => {
  const names = listStates().map((s) => s.name);
  assert.deepEqual(
    names,
    [...names].sort((a, b) => a.localeCompare(b, 'en')),
  );
  assert.equal(names[0], 'Alabama');
  assert.equal(names[1], 'Alaska');
  listStates().reverse();
  assert.equal(listStates()[0]?.name, 'Alabama');
});

test('getState ignores case and surrounding spaces, and knows nothing outside the 51', () => {
  assert.equal(getState('ny')?.name, 'New York');
  assert.equal(getState(' Dc ')?.name, 'District of Columbia');
  for (const code of ['PR', 'GU', 'AE', 'XX', '', 'New York']) assert.equal(getState(code), undefined, code);
});

// Every text a voter may read, as [where, {en, es}] pairs.
function localizedTexts(state: StateRules): [string, Localized][] {
  const texts: [string, Localized][] = [
    ['deadline', state.deadline],
    ['idNumber.rule', state.idNumber.rule],
    ['idNumber.ask', state.idNumber.ask],
    ...state.parties.map((p): [string, Localized] => [`parties.${p.key}`, p.label]),
  ];
  if (state.noParty) texts.push(['noParty', state.noParty.label]);
  if (state.under18) texts.push(['under18', state.under18]);
  if (state.refusalReason) texts.push(['refusalReason', state.refusalReason]);
  return texts;
}

test('every text exists in English and Spanish, with no placeholder left unfilled', () => {
  for (const state of listStates()) {
    assert.ok(state.nameEs, `${state.code} nameEs`);
    for (const [where, text] of localizedTexts(state)) {
      for (const lang of LANGS) {
        const value = text[lang] ?? '';
        assert.ok(value.trim().length > 0, `${state.code} ${where}.${lang} is empty`);
        assert.doesNotMatch(value, /%\{|\$\{|undefined|null/, `${state.code} ${where}.${lang}: ${value}`);
      }
    }
  }
});

test('the ID rule names the state in the voter’s language where the rule is about its own documents', () => {
  assert.match(mustGetState('NY').idNumber.rule.en, /New York driver's license/);
  assert.match(mustGetState('NY').idNumber.rule.es, /Nueva York/);
  assert.match(mustGetState('NC').idNumber.rule.es, /Carolina del Norte/);
  assert.match(mustGetState('NV').idNumber.rule.en, /county clerk/);
  for (const state of listStates().filter((s) => s.idNumber.accepts.includes('state_id'))) {
    assert.ok(state.idNumber.rule.en.includes(state.name), `${state.code} en`);
    assert.ok(state.idNumber.rule.es.includes(state.nameEs ?? '\u0000'), `${state.code} es`);
  }
});

test('the Spanish deadline is a translation, not the English text copied', () => {
  for (const state of listStates()) assert.notEqual(state.deadline.es, state.deadline.en, state.code);
  assert.match(mustGetState('AK').deadline.es, /30 días/);
});

test('under-18 rules: none for ND and NH, the state’s own rule elsewhere', () => {
  assert.equal(mustGetState('ND').under18, null);
  assert.equal(mustGetState('NH').under18, null);
  assert.match(mustGetState('AK').under18?.en ?? '', /90 days before your 18th birthday/);
  assert.match(mustGetState('CA').under18?.es ?? '', /16 años/);
  assert.match(mustGetState('TX').under18?.en ?? '', /two months/);
  assert.match(mustGetState('IA').under18?.en ?? '', /once you are 17/);
});

test('ND, NH and WY refuse the federal form and explain why; no other state does', () => {
  const refusing = listStates()
    .filter((s) => !s.acceptsFederalForm)
    .map((s) => s.code);
  assert.deepEqual(refusing.sort(), ['ND', 'NH', 'WY']);
  assert.match(mustGetState('ND').refusalReason?.en ?? '', /does not have voter registration/);
  assert.match(mustGetState('NH').refusalReason?.en ?? '', /absentee/);
  assert.match(mustGetState('WY').refusalReason?.es ?? '', /Wyoming no acepta el formulario federal/);
  for (const code of ['ND', 'NH', 'WY']) assert.ok(mustGetState(code).office.url, `${code} has an office to point to`);
  assert.equal(mustGetState('NY').refusalReason, undefined);
});

test('office address lines are the source facts, trimmed', () => {
  assert.deepEqual(mustGetState('AK').office.mailingAddress, [
    'State of Alaska',
    'Division of Elections',
    'PO Box 110017',
    'Juneau, AK 99811-0017',
  ]);
  assert.equal(mustGetState('NJ').office.phone, '877-NJ-VOTER');
  for (const state of listStates()) {
    for (const line of state.office.mailingAddress) assert.equal(line, line.trim(), state.code);
  }
});

test('online registration link where the state has one, null where it has none', () => {
  assert.equal(mustGetState('AK').onlineRegistrationUrl, 'https://voterregistration.alaska.gov');
  assert.equal(mustGetState('MS').onlineRegistrationUrl, null);
});

test('every state says where its facts come from and when they were checked', () => {
  for (const state of listStates()) {
    assert.match(state.source, /Rocky/, state.code);
    assert.equal(state.lastChecked, '2026-11-25', state.code);
  }
});

test('the shared rules cannot be changed by a caller', () => {
  const ny = mustGetState('NY');
  assert.throws(() => {
    (ny.parties as { key: string }[]).push({ key: 'mine' });
  }, TypeError);
  assert.throws(() => {
    (ny.idNumber.accepts as string[]).push('passport');
  }, TypeError);
});

test('the District of Columbia reads as a place in running text, in both languages', () => {
  const dc = mustGetState('DC');
  assert.match(dc.under18?.en ?? '', /^In the District of Columbia /);
  assert.match(dc.under18?.es ?? '', /^En el Distrito de Columbia /);
  for (const [where, text] of localizedTexts(dc)) {
    // "your District of Columbia driver's license" is the adjective, as in "your Ohio driver's license".
    assert.doesNotMatch(text.en, /(^|(?<!\b(?:[Tt]he|your)) )District of Columbia/, `${where}.en: ${text.en}`);
    assert.doesNotMatch(text.es, /(^|[^l] )Distrito de Columbia/, `${where}.es: ${text.es}`);
  }
});
