// Email becomes optional per partner (the partner's "email address: optional" setting): only that
// partner's voters may leave it out, a bad address is still an error naming the field, and the
// label says "optional". Everyone else (no partner, a partner that changed nothing) must give one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { finishAsCaliforniaVoter, registerCaliforniaVoter, VoterSession } from '../../../support/voter-session.js';
import { startFromLink } from '../../../support/partners.js';

const noEmail = { ...californiaVoter.eligibility, email: '' };

/** The email field's label as the page shows it. */
const emailLabel = (html: string) => /<label[^>]*for="email">([\s\S]*?)<\/label>/.exec(html)?.[1] ?? '';

describe('email optional for a partner that says so', () => {
  let t: TestApp;
  let optional: string;
  let unchanged: string;
  before(async () => {
    t = await makeTestApp();
    optional = (await t.ctx.partners.store.create('Optional Club', null)).partner.id;
    await t.ctx.partners.store.setVoterMailSettings(optional, { emailOptional: true, voterMail: true });
    unchanged = (await t.ctx.partners.store.create('Default Club', null)).partner.id;
  });
  after(() => t.close());

  it("accepts no email from the partner's voter, labels the field optional, and stores no address", async () => {
    const s = await startFromLink(t, `partner=${optional}`);
    const page = await s.get('eligibility');
    assert.match(emailLabel(page.text), /optional/);
    assert.doesNotMatch(page.text, /id="email"[^>]*aria-required/);
    await s.complete('eligibility', noEmail, 'name');
    // The rest of the flow follows, and the submit accepts it (the whole form is checked again there).
    await finishAsCaliforniaVoter(s, 'name');
    const row = await t.ctx.registrations.service.findByResumeToken(s.token);
    assert.equal(row?.status, 'accepted');
    assert.equal(row?.email, null);
  });

  it('still refuses a bad address from that voter, naming the field', async () => {
    const s = await startFromLink(t, `partner=${optional}`);
    const res = await s.post('eligibility', { ...californiaVoter.eligibility, email: 'not-an-address' });
    assert.equal(res.status, 422);
    assert.match(res.text, /href="#email"/);
    assert.match(res.text, /id="email-error"/);
  });

  it('requires the email without a partner and for a partner that did not change the setting', async () => {
    const plain = new VoterSession(t.app);
    await plain.start();
    const other = await startFromLink(t, `partner=${unchanged}`);
    for (const s of [plain, other]) {
      const page = await s.get('eligibility');
      assert.doesNotMatch(emailLabel(page.text), /optional/);
      const res = await s.post('eligibility', noEmail);
      assert.equal(res.status, 422);
      assert.match(res.text, /href="#email"/);
    }
  });

  it('asks again for the email when the partner makes it required half-way', async () => {
    const club = (await t.ctx.partners.store.create('Changing Club', null)).partner.id;
    await t.ctx.partners.store.setVoterMailSettings(club, { emailOptional: true, voterMail: true });
    const s = await startFromLink(t, `partner=${club}`);
    await s.complete('eligibility', noEmail, 'name');
    await t.ctx.partners.store.setVoterMailSettings(club, { emailOptional: false, voterMail: true });
    // The resume link sends the voter back to the step that now lacks an answer.
    const resumed = await request(t.app).get(`/r/${s.token}`);
    assert.equal(resumed.status, 303);
    assert.equal(resumed.headers.location, `/r/${s.token}/eligibility`);
  });
});

