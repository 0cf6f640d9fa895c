// Changing one's own password in the partner portal (partners/account-routes.ts): the current
// password, the rules (the breached list too), CSRF; every other session of the user ends; an
// audit row and a security-log line, neither holding a password.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { appWithClubsAAndB, PASSWORD, passSecondFactor, signIn, type PartnerUser } from '../../../support/partners.js';
import { csrfOf } from '../../../support/voter-session.js';
import type { TestApp } from '../../../support/app-fixture.js';

const NEW_PASSWORD = 'a fresh passphrase for club a';

describe('a partner user changes their own password', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  let raw = '';
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => (raw += c.toString()));
    ({ t, a, b } = await appWithClubsAAndB({ logTo: stream }));
  });
  after(() => t.close());

  const error = (html: string, field: string) => new RegExp(`id="${field}-error"[^>]*>([^<]+)<`).exec(html)?.[1];

  it('needs the current password, a good new one typed twice, and the CSRF token; then ends every other session', async () => {
    const elsewhere = await signIn(t, 'a@club.example');
    const page = await a.agent.get('/partner/account/password');
    assert.equal(page.status, 200);
    const csrf = csrfOf(page.text);
    const post = (fields: Record<string, string>) => a.agent.post('/partner/account/password').type('form').send(fields);

    const wrong = await post({ _csrf: csrf, current: 'not the password at all', password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    assert.equal(wrong.status, 422);
    assert.match(error(wrong.text, 'current') ?? '', /current password is not right/);
    const common = await post({ _csrf: csrf, current: PASSWORD, password: 'Password1234', confirm: 'Password1234' });
    assert.equal(common.status, 422);
    assert.match(error(common.text, 'password') ?? '', /list of common passwords/);
    const short = await post({ _csrf: csrf, current: PASSWORD, password: 'short', confirm: 'short' });
    assert.match(error(short.text, 'password') ?? '', /at least 12 characters/);
    const mismatch = await post({ _csrf: csrf, current: PASSWORD, password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` });
    assert.match(error(mismatch.text, 'confirm') ?? '', /not the same/);
    assert.equal((await post({ current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status, 403, 'no token');
    assert.equal(
      (await b.agent.post('/partner/account/password').type('form').send({ _csrf: csrf, current: PASSWORD })).status,
      403,
      "A's token",
    );
    assert.equal((await t.ctx.auth.users.login('a@club.example', PASSWORD)).ok, true, 'nothing changed yet');

    const done = await post({ _csrf: csrf, current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    assert.equal(done.status, 200);
    assert.match(done.text, /id="password-changed"/);
    assert.equal((await a.agent.get('/partner')).status, 200, 'this session stays');
    assert.equal((await elsewhere.get('/partner')).status, 303, 'the other session ended');
    assert.equal((await b.agent.get('/partner')).status, 200, "another user's session is untouched");
    assert.equal((await t.ctx.auth.users.login('a@club.example', PASSWORD)).ok, false);
    assert.equal((await t.ctx.auth.users.login('a@club.example', NEW_PASSWORD)).ok, true);

    const audit = await t.ctx.db('audit_log').where({ action: 'password_change', user_email: 'a@club.example' });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].target, a.partner.id);
    assert.equal(audit[0].detail, '1 other session(s) ended');
    const lines = raw.split('\n').filter((l) => l.includes('"component":"security"'));
    assert.equal(lines.filter((l) => l.includes('"security":"password_changed"')).length, 1);
    assert.equal(lines.filter((l) => l.includes('"security":"password_change_refused"')).length, 1, 'the wrong current password');
    for (const secret of [PASSWORD, NEW_PASSWORD, 'a@club.example']) assert.ok(!raw.includes(secret), 'nothing personal logged');
  });

  it('counts a wrong current password as a sign-in guess: the lock-out holds here too', async () => {
    const page = await b.agent.get('/partner/account/password');
    const post = (current: string) =>
      b.agent
        .post('/partner/account/password')
        .type('form')
        .send({ _csrf: csrfOf(page.text), current, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    for (let i = 0; i < 5; i++) assert.equal((await post(`wrong guess number ${i}`)).status, 422);
    const right = await post(PASSWORD);
    assert.equal(right.status, 422, 'the right password waits out the lock-out');
    assert.match(error(right.text, 'current') ?? '', /wait 15 minutes/);
    assert.equal((await t.ctx.auth.users.login('b@club.example', NEW_PASSWORD)).ok, false, 'not changed');
  });

  it('lists the user\'s own sessions (times, network, browser, "this one") and ends any of them, CSRF-checked', async () => {
    const ua = {
      firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
      chrome: 'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
    };
    const phone = await signInWith(ua.chrome, '203.0.113.77');
    const laptop = await signInWith(ua.firefox, '198.51.100.23');
    const list = await laptop.get('/partner/account/sessions');
    assert.equal(list.status, 200);
    const rows = [...list.text.matchAll(/<tr( class="rc-current-session")?>([\s\S]*?)<\/tr>/g)].map((m) => ({
      current: Boolean(m[1]),
      text: m[2]!,
    }));
    assert.ok(rows.length >= 2, 'both sessions listed');
    const mine = rows.filter((r) => r.current);
    assert.equal(mine.length, 1, 'exactly one is "this one"');
    assert.match(mine[0]!.text, /\(this one\)/);
    assert.match(mine[0]!.text, /Firefox/);
    assert.match(list.text, /Chrome/);
    assert.doesNotMatch(list.text, /198\.51\.100\.23|203\.0\.113\.77|Windows NT|rv:128/, 'no whole address or user-agent');
    assert.doesNotMatch(list.text, /b@club\.example/, "nothing of another user's sessions");
    const handleOfChrome = /Chrome<\/td>[\s\S]*?name="session" value="([0-9a-f]{32})"/.exec(list.text)![1]!;
    const csrf = csrfOf(list.text);

    assert.equal(
      (await laptop.post('/partner/account/sessions/end').type('form').send({ session: handleOfChrome })).status,
      403,
      'no token',
    );
    const byB = await b.agent
      .post('/partner/account/sessions/end')
      .type('form')
      .send({ _csrf: await csrfFrom(b.agent), session: handleOfChrome });
    assert.equal(byB.status, 303);
    assert.equal((await phone.get('/partner')).status, 200, "another user cannot end A's session");

    const ended = await laptop.post('/partner/account/sessions/end').type('form').send({ _csrf: csrf, session: handleOfChrome });
    assert.equal(ended.status, 303);
    assert.equal(ended.headers.location, '/partner/account/sessions');
    assert.equal((await phone.get('/partner')).status, 303, 'the phone is signed out');
    assert.equal((await laptop.get('/partner')).status, 200, 'the laptop stays');

    const own = /rc-current-session[\s\S]*?name="session" value="([0-9a-f]{32})"/.exec(
      (await laptop.get('/partner/account/sessions')).text,
    )![1]!;
    const out = await laptop.post('/partner/account/sessions/end').type('form').send({ _csrf: csrf, session: own });
    assert.equal(out.headers.location, '/partner/login', 'ending this one signs out');
    assert.equal((await laptop.get('/partner')).status, 303);
  });

  async function signInWith(userAgent: string, address: string) {
    await t.ctx.db('rate_limits').del();
    const agent = request.agent(t.app);
    agent.set('User-Agent', userAgent);
    agent.set('X-Forwarded-For', address);
    const form = await agent.get('/partner/login');
    const res = await agent
      .post('/partner/login')
      .type('form')
      .send({ _csrf: csrfOf(form.text), email: 'a@club.example', password: NEW_PASSWORD });
    assert.equal(res.status, 303);
    await passSecondFactor(t, agent, res.headers.location!, 'a@club.example');
    return agent;
  }

  async function csrfFrom(agent: ReturnType<typeof request.agent>) {
    return csrfOf((await agent.get('/partner/account/sessions')).text);
  }
});
