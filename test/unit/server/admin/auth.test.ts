// Admin sign-in: the CLI makes accounts; the login page checks the password (argon2, lock-out,
// a rate limit per address), then a TOTP code (enrolled at the first sign-in, sealed at rest,
// each code good once), with a new session id at each step; sign-out ends the session.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { runAdminCommand } from '../../../../server/cli/admin.js';
import type { FakeClock } from '../../../../server/clock.js';
import { loadConfig } from '../../../../server/config.js';
import { openDb, sqliteFileIn } from '../../../../server/db/connect.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf, PASSWORD, signIn } from '../../../support/admin-sign-in.js';

describe('admin sign-in', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());
  const clock = () => t.clock as FakeClock;

  async function passwordStep(email: string, password = PASSWORD, agent = request.agent(t.app)) {
    const page = await agent.get('/admin/login');
    const res = await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), email, password });
    return { agent, res };
  }

  it('enrols TOTP at the first sign-in, seals the secret, and then asks for a code each time', async () => {
    const who = await signIn(t, 'admin', 'first@example.org');
    const row = await t.ctx.db('users').where({ email: 'first@example.org' }).first();
    assert.ok(row.totp_secret_enc.startsWith('v2.'), 'sealed with the app key (the current, versioned format)');
    assert.ok(!row.totp_secret_enc.includes(who.secret!), 'never stored in clear');
    assert.equal((await who.agent.get('/admin/registrations')).status, 200);

    const { agent, res } = await passwordStep('first@example.org');
    assert.equal(res.status, 303);
    assert.match(res.headers.location!, /^\/admin\/totp\?/);
    // half signed in: the admin pages still send to the login
    assert.equal((await agent.get('/admin/registrations')).status, 303);
    const form = await agent.get('/admin/totp');
    const wrong = await agent
      .post('/admin/totp')
      .type('form')
      .send({ _csrf: csrfOf(form.text), code: '000000' });
    assert.equal(wrong.status, 401);
    const code = await t.ctx.admin.totp.codeFor(who.secret!);
    const ok = await agent
      .post('/admin/totp')
      .type('form')
      .send({ _csrf: csrfOf(form.text), code });
    assert.equal(ok.status, 303);
    assert.equal((await agent.get('/admin/registrations')).status, 200);

    // the same code again (same 30 s step) is refused: a code works once
    const again = await passwordStep('first@example.org');
    const form2 = await again.agent.get('/admin/totp');
    assert.equal(
      (
        await again.agent
          .post('/admin/totp')
          .type('form')
          .send({ _csrf: csrfOf(form2.text), code })
      ).status,
      401,
    );
    clock().advance(30_000);
  });

  it('gives a new session id at the password and again at the code; sign-out ends it', async () => {
    await t.ctx.auth.users.create({ email: 'fix@example.org', password: PASSWORD, role: 'support' });
    const agent = request.agent(t.app);
    const planted = await t.ctx.auth.sessions.create((await t.ctx.auth.users.byEmail('fix@example.org'))!.id, false);
    agent.set('Cookie', `rc_session=${planted.token}`);
    const page = await agent.get('/admin/login');
    const res = await agent
      .post('/admin/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), email: 'fix@example.org', password: PASSWORD });
    assert.equal(res.status, 303, res.text);
    const cookie = /rc_session=([^;]+)/.exec(res.headers['set-cookie']![0]!)![1]!;
    assert.notEqual(cookie, planted.token, 'a planted session id is not kept');
    assert.equal(await t.ctx.auth.sessions.find(planted.token), undefined);

    const who = await signIn(t, 'support');
    const home = await who.agent.get('/admin/registrations');
    const out = await who.agent
      .post('/admin/logout')
      .type('form')
      .send({ _csrf: csrfOf(home.text) });
    assert.equal(out.status, 303);
    assert.equal((await who.agent.get('/admin/registrations')).status, 303);
  });

  it('answers a wrong password, an unknown email and a partner user the same way, and locks after 5 failures', async () => {
    const { partner } = await t.ctx.partners.store.create('Org', null);
    await t.ctx.auth.users.create({ email: 'p@example.org', password: PASSWORD, role: 'partner', partnerId: partner.id });
    await t.ctx.auth.users.create({ email: 'lock@example.org', password: PASSWORD, role: 'admin' });
    const bodies = [];
    for (const [email, password] of [
      ['p@example.org', PASSWORD],
      ['nobody@example.org', PASSWORD],
      ['lock@example.org', 'wrong password!!'],
    ] as const) {
      const { res } = await passwordStep(email, password);
      assert.equal(res.status, 401);
      bodies.push(/usa-alert__text">([^<]+)</.exec(res.text)![1]);
    }
    assert.equal(new Set(bodies).size, 1, 'the same message');
    for (let i = 0; i < 3; i++) await passwordStep('lock@example.org', 'wrong password!!');
    const locked = await passwordStep('lock@example.org', 'wrong password!!');
    const lockedRight = await passwordStep('lock@example.org');
    assert.equal(lockedRight.res.status, 401, 'even the right password waits');
    // A locked account answers like an unknown email: the page must not tell which accounts exist.
    for (const r of [locked, lockedRight]) {
      assert.equal(r.res.status, 401);
      assert.equal(/usa-alert__text">([^<]+)</.exec(r.res.text)![1], bodies[0], 'the same message when locked');
    }
    const audit = await t.ctx.db('audit_log').where({ user_email: 'lock@example.org', action: 'login_failed' });
    assert.ok(audit.length >= 5);
    clock().advance(60_000);
  });

  it('rate-limits password attempts per client address: 429 past 10 a minute', async () => {
    clock().advance(60_000);
    let last = 0;
    for (let i = 0; i < 11; i++) last = (await passwordStep('nobody@example.org')).res.status;
    assert.equal(last, 429);
    clock().advance(60_000);
  });

  it('refuses a login form without its CSRF token, and only redirects back into /admin', async () => {
    const res = await request(t.app).post('/admin/login').type('form').send({ email: 'first@example.org', password: PASSWORD });
    assert.equal(res.status, 403);
    const page = await request(t.app).get('/admin/login?next=https://evil.example/');
    assert.match(page.text, /name="next" value="\/admin\/registrations"/);
  });

  it('rollcall admin create: makes an admin or support account from a password on stdin', async () => {
    const config = loadConfig({ DATA_DIR: t.dir, APP_KEY: Buffer.alloc(32, 1).toString('base64'), LOG_LEVEL: 'silent' });
    let out = '';
    const io = (password: string) => ({
      out: { write: (s: string) => (out += s) },
      err: { write: () => true },
      readPassword: async () => password,
      confirm: false,
    });
    assert.equal(await runAdminCommand(config, { email: 'cli@example.org', role: 'support' }, io(PASSWORD)), 0);
    assert.equal(await runAdminCommand(config, { email: 'cli2@example.org' }, io('short')), 1);
    assert.equal(await runAdminCommand(config, { email: 'cli3@example.org', role: 'partner' }, io(PASSWORD)), 1);
    assert.deepEqual(JSON.parse(out), { id: 1, email: 'cli@example.org', role: 'support' });
    const db = openDb({ sqliteFile: sqliteFileIn(t.dir) });
    const row = await db('users').where({ email: 'cli@example.org' }).first();
    await db.destroy();
    assert.match(row.password_hash, /^\$argon2id\$/);
  });
});
