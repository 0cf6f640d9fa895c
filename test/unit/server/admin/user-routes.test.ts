// Resetting another user's second factor (admin/user-routes.ts, auth/second-factor.ts; ASVS 2.5.7,
// 2.8.6): admin only (support and partner users 403), never one's own, CSRF and a confirmation
// required; success clears the TOTP secret (the next sign-in enrols again), ends every session of
// the user, writes the audit log and a security event without personal data, and mails the user.
// The same for partner users. Nothing enrolled: nothing changes, nobody is mailed.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { csrfOf, PASSWORD, signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { partnerWithUser, PASSWORD as PARTNER_PASSWORD } from '../../../support/partners.js';
import { startSmtpSink, type SmtpSink } from '../../../support/smtp-sink.js';

const path = (id: number) => `/admin/users/${id}/second-factor`;

describe("an admin resets another user's second factor", () => {
  let t: TestApp;
  let sink: SmtpSink;
  let logged = '';
  let admin: SignedInAgent;
  let support: SignedInAgent;
  before(async () => {
    sink = await startSmtpSink();
    const logs = new PassThrough();
    logs.on('data', (c: Buffer) => (logged += c.toString()));
    t = await makeTestApp({ env: { SMTP_URL: sink.url }, logTo: logs });
    admin = await signIn(t, 'admin');
    support = await signIn(t, 'support');
    // The enrolment notices of the sign-ins above, out of the way.
    await t.ctx.jobs.runner.drain();
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  const secretOf = async (userId: number): Promise<string | null> =>
    ((await t.ctx.db('users').where({ id: userId }).first('totp_secret_enc')) as { totp_secret_enc: string | null }).totp_secret_enc;
  const sessionsOf = async (userId: number): Promise<number> => (await t.ctx.db('sessions').where({ user_id: userId })).length;
  const resetsAudited = async (): Promise<Array<{ user_email: string; target: string }>> =>
    t.ctx.db('audit_log').where({ action: 'second_factor_reset' }).select('user_email', 'target');
  const confirmPage = async (who: SignedInAgent, id: number) => who.agent.get(path(id));
  const post = async (who: SignedInAgent, id: number, fields: Record<string, string>) => who.agent.post(path(id)).type('form').send(fields);

  it('lists the accounts, with a reset link for every other account that has a second factor', async () => {
    const list = await admin.agent.get('/admin/users');
    assert.equal(list.status, 200);
    assert.ok(list.text.includes(`href="${path(support.userId)}"`));
    assert.ok(!list.text.includes(`href="${path(admin.userId)}"`), 'not for your own account');
  });

  it('refuses support staff and partner users (403), changing nothing', async () => {
    const victim = await signIn(t, 'admin');
    assert.equal((await support.agent.get('/admin/users')).status, 403);
    assert.equal((await confirmPage(support, victim.userId)).status, 403);
    assert.equal((await post(support, victim.userId, { _csrf: await support.csrf(), confirm: 'yes' })).status, 403);
    const { agent: partner } = await partnerWithUser(t, 'Club R', 'r@club-r.example');
    assert.equal((await partner.get('/admin/users')).status, 403);
    assert.equal((await partner.post(path(victim.userId)).type('form').send({ confirm: 'yes' })).status, 403);
    assert.ok(await secretOf(victim.userId), 'still enrolled');
    assert.equal((await victim.agent.get('/admin/registrations')).status, 200, 'still signed in');
  });

  it("refuses an admin's own second factor: another admin must do it", async () => {
    const page = await confirmPage(admin, admin.userId);
    assert.equal(page.status, 403);
    assert.match(page.text, /id="reset-own"/);
    assert.doesNotMatch(page.text, /name="confirm"/);
    const res = await post(admin, admin.userId, { _csrf: await admin.csrf(), confirm: 'yes' });
    assert.equal(res.status, 403);
    assert.ok(await secretOf(admin.userId));
    assert.equal((await admin.agent.get('/admin/registrations')).status, 200);
  });

  it('refuses a POST without a valid CSRF token, and one without the confirmation', async () => {
    const victim = await signIn(t, 'support');
    assert.equal((await post(admin, victim.userId, { confirm: 'yes' })).status, 403);
    assert.equal((await post(admin, victim.userId, { _csrf: 'forged', confirm: 'yes' })).status, 403);
    const unconfirmed = await post(admin, victim.userId, { _csrf: await admin.csrf() });
    assert.equal(unconfirmed.status, 400);
    assert.match(unconfirmed.text, /Confirm the reset with the button/);
    assert.ok(await secretOf(victim.userId));
    assert.ok((await sessionsOf(victim.userId)) > 0);
    assert.equal((await resetsAudited()).length, 0);
  });

  it('resets a staff member: the secret and security keys are gone, every session ends, audited, logged, mailed; the next sign-in enrols', async () => {
    const victim = await signIn(t, 'admin');
    await t.ctx.jobs.runner.drain();
    await sink.waitFor(victim.email); // the enrolment notice
    await t.ctx.auth.sessions.create(victim.userId, true); // a second place where they are signed in
    // A security key too (auth/security-keys.ts): a reset clears every kind of second factor.
    await t.ctx.db('webauthn_credentials').insert({
      user_id: victim.userId,
      credential_id: 'a-lost-key',
      public_key: 'pQECAyYgASFYIA',
      counter: 3,
      transports: 'usb',
      name: 'Blue key',
      created_at: Date.now(),
    });
    const page = await confirmPage(admin, victim.userId);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`id="account-email"[^>]*>${victim.email.replace('.', '\\.')}<`));
    const res = await post(admin, victim.userId, { _csrf: csrfOf(page.text), confirm: 'yes' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/admin/users?reset=done');
    assert.match((await admin.agent.get(res.headers.location!)).text, /id="reset-done"/);
    assert.equal(await secretOf(victim.userId), null);
    assert.equal(await sessionsOf(victim.userId), 0);
    assert.deepEqual(await t.ctx.db('webauthn_credentials').where({ user_id: victim.userId }).select('id'), [], 'the security key is gone');
    assert.match((await victim.agent.get('/admin/registrations')).headers.location ?? '', /^\/admin\/login/, 'signed out');
    assert.deepEqual(await resetsAudited(), [{ user_email: admin.email, target: `user:${victim.userId}` }]);
    const event = logged.split('\n').find((l) => l.includes('"security":"second_factor_reset"'));
    assert.ok(event, 'a security event');
    assert.match(event, new RegExp(`"target":${victim.userId}`));
    assert.doesNotMatch(event, /@/, 'no address in the security log');
    await t.ctx.jobs.runner.drain();
    const mail = await sink.waitFor(victim.email);
    assert.match(mail.raw, /^Subject: The second factor of your Rollcall account was reset$/m);
    assert.match(mail.text, /By: a Rollcall administrator/);
    assert.doesNotMatch(mail.text, /https?:\/\//);
    // The next sign-in asks for a new enrolment.
    const again = request.agent(t.app);
    const login = await again.get('/admin/login');
    const signedIn = await again
      .post('/admin/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), email: victim.email, password: PASSWORD, next: '/admin/registrations' });
    assert.match(signedIn.headers.location!, /^\/admin\/totp\/setup/);
  });

  it('resets a partner user the same way', async () => {
    const email = 'p@club-p.example';
    const { agent } = await partnerWithUser(t, 'Club P', email);
    const user = (await t.ctx.auth.users.byEmail(email))!;
    await t.ctx.jobs.runner.drain();
    await sink.waitFor(email); // the enrolment notice
    const page = await confirmPage(admin, user.id);
    assert.equal(page.status, 200);
    const res = await post(admin, user.id, { _csrf: csrfOf(page.text), confirm: 'yes' });
    assert.equal(res.status, 303);
    assert.equal(await secretOf(user.id), null);
    assert.equal(await sessionsOf(user.id), 0);
    assert.match((await agent.get('/partner/keys')).headers.location ?? '', /^\/partner\/login/, 'signed out');
    assert.equal((await resetsAudited()).filter((r) => r.target === `user:${user.id}`).length, 1);
    await t.ctx.jobs.runner.drain();
    const mail = await sink.waitFor(email);
    assert.match(mail.raw, /^Subject: The second factor of your Rollcall account was reset$/m);
    assert.match(mail.text, /tell Rollcall at once/);
    const again = request.agent(t.app);
    const login = await again.get('/partner/login');
    const signedIn = await again
      .post('/partner/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), email, password: PARTNER_PASSWORD });
    assert.equal(signedIn.headers.location, '/partner/totp/setup');
  });

  it('changes nothing and mails nobody when the account has no second factor', async () => {
    const user = await t.ctx.auth.users.create({ email: 'new.staff@example.org', password: PASSWORD, role: 'support' });
    const { token } = await t.ctx.auth.sessions.create(user.id, false);
    const audited = (await resetsAudited()).length;
    const res = await post(admin, user.id, { _csrf: await admin.csrf(), confirm: 'yes' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, '/admin/users?reset=none');
    assert.ok(await t.ctx.auth.sessions.find(token), 'its session is untouched');
    assert.equal((await resetsAudited()).length, audited);
    const queued = (await t.ctx.db('jobs').where({ kind: 'send_account_notice' }).select('payload')) as Array<{ payload: string }>;
    assert.ok(!queued.some((j) => (JSON.parse(j.payload) as { user: number }).user === user.id), 'no notice');
  });

  it('answers 404 for an account that does not exist', async () => {
    assert.equal((await confirmPage(admin, 999_999)).status, 404);
    assert.equal((await admin.agent.get('/admin/users/abc/second-factor')).status, 404);
  });
});
