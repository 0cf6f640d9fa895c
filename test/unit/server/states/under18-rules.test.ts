// Each under-18 rule key applied to dates of birth around its edge, with "today" fixed. The
// expected days are worked out by hand from the rule's meaning (docs/under-18.md), not from the code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNDER18_RULE_KEYS, type Under18RuleKey } from '../../../../server/states/under18-rules.js';
import { listStates, novemberElectionDay, under18Decision, UNDER18_BASIS } from '../../../../server/states/index.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const at = (iso: string) => Date.parse(`${iso}T15:30:00Z`); // the clock's time of day never matters
const may = { kind: 'may_register' } as const;
const notYet = (from: string, conservative = false) => ({ kind: 'not_yet', from: day(from), conservative });

function decide(rule: Under18RuleKey | null, dob: string, today: string) {
  return under18Decision(rule, dob, at(today));
}

describe('under-18 rules', () => {
  it('puts the November general election on the Tuesday after the first Monday', () => {
    assert.equal(novemberElectionDay(2026), day('2026-11-03')); // 1 November is a Sunday
    assert.equal(novemberElectionDay(2027), day('2027-11-02')); // a Monday: not the 1st
    assert.equal(novemberElectionDay(2022), day('2022-11-08')); // a Tuesday: the week after
    assert.equal(novemberElectionDay(2028), day('2028-11-07'));
  });

  it('gives every rule key a way to decide', () => {
    for (const key of UNDER18_RULE_KEYS) assert.ok(UNDER18_BASIS[key], key);
  });

  it('pre-registers from 16 (once_turned_16, when_is_16) on the birthday itself', () => {
    for (const rule of ['once_turned_16', 'when_is_16'] as const) {
      assert.deepEqual(decide(rule, '2010-12-05', '2026-12-05'), may, rule);
      assert.deepEqual(decide(rule, '2010-12-06', '2026-12-05'), notYet('2026-12-06'), rule);
      assert.deepEqual(decide(rule, '2012-03-01', '2026-12-05'), notYet('2028-03-01'), rule);
    }
  });

  it('registers from 17 (once_turned_17, once_turned_17_but)', () => {
    for (const rule of ['once_turned_17', 'once_turned_17_but'] as const) {
      assert.deepEqual(decide(rule, '2009-12-05', '2026-12-05'), may, rule);
      assert.deepEqual(decide(rule, '2010-06-30', '2026-12-05'), notYet('2027-06-30'), rule);
    }
  });

  it('counts leads back from the 18th birthday: 90 days (AK), six months (GA, MO, OK), two months (TX)', () => {
    // 18 on 5 March 2027: 90 days before is 5 December 2026.
    assert.deepEqual(decide('90_days_before', '2009-03-05', '2026-12-05'), may);
    assert.deepEqual(decide('90_days_before', '2009-03-06', '2026-12-05'), notYet('2026-12-06'));
    assert.deepEqual(decide('6_months_before', '2009-06-05', '2026-12-05'), may);
    assert.deepEqual(decide('6_months_before', '2009-06-06', '2026-12-05'), notYet('2026-12-06'));
    assert.deepEqual(decide('2_months_before', '2009-02-05', '2026-12-05'), may);
    assert.deepEqual(decide('2_months_before', '2010-10-01', '2026-12-05'), notYet('2028-08-01'));
    // 31 August minus six months is no day: the later one (2 March in 2028, a leap year), never an early reminder.
    assert.deepEqual(decide('6_months_before', '2010-08-31', '2026-12-05'), notYet('2028-03-02'));
  });

  it('reads "18 by the next November general election" from the date of birth, refusing only when certain', () => {
    for (const rule of [
      'turn_by_next_general_election_november',
      'turn_by_next_general_election_november_2',
      'be_by_next_general_election_november',
    ] as const) {
      // Before the 2026 election: 18 on election day may register, 18 the day after may not until it is past.
      assert.deepEqual(decide(rule, '2008-11-03', '2026-10-01'), may, rule);
      assert.deepEqual(decide(rule, '2008-11-04', '2026-10-01'), notYet('2026-11-04', true), rule);
      // After it: the next general election is November 2027 or 2028 depending on the state, so
      // someone 18 by 7 November 2028 is never refused; someone 18 later waits for the 2028 election to pass.
      assert.deepEqual(decide(rule, '2010-11-07', '2026-12-05'), may, rule);
      assert.deepEqual(decide(rule, '2010-11-08', '2026-12-05'), notYet('2028-11-08', true), rule);
      assert.deepEqual(decide(rule, '2011-03-01', '2026-12-05'), notYet('2028-11-08', true), rule);
    }
  });

  it('needs 17 as well for 17_turn_18 (CT, KS, KY)', () => {
    assert.deepEqual(decide('17_turn_18', '2008-10-21', '2026-10-01'), may); // 17, 18 before 3 November
    assert.deepEqual(decide('17_turn_18', '2008-11-04', '2026-10-01'), notYet('2026-11-04', true));
    // 16 and a half in December 2026: 18 before the 2028 election, but not 17 until June 2027.
    assert.deepEqual(decide('17_turn_18', '2010-06-01', '2026-12-05'), notYet('2027-11-03', true));
    assert.deepEqual(decide('17_turn_18', '2010-06-01', '2027-06-01'), may);
  });

  it('waits for the 18th birthday where any election could come first (be/turn_by_next_election)', () => {
    for (const rule of ['be_by_next_election', 'turn_by_next_election', 'turn_by_next_election_2'] as const) {
      assert.deepEqual(decide(rule, '2009-01-01', '2026-12-05'), notYet('2027-01-01', true), rule);
      assert.deepEqual(decide(rule, '2008-12-05', '2026-12-05'), may, rule);
    }
  });

  it('has no rule to apply without one, and no decision without a date', () => {
    assert.deepEqual(decide(null, '2010-01-01', '2026-12-05'), { kind: 'no_rule' });
    assert.equal(decide('once_turned_16', 'soon', '2026-12-05'), null);
  });

  it("records where each state's rule was checked, and refuses nobody in a state that uses the form without a rule", () => {
    for (const state of listStates()) {
      assert.ok(state.factSources.under18Rule.source.length > 20, state.code);
      assert.match(state.factSources.under18Rule.checked, /^\d{4}-\d{2}-\d{2}$/);
      if (state.acceptsFederalForm) assert.ok(state.under18Rule, `${state.code} uses the form but has no under-18 rule`);
    }
    // Checked against the sources: Virginia pre-registers from 16, West Virginia from 17.
    assert.equal(listStates().find((s) => s.code === 'VA')!.under18Rule, 'once_turned_16');
    assert.equal(listStates().find((s) => s.code === 'WV')!.under18Rule, 'once_turned_17');
  });
});
