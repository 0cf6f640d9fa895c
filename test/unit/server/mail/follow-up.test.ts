// The follow-up for a registration stopped half-way (scheduled by RegistrationService; sent here): one
// message with the resume link, only while the registration is still in progress, and at most
// once per 30 days per address — recorded by an HMAC of the normalised address, never the address.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { mailTranslator } from '../../../../server/i18n.js';
import { makeMailTestApp, type MailTestApp } from '../../../support/mail-app.js';
import { parseMail } from '../../../support/mime.js';
import { VoterSession } from '../../../support/voter-session.js';
import { californiaVoter } from '../../../../support/web-voter.js';

const DAY = 24 * 60 * 60_000;

describe('the follow-up', () => {
  let t: MailTestApp;
  before(async () => {
    t = await makeMailTestApp();
  });
  after(() => t.close());

  /**
   * A voter who gave `email` and stopped at the name step. The eligibility step's save scheduled
   * the follow-up (RegistrationService), due FOLLOW_UP_DELAY_HOURS later: nothing goes before, and
   * the clock is then moved to that time (the job is due; the caller drains).
   */
  async function stoppedHalfWay(email: string) {
    const session = new VoterSession(t.app);
    await session.start();
    const savedAt = t.clock.now();
    await session.complete('eligibility', { ...californiaVoter.eligibility, email }, 'name');
    await session.complete('name', californiaVoter.name, 'addresses');
    const row = (await t.ctx.registrations.service.findByResumeToken(session.token))!;
    const mail = (await t.ctx.mail.voter.forRegistration(t.ctx.db, row.id)).filter((m) => m.kind === 'follow_up');
    assert.equal(mail.length, 1, 'the eligibility step scheduled the follow-up');
    assert.equal(mail[0]!.status, 'scheduled');
    assert.equal(Number(mail[0]!.due_at), savedAt + t.ctx.config.followUpDelayMs);
    // Once per registration: a second schedule changes nothing.
    assert.equal(await t.ctx.commits.run((trx) => t.ctx.mail.voter.schedule(trx, row.id, 'follow_up')), false);
    const sentBefore = t.sink.messages.length;
    await t.ctx.jobs.runner.drain();
    assert.equal(t.sink.messages.length, sentBefore, 'nothing before the delay');
    (t.clock as FakeClock).advance(t.ctx.config.followUpDelayMs);
    return { session, row };
  }
  const statusOf = async (registrationId: number) =>
    (await t.ctx.mail.voter.forRegistration(t.ctx.db, registrationId)).find((m) => m.kind === 'follow_up')?.status;

  it('sends the resume link once, then not again to the same address for 30 days', async () => {
    const first = await stoppedHalfWay('sam@example.org');
    await t.ctx.jobs.runner.drain();
    assert.equal(t.sink.messages.length, 1);
    const mail = parseMail(t.sink.messages[0]!.raw);
    assert.ok(mail.text!.includes(`http://rollcall.test/r/${first.session.token}`));
    assert.ok(mail.html!.includes(mailTranslator('en')('follow_up.button')));
    assert.equal(await statusOf(first.row.id), 'sent');
    // The resume link works: it opens the step where the voter stopped.
    const resume = await request(t.app).get(`/r/${first.session.token}`);
    assert.equal(resume.status, 303);
    assert.equal(resume.headers.location, `/r/${first.session.token}/addresses`);
    // The per-address record holds no address.
    const records = await t.ctx.db('voter_mail_follow_ups');
    assert.equal(records.length, 1);
    assert.match(records[0].address_hmac, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(records).includes('sam'));

    // Another registration, the same address written differently: not within 30 days.
    const second = await stoppedHalfWay('  SAM@Example.org');
    await t.ctx.jobs.runner.drain();
    assert.equal(t.sink.messages.length, 1);
    assert.equal(await statusOf(second.row.id), 'cancelled');

    (t.clock as FakeClock).advance(31 * DAY);
    const third = await stoppedHalfWay('sam@example.org');
    await t.ctx.jobs.runner.drain();
    assert.equal(t.sink.messages.length, 2);
    assert.equal(await statusOf(third.row.id), 'sent');
  });

  it('sends one follow-up when two registrations of one address are due at once and sent concurrently', async () => {
    // The runner was down a while: both follow-ups are due together, and two workers take them at
    // the same moment. Both pass the read check; only the reservation keeps it to one message.
    (t.clock as FakeClock).advance(31 * DAY);
    const a = await stoppedHalfWay('kim@example.org');
    (t.clock as FakeClock).advance(-t.ctx.config.followUpDelayMs);
    const b = await stoppedHalfWay('kim@example.org');
    const jobs = await t.ctx.commits.run((trx) => t.ctx.jobs.queue.claimBatch(trx, 'test-worker', 60_000, 10));
    const followUps = jobs.filter((j) => j.kind === 'send_voter_mail');
    assert.equal(followUps.length, 2);
    const before = t.sink.messages.length;
    const results = await Promise.all(followUps.map((job) => t.ctx.mail.sender.handle(job)));
    await t.ctx.commits.run(async (trx) => {
      for (const result of results) await result?.finish?.(trx);
    });
    assert.equal(t.sink.messages.length - before, 1, 'one message to the address');
    assert.deepEqual([await statusOf(a.row.id), await statusOf(b.row.id)].sort(), ['cancelled', 'sent']);
  });

  it('is not sent once the registration is no longer in progress', async () => {
    const { row } = await stoppedHalfWay('lee@example.org');
    await t.ctx.db('registrations').where({ id: row.id }).update({ status: 'accepted' });
    const before = t.sink.messages.length;
    await t.ctx.jobs.runner.drain();
    assert.equal(t.sink.messages.length, before);
    assert.equal(await statusOf(row.id), 'cancelled');
  });
});
