// Property: every HTML form route of the route table, given a mutated valid submission, answers
// without a 5xx; the parsers' envelopes get their own status (413, 400, 415); a body that parses
// gets past CSRF to the route's own checks (no 403); a 422 names a field on the page; and a voter
// step never leaves a registration whose stored answers fail validation when read back. GET
// routes (search forms, date filters, links) get mutated queries: never a 5xx, a 422 names a field.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAnswers } from '../../../server/registrations/registration-records.js';
import { validateComplete, validateSection } from '../../../server/registrations/validate.js';
import type { World } from '../security/world.js';
import { buildBody, ENVELOPE_STATUS, formCase, PARSED, type FormCase } from './form-body.js';
import { htmlFieldProblem } from './named-field.js';
import { checkProperty, type Tally } from './runs.js';
import type { FormTarget, QueryTarget } from './targets.js';

export async function fuzzForm(w: World, target: FormTarget, tally: Tally): Promise<void> {
  await checkProperty(
    fc.asyncProperty(formCase, async (c) => {
      // Rate limits have their own tests; here every case must reach the route.
      await w.t.ctx.db('rate_limits').del();
      const p = await target.prepare();
      const built = buildBody(p.seed, c);
      const res = await p.agent.post(p.url).set(built.headers).send(built.body).buffer(true);
      tally.count(target.route);
      const what = `${target.name}, ${c.envelope} body, touched ${built.touched.join(', ') || 'nothing'}: ${res.status}`;
      assert.ok(res.status < 500, `${what} ${res.text?.slice(0, 300)}`);
      const expected = ENVELOPE_STATUS[c.envelope];
      if (expected) assert.equal(res.status, expected, what);
      // A sign-out, once done, leaves no session to check a token against: its later cases end earlier.
      if (PARSED.has(c.envelope) && !target.row.sideEffect)
        assert.notEqual(res.status, 403, `${what}: refused before the route's own checks (the CSRF token was valid)`);
      if (res.status === 422) assert.equal(htmlFieldProblem(res.text), null, what);
      if (target.voterStep) await checkStoredRegistration(w, target, res.status, res.headers.location, c);
    }),
  );
}

/** What a voter step stored passes validation: the whole registration once submitted, the step once saved. */
async function checkStoredRegistration(
  w: World,
  target: FormTarget,
  status: number,
  location: string | undefined,
  c: FormCase,
): Promise<void> {
  const row = await w.t.ctx.registrations.service.findByResumeToken(target.voterToken!());
  assert.ok(row, 'the registration is still there');
  const answers = parseAnswers(row);
  const vctx = { now: w.t.ctx.clock.now(), idNumber: w.t.ctx.registrations.service.idNumberOf(row) };
  if (row.status === 'accepted' || row.status === 'pdf_ready') {
    assert.deepEqual(validateComplete(answers, vctx), [], `${target.name}: an accepted registration fails validation (${c.envelope})`);
  } else if (status === 303 && !/[?&]lang=/.test(location ?? '') && target.voterStep !== 'review') {
    // (a language switch keeps what was typed as an unchecked draft, by design)
    assert.deepEqual(validateSection(target.voterStep!, answers, vctx), [], `${target.name}: a saved step fails validation when read back`);
  }
}

export async function fuzzQuery(w: World, target: QueryTarget, tally: Tally): Promise<void> {
  await checkProperty(
    fc.asyncProperty(formCase, async (c) => {
      await w.t.ctx.db('rate_limits').del();
      const qs = buildBody(target.seed, { ...c, envelope: 'form' }).body as string;
      const res = await target.agent.get(`${target.path}?${qs}`).buffer(true);
      tally.count(target.route);
      const what = `${target.route}?${qs.slice(0, 300)}: ${res.status}`;
      assert.ok(res.status < 500, `${what} ${res.text?.slice(0, 300)}`);
      assert.notEqual(res.status, 403, `${what}: refused to the identity the route table allows`);
      if (res.status === 422 && /html/.test(res.headers['content-type'] ?? '')) assert.equal(htmlFieldProblem(res.text), null, what);
    }),
    0.5,
    0.5,
  );
}
