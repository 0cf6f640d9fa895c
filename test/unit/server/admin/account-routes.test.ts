// Changing one's own password on the admin side (admin/account-routes.ts): the same rules as the
// portal's (partners/account-routes.test.ts has the full set); every other session ends, audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { csrfOf, PASSWORD, signIn } from '../../../support/admin-sign-in.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';

describe('a staff member changes their own password', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  it('needs the current password and a password not on the common list; other sessions end; audited', async () => {
    const me = await signIn(t, 'support');
    const other = await t.ctx.auth.sessions.create(me.userId, true);
    const page = await me.agent.get('/admin/account/password');
    assert.equal(page.status, 200);
    const post = (fields: Record<string, string>) =>
      me.agent
        .post('/admin/account/password')
        .type('form')
        .send({ _csrf: csrfOf(page.text), ...fields });
    const wrong = await post({ current: 'not the password at all', password: 'staff passphrase two', confirm: 'staff passphrase two' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /id="current-error"[^>]*>The current password is not right/);
    const common = await post({ current: PASSWORD, password: '1QAZ2WSX3EDC', confirm: '1QAZ2WSX3EDC' });
    assert.equal(common.status, 422);
    assert.match(common.text, /id="password-error"[^>]*>This password is on a list of common passwords/);
    const done = await post({ current: PASSWORD, password: 'staff passphrase two', confirm: 'staff passphrase two' });
    assert.equal(done.status, 200);
    assert.equal(await t.ctx.auth.sessions.find(other.token), undefined, 'the other session ended');
    assert.equal((await me.agent.get('/admin/registrations')).status, 200, 'this one stays');
    assert.equal((await t.ctx.auth.users.login(me.email, 'staff passphrase two')).ok, true);
    assert.equal((await t.ctx.db('audit_log').where({ action: 'password_change', user_email: me.email })).length, 1);
  });

  it("lists the staff member's sessions and ends another one", async () => {
    const me = await signIn(t, 'admin');
    const other = await t.ctx.auth.sessions.create(me.userId, true, { client: '192.0.2.0/24', agent: 'Safari' });
    const list = await me.agent.get('/admin/account/sessions');
    assert.equal(list.status, 200);
    assert.match(list.text, /192\.0\.2\.0\/24/);
    assert.match(list.text, /\(this one\)/);
    const handle = /Safari<\/td>[\s\S]*?name="session" value="([0-9a-f]{32})"/.exec(list.text)![1]!;
    const res = await me.agent
      .post('/admin/account/sessions/end')
      .type('form')
      .send({ _csrf: csrfOf(list.text), session: handle });
    assert.equal(res.status, 303);
    assert.equal(await t.ctx.auth.sessions.find(other.token), undefined);
    assert.equal((await me.agent.get('/admin/registrations')).status, 200);
  });
});
