// Changing one's own password in the partner portal (partners/account-routes.ts): the current
// password, the rules (the breached list too), CSRF; every other session of the user ends; an
// audit row and a security-log line, neither holding a password.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { appWithClubsAAndB, PASSWORD, signIn, type PartnerUser } from '../../../support/partners.js';
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
});
