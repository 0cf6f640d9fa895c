// Account notices (mail/account-notice.ts; ASVS 2.2.3, 2.5.5, 2.8.5): a staff or partner user is
// mailed at their own address after a password change (the account page, or a reset link), a
// second factor enrolled, or a used code given again; never when nothing changed. Queued as a
// job (the action never waits on the mail server, and succeeds while it is down), sent by the
// runner through a real SMTP sink; the message says what, when, from which browser family and
// what to do, and holds no link, no secret and nothing of voters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { accountNoticeMessage, ACCOUNT_NOTICE_KINDS } from '../../../../server/mail/account-notice.js';
import { csrfOf, PASSWORD as STAFF_PASSWORD, signIn as staffSignIn } from '../../../support/admin-sign-in.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { makeMailTestApp, type MailTestApp } from '../../../support/mail-app.js';
import { partnerWithUser, PASSWORD as PARTNER_PASSWORD, signIn as partnerSignIn } from '../../../support/partners.js';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const NEW_PASSWORD = 'a brand new passphrase 2026';

/** The notices queued for a user, oldest first: their kinds. */
async function noticesOf(t: TestApp, userId: number): Promise<string[]> {
  const rows = (await t.ctx.db('jobs').where({ kind: 'send_account_notice' }).orderBy('id').select('payload')) as Array<{
    payload: string;
  }>;
  return rows
    .map((r) => JSON.parse(r.payload) as { user: number; kind: string })
    .filter((p) => p.user === userId)
    .map((p) => p.kind);
}

/** What every notice must be: to the user, plain, dated, with the browser's family and no link or secret. */
function assertNotice(raw: string, text: string, to: string, subject: RegExp) {
  assert.match(raw, new RegExp(`^To: ${to.replace(/[.]/g, '\\.')}$`, 'm'));
  assert.match(raw, subject);
  assert.match(text, /When: \w+day, \w+ \d{1,2}, 20\d\d \(20\d\d-\d\d-\d\d \d\d:\d\d UTC\)/);
  assert.doesNotMatch(text, /https?:\/\/|www\./, 'no link');
  assert.doesNotMatch(raw, /<html/i, 'plain text');
}

