import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { parseStatesData, StateDataError } from '../../../../server/states/index.js';
import { projectPath } from '../../../../server/project-root.js';

type Json = { states: Record<string, unknown>[] } & Record<string, unknown>;

function freshData(): Json {
  return JSON.parse(fs.readFileSync(projectPath('server/states/data/states.json'), 'utf8')) as Json;
}
function entry(data: Json, code: string): Record<string, unknown> {
  const found = data.states.find((s) => s.code === code);
  if (!found) throw new Error(code);
  return found;
}
function problemsOf(data: unknown): string[] {
  try {
    parseStatesData(data, 'test.json');
  } catch (error) {
    assert.ok(error instanceof StateDataError);
    return error.problems;
  }
  return assert.fail('expected the data to be refused');
}

test('the shipped data file is valid', () => {
  assert.equal(parseStatesData(freshData()).length, 51);
});

test('broken fields are reported with the state and the field, all at once', () => {
  const data = freshData();
  entry(data, 'NC').requiresRace = 'yes';
  (entry(data, 'TX').deadline as Record<string, unknown>).es = ' ';
  data.states = data.states.filter((s) => s.code !== 'WY');
  const problems = problemsOf(data);
  assert.ok(
    problems.some((p) => p.startsWith('NC: requiresRace:')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith('TX: deadline.es:')),
    problems.join('\n'),
  );
  assert.ok(problems.includes('states: missing WY'), problems.join('\n'));
});

test('a refusing state without its explanation, or a missing state, is refused', () => {
  const data = freshData();
  delete entry(data, 'NH').refusalReason;
  data.states = data.states.filter((s) => s.code !== 'VT');
  const problems = problemsOf(data);
  assert.ok(
    problems.some((p) => p.startsWith('NH: refusalReason:')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.includes('missing VT')),
    problems.join('\n'),
  );
});

test('unknown fields (an ID rule, which lives in id-rules.ts) and a bad link are refused', () => {
  const data = freshData();
  entry(data, 'OH').deadlne = 'typo';
  entry(data, 'OR').idNumber = { kind: 'drivers_license_or_non_driver_id', minLength: 4, maxLength: 60 };
  entry(data, 'UT').onlineRegistrationUrl = 'secure.utah.gov';
  const problems = problemsOf(data);
  assert.ok(
    problems.some((p) => p.startsWith('OH:') && p.includes('deadlne')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith('OR:') && p.includes('idNumber')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.startsWith('UT: onlineRegistrationUrl:')),
    problems.join('\n'),
  );
});
