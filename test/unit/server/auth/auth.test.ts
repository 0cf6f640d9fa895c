// The sign-in core shared by the admin and partner sides: argon2 hashes, lock-out, database
// sessions with safe cookies, role guards.
import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import argon2 from 'argon2';
import express from 'express';
import request from 'supertest';
import { loadSession, requireRole, signedIn } from '../../../../server/auth/guard.js';
import { LOCKOUT_MS, MAX_FAILED_LOGINS } from '../../../../server/auth/users.js';
import { PARTNER_IDLE_TTL_MS, STAFF_IDLE_TTL_MS } from '../../../../server/auth/sessions.js';
import { isCommonPassword } from '../../../../server/auth/passwords.js';
import type { FakeClock } from '../../../../server/clock.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';

describe('sign-in core', () => {
  let t: TestApp;
  const password = 'correct horse battery staple';
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());
  const clock = () => t.clock as FakeClock;

  it('stores argon2id hashes, never the password', async () => {
    await t.ctx.auth.users.create({ email: 'Admin@Example.org', password, role: 'admin' });
    const row = await t.ctx.db('users').where({ email: 'admin@example.org' }).first();
    assert.match(row.password_hash, /^\$argon2id\$/);
    assert.ok(!JSON.stringify(row).includes(password));
  });

  it('refuses short passwords and partner users without a partner', async () => {
    await assert.rejects(t.ctx.auth.users.create({ email: 'x@example.org', password: 'short', role: 'admin' }), /at least 12/);
    await assert.rejects(t.ctx.auth.users.create({ email: 'y@example.org', password, role: 'partner' }), /partner/);
  });

  it('takes any printable characters, spaces and emoji included, up to 128 characters, and refuses 129 (ASVS 2.1.2-2.1.4)', async () => {
    const long = 'ünïcode 🗳️ spaces  kept '.repeat(8).slice(0, 128);
    assert.equal(long.length, 128);
    await t.ctx.auth.users.create({ email: 'long@example.org', password: long, role: 'support' });
    assert.equal((await t.ctx.auth.users.login('long@example.org', long)).ok, true);
    assert.equal((await t.ctx.auth.users.login('long@example.org', long.slice(0, 127))).ok, false, 'never truncated');
    await assert.rejects(t.ctx.auth.users.create({ email: 'longer@example.org', password: `${long}x`, role: 'support' }), /at most 128/);
  });

  it('refuses a password on the common (breached) list, in any case, at creation and when set', async () => {
    assert.equal(isCommonPassword('qwerty123456'), true);
    assert.equal(isCommonPassword('QWERTY123456'), true, 'case-insensitively');
    assert.equal(isCommonPassword(password), false);
    await assert.rejects(
      t.ctx.auth.users.create({ email: 'common@example.org', password: '1Q2W3E4R5T6Y', role: 'admin' }),
      /password: .*common \(breached\) passwords/,
    );
    const user = await t.ctx.auth.users.create({ email: 'common@example.org', password, role: 'support' });
    await assert.rejects(t.ctx.auth.users.setPassword(user.id, 'qazwsxedcrfv'), /common \(breached\)/);
    assert.equal((await t.ctx.auth.users.login('common@example.org', password)).ok, true, 'the old password still works');
  });

  it('signs in with the right password only, and locks the account after repeated failures', async () => {
    assert.equal((await t.ctx.auth.users.login('admin@example.org', password)).ok, true);
    assert.deepEqual(await t.ctx.auth.users.login('nobody@example.org', password), { ok: false, reason: 'invalid' });
    for (let i = 1; i < MAX_FAILED_LOGINS; i++)
      assert.deepEqual(await t.ctx.auth.users.login('admin@example.org', 'wrong password!!'), { ok: false, reason: 'invalid' });
    assert.deepEqual(await t.ctx.auth.users.login('admin@example.org', 'wrong password!!'), { ok: false, reason: 'locked' });
    assert.deepEqual(
      await t.ctx.auth.users.login('admin@example.org', password),
      { ok: false, reason: 'locked' },
      'even the right password waits out the lock',
    );
    clock().advance(LOCKOUT_MS + 1);
    assert.equal((await t.ctx.auth.users.login('admin@example.org', password)).ok, true);
  });

  it('counts guesses sent in parallel: 30 at once are judged at most 5 times, and the account locks', async () => {
    const users = t.ctx.auth.users;
    await users.create({ email: 'parallel@example.org', password, role: 'support' });
    // One right guess among 29 wrong ones, all in flight together (argon2 takes tens of
    // milliseconds, so every request reads the account before any has written).
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 29 ? password : `wrong password ${i}!!`));
    const results = await Promise.all(guesses.map((g) => users.login('parallel@example.org', g)));
    const heard = results.filter((r) => !r.ok && r.reason === 'invalid').length;
    assert.ok(heard <= MAX_FAILED_LOGINS - 1, `${heard} wrong guesses were judged 'invalid' (at most ${MAX_FAILED_LOGINS - 1} may be)`);
    const row = await t.ctx.db('users').where({ email: 'parallel@example.org' }).first('failed_logins', 'locked_until');
    assert.equal(Number(row.failed_logins), MAX_FAILED_LOGINS, 'every place taken, none twice');
    assert.ok(Number(row.locked_until) > clock().now(), 'locked');
    assert.deepEqual(await users.login('parallel@example.org', password), { ok: false, reason: 'locked' }, 'the right password waits too');
    clock().advance(LOCKOUT_MS + 1);
    assert.equal((await users.login('parallel@example.org', password)).ok, true, 'open again after the lock-out');
    const reset = await t.ctx.db('users').where({ email: 'parallel@example.org' }).first('failed_logins', 'locked_until');
    assert.deepEqual([Number(reset.failed_logins), reset.locked_until], [0, null]);
  });

  it('runs argon2 once for every refused guess: unknown email, wrong password, locked account', async () => {
    const users = t.ctx.auth.users;
    await users.create({ email: 'timing@example.org', password, role: 'support' });
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await users.login('timing@example.org', 'wrong password!!');
    const verify = mock.method(argon2, 'verify');
    try {
      for (const [email, guess] of [
        ['nobody@example.org', password],
        ['timing@example.org', 'wrong password!!'],
        ['timing@example.org', password],
      ] as const) {
        verify.mock.resetCalls();
        const result = await users.login(email, guess);
        assert.equal(result.ok, false);
        assert.equal(verify.mock.callCount(), 1, `${email}: one argon2 verification, so the time does not tell`);
      }
    } finally {
      verify.mock.restore();
    }
    clock().advance(LOCKOUT_MS + 1);
  });

  it('starts the count again once a lock-out is over: one wrong guess then does not lock again', async () => {
    const users = t.ctx.auth.users;
    await users.create({ email: 'again@example.org', password, role: 'support' });
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await users.login('again@example.org', 'wrong password!!');
    clock().advance(LOCKOUT_MS + 1);
    assert.deepEqual(await users.login('again@example.org', 'wrong password!!'), { ok: false, reason: 'invalid' });
    assert.equal((await users.login('again@example.org', password)).ok, true);
  });

  it('keeps sessions in the database with an HttpOnly, SameSite cookie, and guards roles', async () => {
    const admin = (await t.ctx.auth.users.byEmail('admin@example.org'))!;
    const support = await t.ctx.auth.users.create({ email: 'support@example.org', password, role: 'support' });
    const app = express();
    app.use(loadSession(t.ctx.auth.sessions));
    app.post('/login/:id', async (req, res) => {
      const { token } = await t.ctx.auth.sessions.create(Number(req.params.id), true);
      t.ctx.auth.sessions.setCookie(res, token);
      res.send('ok');
    });
    app.get('/admin-only', requireRole(['admin'], '/login'), (_req, res) => void res.send(signedIn(res)!.user.email));
    app.use(((err, _req, res, _next) => void res.status(err.status ?? 500).send(err.message)) as express.ErrorRequestHandler);

    const login = await request(app).post(`/login/${admin.id}`);
    const cookie = login.headers['set-cookie']![0]!;
    assert.match(cookie, /^rc_session=[A-Za-z0-9_-]{43};/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const token = /rc_session=([^;]+)/.exec(cookie)![1]!;
    assert.equal((await t.ctx.db('sessions').where({ id_hash: token })).length, 0, 'only a hash of the cookie is stored');

    const ok = await request(app).get('/admin-only').set('Cookie', `rc_session=${token}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.text, 'admin@example.org');
    const anonymous = await request(app).get('/admin-only');
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.location, '/login?next=%2Fadmin-only');

    const supportLogin = await request(app).post(`/login/${support.id}`);
    const supportToken = /rc_session=([^;]+)/.exec(supportLogin.headers['set-cookie']![0]!)![1];
    assert.equal((await request(app).get('/admin-only').set('Cookie', `rc_session=${supportToken}`)).status, 403);

    // Idle too long: the session is gone.
    clock().advance(STAFF_IDLE_TTL_MS + 1);
    assert.equal((await request(app).get('/admin-only').set('Cookie', `rc_session=${token}`)).status, 303);
  });

  it('ends a staff session after 30 minutes without a request, a partner session after PARTNER_SESSION_IDLE_MINUTES; activity keeps either alive', async () => {
    const { partner } = await t.ctx.partners.store.create('Idle Org', null);
    const staff = await t.ctx.auth.users.create({ email: 'idle-staff@example.org', password, role: 'admin' });
    const partnerUser = await t.ctx.auth.users.create({
      email: 'idle-partner@example.org',
      password,
      role: 'partner',
      partnerId: partner.id,
    });
    const sessions = t.ctx.auth.sessions;
    const live = async (token: string) => (await sessions.find(token)) !== undefined;
    const staffToken = (await sessions.create(staff.id, true)).token;
    // Activity: a request every 20 minutes keeps a staff session for 2 h.
    for (let i = 0; i < 6; i++) {
      clock().advance(20 * 60_000);
      assert.ok(await live(staffToken), `staff, after ${(i + 1) * 20} minutes of activity`);
    }
    clock().advance(STAFF_IDLE_TTL_MS - 60_000);
    assert.ok(await live(staffToken), 'staff, 29 minutes idle');
    clock().advance(STAFF_IDLE_TTL_MS);
    assert.equal(await live(staffToken), false, 'staff, 30 minutes idle: gone');
    const partnerIdle = (await sessions.create(partnerUser.id, true)).token;
    const staffIdle = (await sessions.create(staff.id, true)).token;
    clock().advance(31 * 60_000);
    assert.equal(await live(staffIdle), false, 'staff, 31 minutes idle');
    assert.ok(await live(partnerIdle), 'partner, 31 minutes idle: still signed in (default 2 h)');
    clock().advance(PARTNER_IDLE_TTL_MS);
    assert.equal(await live(partnerIdle), false, 'partner, 2 h idle');

    // The setting: PARTNER_SESSION_IDLE_MINUTES=15.
    const short = await makeTestApp({ env: { PARTNER_SESSION_IDLE_MINUTES: '15' } });
    try {
      const { partner: p } = await short.ctx.partners.store.create('Short Org', null);
      const u = await short.ctx.auth.users.create({ email: 'short@example.org', password, role: 'partner', partnerId: p.id });
      const token = (await short.ctx.auth.sessions.create(u.id, true)).token;
      (short.clock as FakeClock).advance(14 * 60_000);
      assert.ok(await short.ctx.auth.sessions.find(token));
      (short.clock as FakeClock).advance(15 * 60_000);
      assert.equal(await short.ctx.auth.sessions.find(token), undefined);
    } finally {
      await short.close();
    }
  });
});