describe('account notices: staff', () => {
  let t: MailTestApp;
  before(async () => {
    t = await makeMailTestApp({ MAIL_FROM: 'Rollcall <accounts@rollcall.test>' });
  });
  after(() => t.close());

  it('mails the staff member after they change their own password: what, when, the browser family, what to do', async () => {
    const me = await staffSignIn(t, 'admin');
    await t.ctx.jobs.runner.drain();
    await t.sink.waitFor(me.email); // the enrolment notice (the next test reads it)
    const before = await noticesOf(t, me.userId);
    const page = await me.agent.get('/admin/account/password');
    const post = (current: string) =>
      me.agent
        .post('/admin/account/password')
        .set('User-Agent', FIREFOX)
        .type('form')
        .send({ _csrf: csrfOf(page.text), current, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    // Nothing changed: no notice.
    assert.equal((await post('not the current password')).status, 422);
    assert.deepEqual(await noticesOf(t, me.userId), before, 'a refused change queues nothing');
    // Changed: queued by the action, sent by the runner.
    assert.equal((await post(STAFF_PASSWORD)).status, 200);
    assert.deepEqual(await noticesOf(t, me.userId), [...before, 'password_changed']);
    await t.ctx.jobs.runner.drain();
    const mail = await t.sink.waitFor(me.email);
    assertNotice(mail.raw, mail.text, me.email, /^Subject: Your Rollcall password was changed$/m);
    assert.match(mail.text, /^Browser: Firefox$/m);
    assert.doesNotMatch(mail.raw, /rv:133|Gecko|X11/, 'the family, never the whole user agent');
    assert.match(mail.text, /tell another Rollcall administrator at once/);
    assert.doesNotMatch(mail.raw, new RegExp(NEW_PASSWORD), 'no secret');
  });

  it('mails the staff member when their second factor is enrolled', async () => {
    const me = await staffSignIn(t, 'support');
    assert.deepEqual(await noticesOf(t, me.userId), ['second_factor_enrolled']);
    await t.ctx.jobs.runner.drain();
    const mail = await t.sink.waitFor(me.email);
    assertNotice(mail.raw, mail.text, me.email, /^Subject: A second factor was set up on your Rollcall account$/m);
    assert.doesNotMatch(mail.raw, new RegExp(me.secret!), 'not the TOTP secret');
  });

  it('refuses a code already used in its window, and tells its holder; a wrong code tells nobody', async () => {
    const me = await staffSignIn(t, 'admin');
    await t.ctx.jobs.runner.drain();
    await t.sink.waitFor(me.email); // the enrolment notice
    const used = (await t.ctx.db('users').where({ id: me.userId }).first('totp_last_step')) as { totp_last_step: number };
    const thief = request.agent(t.app);
    const login = await thief.get('/admin/login');
    const res = await thief
      .post('/admin/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), email: me.email, password: STAFF_PASSWORD, next: '/admin/registrations' });
    assert.match(res.headers.location!, /^\/admin\/totp\?/);
    const form = await thief.get(res.headers.location!);
    const give = async (code: string) =>
      thief
        .post('/admin/totp')
        .set('User-Agent', FIREFOX)
        .type('form')
        .send({ _csrf: csrfOf(form.text), code, next: '/admin/registrations' });
    // A wrong code (one of a step an hour away): refused, no notice.
    const wrong = await give(await t.ctx.admin.totp.codeFor(me.secret!, t.clock.now() + 3_600_000));
    assert.equal(wrong.status, 401);
    assert.deepEqual(await noticesOf(t, me.userId), ['second_factor_enrolled']);
    // The code of the step already used (still inside the ±1 step window): refused AND notified.
    const replayed = await give(await t.ctx.admin.totp.codeFor(me.secret!, Number(used.totp_last_step) * 30_000));
    assert.equal(replayed.status, 401);
    assert.match(replayed.text, /not right|expired|code/i);
    assert.deepEqual(await noticesOf(t, me.userId), ['second_factor_enrolled', 'code_replayed']);
    await t.ctx.jobs.runner.drain();
    const mail = await t.sink.waitFor(me.email);
    assertNotice(mail.raw, mail.text, me.email, /^Subject: A used sign-in code was refused on your Rollcall account$/m);
    assert.match(mail.text, /^Browser: Firefox$/m);
    assert.match(mail.text, /change your password now/);
  });
});

describe('account notices: partner users', () => {
  let t: MailTestApp;
  let userId: number;
  const email = 'coordinator@club-n.example';
  before(async () => {
    t = await makeMailTestApp();
    await partnerWithUser(t, 'Club N', email);
    userId = (await t.ctx.auth.users.byEmail(email))!.id;
    await t.ctx.jobs.runner.drain();
  });
  after(() => t.close());

  it('mailed the enrolment of the second factor', async () => {
    const mail = await t.sink.waitFor(email);
    assertNotice(mail.raw, mail.text, email, /^Subject: A second factor was set up on your Rollcall account$/m);
    assert.match(mail.text, /tell Rollcall at once/);
  });

  it('mails a password change on the account page, in the language of the portal (Spanish here)', async () => {
    const agent = await partnerSignIn(t, email);
    const page = await agent.get('/partner/account/password?lang=es');
    const res = await agent
      .post('/partner/account/password')
      .set('User-Agent', FIREFOX)
      .type('form')
      .send({ _csrf: csrfOf(page.text), current: PARTNER_PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    assert.equal(res.status, 200);
    await t.ctx.jobs.runner.drain();
    const mail = await t.sink.waitFor(email);
    assert.match(mail.text, /Se cambió la contraseña de su cuenta de Rollcall/);
    assert.match(mail.text, /Cuándo: \S+, \d{1,2} de \S+ de 20\d\d \(20\d\d-\d\d-\d\d \d\d:\d\d UTC\)/);
    assert.match(mail.text, /^Navegador: Firefox$/m);
    assert.doesNotMatch(mail.text, /https?:\/\//);
    await t.ctx.auth.users.setPassword(userId, PARTNER_PASSWORD);
  });

  it('mails a password set through a reset link', async () => {
    const token = await t.ctx.auth.passwordResets.issue(userId);
    const form = await request(t.app).get('/partner/password/forgot');
    const res = await request(t.app)
      .post('/partner/password/reset')
      .set('User-Agent', FIREFOX)
      .type('form')
      .send({ _csrf: csrfOf(form.text), token, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    assert.equal(res.status, 303);
    // The same link again changes nothing, and queues nothing more.
    const again = await request(t.app)
      .post('/partner/password/reset')
      .type('form')
      .send({ _csrf: csrfOf(form.text), token, password: 'yet another passphrase 1', confirm: 'yet another passphrase 1' });
    assert.equal(again.status, 400);
    assert.equal((await noticesOf(t, userId)).filter((k) => k === 'password_reset').length, 1);
    await t.ctx.jobs.runner.drain();
    const mail = await t.sink.waitFor(email);
    assertNotice(mail.raw, mail.text, email, /^Subject: Your Rollcall password was reset$/m);
    assert.match(mail.text, /Forgot your password\?/);
    assert.doesNotMatch(mail.raw, new RegExp(token), 'not the link token');
    await t.ctx.auth.users.setPassword(userId, PARTNER_PASSWORD);
  });

  it('refuses a replayed partner code and tells its holder', async () => {
    // The last sign-in used the step of now (or the next): its code is still inside the ±1 step window.
    const user = (await t.ctx.db('users').where({ id: userId }).first()) as { totp_secret_enc: string; totp_last_step: number };
    const secret = t.ctx.partners.totp.secretOf(user.totp_secret_enc);
    const agent = request.agent(t.app);
    const login = await agent.get('/partner/login');
    const res = await agent
      .post('/partner/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), email, password: PARTNER_PASSWORD });
    assert.equal(res.headers.location, '/partner/totp');
    const form = await agent.get('/partner/totp');
    const replayed = await agent
      .post('/partner/totp')
      .type('form')
      .send({ _csrf: csrfOf(form.text), code: await t.ctx.partners.totp.codeFor(secret, Number(user.totp_last_step) * 30_000) });
    assert.equal(replayed.status, 401);
    assert.equal((await noticesOf(t, userId)).at(-1), 'code_replayed');
    await t.ctx.jobs.runner.drain();
    const mail = await t.sink.waitFor(email);
    assertNotice(mail.raw, mail.text, email, /^Subject: A used sign-in code was refused on your Rollcall account$/m);
  });
});

describe('account notices never hold up or fail the action', () => {
  it('changes the password while the mail server is down; the notice waits in the queue with no address in its error', async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const t = await makeTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
    try {
      const me = await staffSignIn(t, 'admin');
      const page = await me.agent.get('/admin/account/password');
      const res = await me.agent
        .post('/admin/account/password')
        .type('form')
        .send({ _csrf: csrfOf(page.text), current: STAFF_PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
      assert.equal(res.status, 200);
      assert.match(res.text, /id="password-changed"/);
      await t.ctx.jobs.runner.drain();
      const jobs = (await t.ctx.db('jobs').where({ kind: 'send_account_notice' })) as Array<{
        status: string;
        attempts: number;
        last_error: string;
      }>;
      assert.equal(jobs.length, 2, 'the enrolment and the password change');
      for (const job of jobs) {
        assert.equal(job.status, 'queued', 'to be tried again');
        assert.equal(job.attempts, 1);
        assert.match(job.last_error, /account notice not sent \(\w+\)/);
        assert.doesNotMatch(job.last_error, /@/);
      }
    } finally {
      await t.close();
    }
  });
});

describe('the notice message', () => {
  it('has a subject, a what, an if-you and an if-not-you for every kind, both sides, both languages', () => {
    for (const kind of ACCOUNT_NOTICE_KINDS)
      for (const side of ['staff', 'partner'] as const)
        for (const lang of ['en', 'es'] as const) {
          const m = accountNoticeMessage({ kind, side, at: Date.UTC(2026, 11, 6, 5, 30), browser: 'Safari', lang });
          assert.ok(m.subject && !m.subject.includes('accountNotice'), `${kind} ${lang}: ${m.subject}`);
          assert.doesNotMatch(m.text, /accountNotice\.|\{\{/, `${kind} ${side} ${lang}`);
          assert.match(m.text, /2026-12-06 05:30 UTC/);
          assert.match(m.text, lang === 'en' ? /Sunday, December 6, 2026/ : /domingo, 6 de diciembre de 2026/);
          if (kind !== 'second_factor_reset') assert.match(m.text, /Safari/);
        }
  });
});
