// Password reset by email for partner users, against a real SMTP sink: the same answer for any
// address, a single-use expiring link, the new password works, every old session ends; expiry
// (fake clock), reuse, a wrong token, unknown and staff addresses, rate limits, CSRF; and the
// outbox used when SMTP_URL is unset (never the log).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { RESET_TTL_MS } from '../../../../server/auth/password-resets.js';
import type { FakeClock } from '../../../../server/clock.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { partnerWithUser, PASSWORD, signIn, unescapeHtml } from '../../../support/partners.js';
import { startSmtpSink, type SmtpSink } from '../../../support/smtp-sink.js';

const NEW_PASSWORD = 'a brand new passphrase 2026';

/** Asks for a link as client `ip`; returns the response. */
async function ask(t: TestApp, email: string, ip = '203.0.113.1') {
  const form = await request(t.app).get('/partner/password/forgot');
  return request(t.app)
    .post('/partner/password/forgot')
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ _csrf: csrfOf(form.text), email });
}

const linkIn = (text: string): string => {
  const m = /http:\/\/rollcall\.test(\/partner\/password\/reset\?token=[A-Za-z0-9_-]+)/.exec(text);
  assert.ok(m, 'the mail has a reset link');
  return m[1]!;
};

/** Opens the link and sets `password`; returns the final response. */
async function setPassword(t: TestApp, link: string, password = NEW_PASSWORD, confirm = password, ip = '203.0.113.9') {
  // The reset form and the forgot form carry the same pre-sign-in CSRF scope (a dead link has no form).
  const form = await request(t.app).get('/partner/password/forgot');
  const token = new URL(link, 'http://x').searchParams.get('token')!;
  return request(t.app)
    .post('/partner/password/reset')
    .set('X-Forwarded-For', ip)
    .type('form')
    .send({ _csrf: csrfOf(form.text), token, password, confirm });
}

