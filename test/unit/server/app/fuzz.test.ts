// Property-based fuzzing (fast-check) of every HTML form and API route, from the security route
// table: generated and hostile input never gets a 5xx, a field problem is answered naming the
// field, nothing stored fails validation when read back. Prints how many cases ran.
// FUZZ_RUNS (runs per property), FUZZ_SEED, FUZZ_SHRINK=1: see support/runs.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../../../support/app-fixture.js';
import { enumerateRoutes, rowKey } from '../../../support/security/route-table.js';
import { openWorld, closeWorld, type World } from '../../../support/security/world.js';
import { fuzzApiCreate, fuzzApiList } from '../../../support/fuzz/api.js';
import { fuzzForm, fuzzQuery } from '../../../support/fuzz/forms.js';
import { Tally } from '../../../support/fuzz/runs.js';
import { formTargets, queryTargets } from '../../../support/fuzz/targets.js';
import { fuzzVoterModel } from '../../../support/fuzz/voter-model.js';

describe('fuzz: every form and API route', { timeout: 600_000 }, () => {
  let t: TestApp;
  let w: World;
  const tally = new Tally();
  before(async () => ({ t, w } = await openWorld()));
  after(async () => {
    await closeWorld(t);
    console.log(tally.line());
  });

  it('fuzzes every state-changing route the app answers', () => {
    const fuzzed = new Set([...formTargets(w).map((x) => x.route), 'POST /api/v1/registrations']);
    const changing = enumerateRoutes(t.app).filter((r) => r.method !== 'GET');
    assert.ok(changing.length >= 20, `found only ${changing.length} state-changing routes`);
    assert.deepEqual(
      changing.map(rowKey).filter((k) => !fuzzed.has(k)),
      [],
      'routes no property fuzzes: give them a row with a valid form in the route table',
    );
  });

  it('POST /api/v1/registrations: generated JSON', () => fuzzApiCreate(w, tally));
  it('GET /api/v1/registrations: generated query', () => fuzzApiList(w, tally));
  it('the voter flow: random sequences of steps', () => fuzzVoterModel(w, tally));

  it('every GET route: mutated queries', async () => {
    const failures: string[] = [];
    for (const target of queryTargets(w)) {
      try {
        await fuzzQuery(w, target, tally);
      } catch (err) {
        failures.push(`${target.route}: ${(err as Error).message}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  // Form routes last: their side-effect rows (sign-out, disable partner A, rotate keys) come at the end.
  it('every HTML form: mutated valid submissions', async () => {
    const failures: string[] = [];
    for (const target of formTargets(w)) {
      const started = Date.now();
      try {
        await fuzzForm(w, target, tally);
        if (process.env.FUZZ_TIMES) console.log(`${target.name}: ${Date.now() - started} ms`);
      } catch (err) {
        failures.push(`${target.name}: ${(err as Error).message}`);
      }
    }
    assert.deepEqual(failures, []);
  });
});