describe('the follow-up for an unfinished registration', () => {
  let t: TestApp;
  const followUps = (registrationId: number) => t.ctx.db('voter_mail').where({ registration_id: registrationId, kind: 'follow_up' });
  before(async () => {
    t = await makeTestApp({ env: { FOLLOW_UP_DELAY_HOURS: '24' } });
  });
  after(() => t.close());

  it('is scheduled once, 24 hours after the eligibility step gives an email, and cancelled on submit', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    const started = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    assert.equal((await followUps(started.id)).length, 0, 'nothing before the voter gives an address');
    const savedAt = t.clock.now();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    const [mail] = await followUps(started.id);
    assert.equal(mail?.status, 'scheduled');
    assert.equal(Number(mail.due_at), savedAt + 24 * 60 * 60_000);
    const job = await t.ctx.db('jobs').where({ id: mail.job_id }).first();
    assert.equal(job.kind, 'send_voter_mail');
    assert.equal(Number(job.run_at), Number(mail.due_at));
    // Saving the eligibility step again (same address), and the next steps, schedule nothing more.
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    await s.complete('name', californiaVoter.name, 'addresses');
    assert.equal((await followUps(started.id)).length, 1);
    assert.equal((await t.ctx.db('jobs').where({ kind: 'send_voter_mail' }).andWhere('payload', 'like', `%:${mail.id}}`)).length, 1);

    await finishAsCaliforniaVoter(s, 'addresses');
    const [after] = await followUps(started.id);
    assert.equal(after?.status, 'cancelled');
    assert.equal(await t.ctx.db('jobs').where({ id: mail.job_id }).first(), undefined, 'its job is gone');
  });

  it('is not scheduled for a voter without an email, nor when mail is off for the partner', async () => {
    const quiet = (await t.ctx.partners.store.create('Quiet Club', null)).partner.id;
    await t.ctx.partners.store.setVoterMailSettings(quiet, { emailOptional: true, voterMail: false });
    const withoutMail = await startFromLink(t, `partner=${quiet}`);
    await withoutMail.complete('eligibility', californiaVoter.eligibility, 'name');
    const noAddress = await startFromLink(t, `partner=${quiet}`);
    await t.ctx.partners.store.setVoterMailSettings(quiet, { emailOptional: true, voterMail: true });
    const mailOnNoAddress = await startFromLink(t, `partner=${quiet}`);
    await mailOnNoAddress.complete('eligibility', noEmail, 'name');
    await noAddress.complete('eligibility', noEmail, 'name');
    for (const s of [withoutMail, noAddress, mailOnNoAddress]) {
      const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
      assert.equal((await followUps(row.id)).length, 0);
    }
    const off = (await t.ctx.registrations.service.findByResumeToken(withoutMail.token))!;
    assert.equal(Boolean(off.voter_mail_enabled), false, "the partner's setting at the start decides");
  });

  it('is scheduled when a voter without an email adds one later', async () => {
    const club = (await t.ctx.partners.store.create('Later Club', null)).partner.id;
    await t.ctx.partners.store.setVoterMailSettings(club, { emailOptional: true, voterMail: true });
    const s = await startFromLink(t, `partner=${club}`);
    await s.complete('eligibility', noEmail, 'name');
    await s.complete('name', californiaVoter.name, 'addresses');
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    assert.equal((await followUps(row.id)).length, 0);
    const back = await s.post('eligibility', californiaVoter.eligibility);
    assert.equal(back.status, 303);
    assert.equal((await followUps(row.id)).length, 1);
  });

  it('is not scheduled for a voter the flow stops (not a citizen), and is once they answer yes', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    const stopped = await s.post('eligibility', { ...californiaVoter.eligibility, usCitizen: 'no' });
    assert.equal(stopped.headers.location, `/r/${s.token}/stop`);
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    assert.equal((await followUps(row.id)).length, 0);
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    assert.equal((await followUps(row.id)).length, 1);
  });

  it('is scheduled for an address pre-filled by the partner link, when the voter saves the step', async () => {
    const club = (await t.ctx.partners.store.create('Prefill Club', null)).partner.id;
    const s = await startFromLink(t, `partner=${club}&email=pre@example.org&zip=95814`);
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    assert.equal(row.email, 'pre@example.org');
    assert.equal((await followUps(row.id)).length, 0);
    await s.complete('eligibility', { ...californiaVoter.eligibility, email: 'pre@example.org' }, 'name');
    assert.equal((await followUps(row.id)).length, 1);
  });

  it('a voter who finishes in one go has no follow-up left to send', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await registerCaliforniaVoter(s);
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    assert.deepEqual(
      (await followUps(row.id)).map((m) => m.status),
      ['cancelled'],
    );
  });
});