describe('partner password reset by email', () => {
  let sink: SmtpSink;
  let t: TestApp;
  let clock: FakeClock;
  before(async () => {
    sink = await startSmtpSink();
    t = await makeTestApp({ env: { SMTP_URL: sink.url, MAIL_FROM: 'Rollcall <portal@rollcall.test>' } });
    clock = t.clock as FakeClock;
    await partnerWithUser(t, 'Club A', 'a@club.example');
    await t.ctx.auth.users.create({ email: 'staff@rollcall.example', password: PASSWORD, role: 'admin' });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });
  // Each test starts in fresh rate-limit windows (3 links an hour per address).
  beforeEach(() => clock.advance(2 * 60 * 60_000));

  it('mails a working single-use link, sets the password and ends every other session', async () => {
    const elsewhere = await signIn(t, 'a@club.example');
    assert.equal((await elsewhere.get('/partner')).status, 200);
    const res = await ask(t, 'A@Club.example');
    assert.equal(res.status, 200);
    assert.match(res.text, /If an account uses that address/);
    const mail = await sink.waitFor('a@club.example');
    assert.match(mail.raw, /^From: Rollcall <portal@rollcall\.test>/m);
    assert.match(mail.raw, /^Subject: Reset your Rollcall partner portal password/m);
    const link = linkIn(mail.text);
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    assert.ok(Buffer.from(token, 'base64url').length >= 32, 'at least 256 random bits');
    const stored = await t.ctx.db('password_resets').select('token_hash');
    assert.ok(
      stored.every((r: { token_hash: string }) => r.token_hash !== token),
      'only a hash is stored',
    );

    const form = await request(t.app).get(link);
    assert.equal(form.status, 200);
    assert.equal(form.headers['referrer-policy'], 'no-referrer');
    assert.match(form.text, /autocomplete="new-password"/);
    const done = await setPassword(t, link);
    assert.equal(done.status, 303);
    assert.equal(done.headers.location, '/partner/login?reset=done');
    assert.match((await request(t.app).get('/partner/login?reset=done')).text, /Your password is changed/);

    assert.equal((await elsewhere.get('/partner')).status, 303, 'the old session is revoked');
    assert.equal((await t.ctx.db('sessions').count({ n: '*' }))[0]!.n, 0);
    await signIn(t, 'a@club.example', NEW_PASSWORD);
    assert.equal((await t.ctx.auth.users.login('a@club.example', PASSWORD)).ok, false);

    const again = await setPassword(t, link, 'yet another passphrase 99');
    assert.equal(again.status, 400, 'a used link does not work again');
    assert.equal((await request(t.app).get(link)).status, 400);
    await signIn(t, 'a@club.example', NEW_PASSWORD);
  });

  it('answers an unknown or staff address exactly as a known one, and mails nothing', async () => {
    const known = await ask(t, 'a@club.example', '203.0.113.2');
    const unknown = await ask(t, 'nobody@club.example', '203.0.113.3');
    const staff = await ask(t, 'staff@rollcall.example', '203.0.113.4');
    const body = (r: { text: string }) => r.text.replace(/name="_csrf" value="[^"]*"/, '');
    assert.equal(unknown.status, known.status);
    assert.equal(body(unknown), body(known));
    assert.equal(body(staff), body(known));
    await sink.waitFor('a@club.example');
    // Mail is sent in the background; one more known request flushes anything queued before it.
    await ask(t, 'a@club.example', '203.0.113.5');
    await sink.waitFor('a@club.example');
    assert.deepEqual(
      sink.messages.filter((m) => !m.to.includes('a@club.example')),
      [],
    );
  });

  it('a new link replaces the older one', async () => {
    await ask(t, 'a@club.example', '203.0.113.6');
    const first = linkIn((await sink.waitFor('a@club.example')).text);
    await ask(t, 'a@club.example', '203.0.113.7');
    const second = linkIn((await sink.waitFor('a@club.example')).text);
    assert.equal((await request(t.app).get(first)).status, 400);
    assert.equal((await request(t.app).get(second)).status, 200);
  });

  it('refuses an expired link (after 30 minutes) and a wrong token', async () => {
    await ask(t, 'a@club.example', '203.0.113.8');
    const link = linkIn((await sink.waitFor('a@club.example')).text);
    clock.advance(RESET_TTL_MS - 1000);
    assert.equal((await request(t.app).get(link)).status, 200, 'still live just before expiry');
    clock.advance(2000);
    const expired = await request(t.app).get(link);
    assert.equal(expired.status, 400);
    assert.match(expired.text, /This link does not work/);
    assert.equal((await setPassword(t, link, 'an expired attempt 12345')).status, 400);

    await ask(t, 'a@club.example', '203.0.113.10');
    const live = linkIn((await sink.waitFor('a@club.example')).text);
    const token = new URL(live, 'http://x').searchParams.get('token')!;
    const wrong = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    assert.equal((await request(t.app).get(`/partner/password/reset?token=${wrong}`)).status, 400);
    assert.equal((await setPassword(t, `/partner/password/reset?token=${wrong}`, 'a wrong token attempt 1')).status, 400);
    assert.equal((await request(t.app).get('/partner/password/reset')).status, 400);
    assert.equal((await t.ctx.auth.users.login('a@club.example', NEW_PASSWORD)).ok, true, 'the password did not change');
  });

  it('keeps the link usable after a too-short, common or mismatched password', async () => {
    await ask(t, 'a@club.example', '203.0.113.11');
    const link = linkIn((await sink.waitFor('a@club.example')).text);
    const short = await setPassword(t, link, 'short');
    assert.equal(short.status, 422);
    assert.match(short.text, /at least 12 characters/);
    // Breached: on zxcvbn-ts's list of common passwords, in any case (the field says why).
    const common = await setPassword(t, link, 'Qwerty123456');
    assert.equal(common.status, 422);
    assert.match(common.text, /id="password-error"[^>]*>This password is on a list of common passwords/);
    assert.equal((await t.ctx.auth.users.login('a@club.example', 'Qwerty123456')).ok, false, 'not set');
    const mismatch = await setPassword(t, link, 'one long passphrase 1', 'another long passphrase 2');
    assert.equal(mismatch.status, 422);
    assert.match(mismatch.text, /not the same/);
    assert.equal((await request(t.app).get(link)).status, 200);
  });

  it('rate-limits per address (across clients) and per client (across addresses)', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await ask(t, 'target@club.example', `198.51.100.${i + 1}`)).status, 200);
    const perAddress = await ask(t, 'target@club.example', '198.51.100.50');
    assert.equal(perAddress.status, 429);
    assert.ok(Number(perAddress.headers['retry-after']) > 0);
    for (let i = 0; i < 5; i++) assert.equal((await ask(t, `x${i}@club.example`, '198.51.100.99')).status, 200);
    assert.equal((await ask(t, 'x9@club.example', '198.51.100.99')).status, 429);
    assert.equal((await ask(t, 'x9@club.example', '198.51.100.98')).status, 200, 'another client is not limited');
  });

  it('rejects forms without a valid CSRF token', async () => {
    const noCsrf = await request(t.app).post('/partner/password/forgot').type('form').send({ email: 'a@club.example' });
    assert.equal(noCsrf.status, 403);
    await ask(t, 'a@club.example', '203.0.113.12');
    const link = linkIn((await sink.waitFor('a@club.example')).text);
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const forged = await request(t.app)
      .post('/partner/password/reset')
      .type('form')
      .send({ _csrf: 'forged', token, password: NEW_PASSWORD + 'x', confirm: NEW_PASSWORD + 'x' });
    assert.equal(forged.status, 403);
    assert.equal((await request(t.app).get(link)).status, 200, 'the link is not spent by a refused form');
    assert.equal(unescapeHtml((await request(t.app).get(link)).text).includes(token), true);
  });

  it('shows the pages and writes the mail in Spanish when the portal is in Spanish', async () => {
    const form = await request(t.app).get('/partner/password/forgot?lang=es');
    assert.match(form.text, /<html lang="es">/);
    const res = await request(t.app)
      .post('/partner/password/forgot')
      .set('Cookie', 'rc_partner_lang=es')
      .set('X-Forwarded-For', '203.0.113.13')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: 'a@club.example' });
    assert.match(res.text, /le hemos enviado un mensaje/);
    const mail = await sink.waitFor('a@club.example');
    assert.match(mail.text, /Funciona una sola vez/);
  });
});

