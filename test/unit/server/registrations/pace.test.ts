// ASVS 11.1.2, business flows at a human pace (registrations/pace.ts): a web voter who goes
// through every step faster than a person can is accepted all the same (only the state's rules
// may refuse a voter) and flagged: on the admin's registration page and search, in /metrics and
// the security log (nothing personal). A voter at a person's pace is not flagged. Time is the
// registration's own (FakeClock), never the client's. The flag never reaches the partner (API,
// CSV) nor the voter's PDF.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import type { MailingOffice } from '../../../../server/offices/offices.js';
import { HUMAN_FLOOR_MS, isTooFast } from '../../../../server/registrations/pace.js';
import { toPdfRegistration } from '../../../../server/registrations/to-pdf.js';
import { signIn as staffSignIn, type SignedInAgent } from '../../../support/admin-sign-in.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { partnerWithUser, startFromLink, type PartnerUser } from '../../../support/partners.js';
import type { VoterSession } from '../../../support/voter-session.js';
import { californiaVoter, WEB_STEPS } from '../../../../support/web-voter.js';

/** Walks every step, the clock moving `pauseMs` before each post (0: a script). */
async function walk(t: TestApp, s: VoterSession, pauseMs: number): Promise<void> {
  const order = [...WEB_STEPS, 'done'] as const;
  for (let i = 0; i < WEB_STEPS.length; i++) {
    (t.clock as FakeClock).advance(pauseMs);
    await s.complete(WEB_STEPS[i]!, californiaVoter[WEB_STEPS[i]!], order[i + 1]!);
  }
}

describe('a voter faster than a person (ASVS 11.1.2)', () => {
  let t: TestApp;
  let club: PartnerUser;
  let staff: SignedInAgent;
  let log = '';
  let fastUid = '';
  let humanUid = '';
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => (log += c.toString()));
    t = await makeTestApp({ logTo: stream });
    club = await partnerWithUser(t, 'Club', 'coordinator@club.example');
    staff = await staffSignIn(t, 'admin');
    const uidOf = async (s: VoterSession) => (await t.ctx.registrations.service.findByResumeToken(s.token))!.uid;
    const fast = await startFromLink(t, `partner=${club.partner.id}`);
    await walk(t, fast, 0);
    fastUid = await uidOf(fast);
    // Six pages at 4 s each: 24 s, a quick person.
    const human = await startFromLink(t, `partner=${club.partner.id}`);
    await walk(t, human, 4_000);
    humanUid = await uidOf(human);
  });
  after(() => t.close());

  it('draws the line at the floor, from the registration’s own times', () => {
    assert.equal(isTooFast(0, HUMAN_FLOOR_MS - 1), true);
    assert.equal(isTooFast(0, HUMAN_FLOOR_MS), false);
  });

  it('accepts the fast voter and flags the registration; the person at a human pace is not flagged', async () => {
    const fast = (await t.ctx.registrations.service.store.byUid(fastUid))!;
    const human = (await t.ctx.registrations.service.store.byUid(humanUid))!;
    assert.equal(fast.status, 'accepted', 'the fast voter is not refused');
    assert.equal(Boolean(fast.too_fast), true);
    assert.equal(human.status, 'accepted');
    assert.equal(Boolean(human.too_fast), false);
  });

  it('counts it in /metrics and the security log, with nothing about the voter', async () => {
    const metrics = await t.ctx.http.metrics.registry.getSingleMetricAsString('rollcall_registrations_too_fast_total');
    assert.match(metrics, /^rollcall_registrations_too_fast_total 1$/m);
    const lines = log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.security === 'registration_too_fast');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.seconds, 0);
    assert.equal(lines[0]!.partner, club.partner.id);
    const line = JSON.stringify(lines[0]);
    for (const personal of ['ana@example.org', 'Ana', 'Núñez', '95814', 'D1234567', fastUid]) assert.ok(!line.includes(personal), personal);
  });

  it('shows the flag to staff: on the registration page and through the search filter', async () => {
    const page = await staff.agent.get(`/admin/registrations/${fastUid}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<dd id="too-fast"><strong>All steps done in 0 s, under the 15 s a person needs/);
    assert.doesNotMatch((await staff.agent.get(`/admin/registrations/${humanUid}`)).text, /id="too-fast"/);
    const found = await staff.agent.get('/admin/registrations?pace=too_fast');
    assert.equal(found.status, 200);
    assert.ok(found.text.includes(`/admin/registrations/${fastUid}`), 'the fast one is listed');
    assert.ok(!found.text.includes(`/admin/registrations/${humanUid}`), 'the human one is not');
    assert.match(found.text, /<span class="usa-tag rc-too-fast">too fast<\/span>/);
    const all = await staff.agent.get('/admin/registrations');
    assert.ok(all.text.includes(`/admin/registrations/${humanUid}`));
    const bad = await staff.agent.get('/admin/registrations?pace=slow');
    assert.equal(bad.status, 422);
    assert.match(bad.text, /id="f-pace-error">Choose a pace from the list/);
  });

  it('never tells the partner: the API and the CSV say the same of both registrations', async () => {
    const auth = { Authorization: `Bearer ${club.apiKey}` };
    const fast = await request(t.app).get(`/api/v1/registrations/${fastUid}`).set(auth);
    const human = await request(t.app).get(`/api/v1/registrations/${humanUid}`).set(auth);
    assert.equal(fast.status, 200);
    assert.deepEqual(Object.keys(fast.body).sort(), Object.keys(human.body).sort());
    assert.doesNotMatch(JSON.stringify(fast.body), /fast|pace/i);
    const list = await request(t.app).get('/api/v1/registrations').set(auth);
    assert.doesNotMatch(JSON.stringify(list.body), /fast|pace/i);
    const csv = await club.agent.get('/partner/export.csv?from=2026-10-01&to=2026-10-01');
    assert.equal(csv.status, 200);
    assert.doesNotMatch(csv.text, /fast|pace/i);
  });

  it("never reaches the voter's PDF: what is drawn is the same flagged or not", async () => {
    const row = (await t.ctx.registrations.service.store.byUid(fastUid))!;
    const office = { lines: ['Office'], phone: null, url: null } as unknown as MailingOffice;
    assert.deepEqual(toPdfRegistration(row, 'D1234567', office), toPdfRegistration({ ...row, too_fast: false }, 'D1234567', office));
  });
});