describe('partner password reset without SMTP_URL', () => {
  it('writes the message to DATA_DIR/outbox (owner-only) and logs neither the link nor the address', async () => {
    const logs = new PassThrough();
    let logged = '';
    logs.on('data', (c: Buffer) => (logged += c.toString()));
    const t = await makeTestApp({ logTo: logs });
    try {
      await partnerWithUser(t, 'Club A', 'a@club.example');
      assert.equal((await ask(t, 'a@club.example')).status, 200);
      const outbox = path.join(t.dir, 'outbox');
      let files: string[] = [];
      for (let i = 0; i < 100 && !files.length; i++) {
        await new Promise((r) => setTimeout(r, 20));
        files = fs.existsSync(outbox) ? fs.readdirSync(outbox) : [];
      }
      assert.equal(files.length, 1);
      const file = path.join(outbox, files[0]!);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      const text = fs.readFileSync(file, 'utf8');
      assert.match(text, /^To: a@club\.example/m);
      const link = linkIn(text.replace(/=\r?\n/g, '').replace(/=3D/g, '='));
      assert.equal((await setPassword(t, link)).status, 303);
      assert.match(logged, /mail written to DATA_DIR\/outbox/);
      assert.doesNotMatch(logged, /a@club\.example|token=/);
    } finally {
      await t.close();
    }
  });
});
