// Security keys on the pages (ASVS 2.3.2), staff and partner side: adding a key on the account
// page (options, then the answer, with the session's CSRF token), the list, rename and remove; then
// signing in with the key on the second-factor page, which finishes the sign-in exactly as a code
// does and counts failures against the same limit. The software authenticator stands for the key.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { ADMIN_LIMITS } from '../../../../server/admin/auth-routes.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf, PASSWORD as STAFF_PASSWORD, signIn as staffSignIn, type Agent } from '../../../support/admin-sign-in.js';
import { PASSWORD as PARTNER_PASSWORD, partnerWithUser, unescapeHtml } from '../../../support/partners.js';
import { SoftAuthenticator } from '../../../support/soft-authenticator.js';

const ORIGIN = 'http://rollcall.test';

/** Adds a key through the account page as the browser script does; the answer to the final post. */
async function addKey(agent: Agent, root: '/admin' | '/partner', key: SoftAuthenticator, name = 'desk key') {
  const page = await agent.get(`${root}/account/security-keys`);
  assert.equal(page.status, 200);
  const _csrf = unescapeHtml(csrfOf(page.text));
  const options = await agent.post(`${root}/account/security-keys/options`).type('form').send({ _csrf });
  assert.equal(options.status, 200, options.text);
  assert.match(options.headers['content-type']!, /application\/json/);
  return agent
    .post(`${root}/account/security-keys`)
    .type('form')
    .send({ _csrf, name, response: JSON.stringify(key.register(options.body as { challenge: string; rp: { id: string } })) });
}

/** Password, then the code page; returns the agent and the code page. */
async function halfSignIn(t: TestApp, root: '/admin' | '/partner', email: string, password: string) {
  const agent = request.agent(t.app);
  const form = await agent.get(`${root}/login`);
  const res = await agent
    .post(`${root}/login`)
    .type('form')
    .send({ _csrf: csrfOf(form.text), email, password, next: '/admin/registrations' });
  assert.equal(res.status, 303);
  const page = await agent.get(res.headers.location!);
  assert.equal(page.status, 200, `${res.headers.location}`);
  return { agent, page };
}

/** "Use a security key" as the script does it: options, then the signed answer. */
async function useKey(agent: Agent, root: '/admin' | '/partner', pageHtml: string, key: SoftAuthenticator, lies = {}) {
  const _csrf = unescapeHtml(csrfOf(pageHtml));
  const options = await agent.post(`${root}/totp/security-key/options`).type('form').send({ _csrf });
  assert.equal(options.status, 200, options.text);
  return agent
    .post(`${root}/totp/security-key`)
    .type('form')
    .send({ _csrf, next: '/admin/registrations', response: JSON.stringify(key.signIn(options.body as { challenge: string }, lies)) });
}

describe('security keys on the staff and partner pages', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  it('staff: adds a key on the account page, signs in with it instead of a code, and the key is logged without personal data', async () => {
    const me = await staffSignIn(t, 'admin');
    const key = new SoftAuthenticator(ORIGIN);
    const added = await addKey(me.agent, '/admin', key, 'Blue key');
    assert.equal(added.status, 303, added.text);
    assert.equal(added.headers.location, '/admin/account/security-keys?done=added');
    const list = await me.agent.get(added.headers.location!);
    assert.match(list.text, /Blue key/);
    assert.match(list.text, /id="security-key-done"/);
    const audit = await t.ctx.db('audit_log').where({ action: 'security_key_add', user_email: me.email });
    assert.equal(audit.length, 1);

    // Sign in again: the code page offers the key; the key alone finishes the sign-in.
    const { agent, page } = await halfSignIn(t, '/admin', me.email, STAFF_PASSWORD);
    assert.match(page.text, /id="security-key-sign-in"/);
    assert.match(page.text, /id="security-key-unavailable"/, 'the no-JavaScript message is in the page');
    assert.match(page.text, /id="code"/, 'the code field stays');
    const signedIn = await useKey(agent, '/admin', page.text, key);
    assert.equal(signedIn.status, 303, signedIn.text);
    assert.equal(signedIn.headers.location, '/admin/registrations');
    assert.equal((await agent.get('/admin/registrations')).status, 200, 'fully signed in');
    assert.equal((await t.ctx.db('audit_log').where({ action: 'login', user_email: me.email })).length, 2, 'logged as a sign-in');
  });

  it('staff: a refused key answer counts against the same limit as codes, and the page says so', async () => {
    const me = await staffSignIn(t, 'admin');
    const key = new SoftAuthenticator(ORIGIN);
    assert.equal((await addKey(me.agent, '/admin', key)).status, 303);
    const { agent, page } = await halfSignIn(t, '/admin', me.email, STAFF_PASSWORD);
    // No key answer at all (no JavaScript, or a garbled post): 400 with the key alert, the code field still there.
    const none = await agent
      .post('/admin/totp/security-key')
      .type('form')
      .send({ _csrf: csrfOf(page.text), response: '{' });
    assert.equal(none.status, 400);
    assert.match(none.text, /id="security-key-error"/);
    assert.match(none.text, /name="code"/);
    // The enrolment code at the first sign-in took one of the attempts in this window; the empty post above took another.
    for (let i = 0; i < ADMIN_LIMITS.totp.max - 2; i++) {
      const bad = await useKey(agent, '/admin', page.text, key, { origin: 'https://evil.example' });
      assert.equal(bad.status, 401);
      assert.match(bad.text, /id="security-key-error"/);
    }
    const limited = await useKey(agent, '/admin', page.text, key);
    assert.equal(limited.status, 429, 'the honest key too, once the attempts are used');
    const code = await agent
      .post('/admin/totp')
      .type('form')
      .send({ _csrf: csrfOf(page.text), code: await t.ctx.admin.totp.codeFor(me.secret!), next: '/admin/registrations' });
    assert.equal(code.status, 429, 'one limit for codes and keys');
    (t.clock as FakeClock).advance(ADMIN_LIMITS.totp.windowMs);
  });

  it('staff: rename and remove; a removed key no longer signs in; only the owner can touch a key', async () => {
    const me = await staffSignIn(t, 'admin');
    const other = await staffSignIn(t, 'support');
    const key = new SoftAuthenticator(ORIGIN);
    assert.equal((await addKey(me.agent, '/admin', key)).status, 303);
    const [row] = await t.ctx.db('webauthn_credentials').where({ user_id: me.userId });
    const otherCsrf = await other.csrf();
    await other.agent.post('/admin/account/security-keys/rename').type('form').send({ _csrf: otherCsrf, key: row.id, name: 'mine now' });
    await other.agent.post('/admin/account/security-keys/remove').type('form').send({ _csrf: otherCsrf, key: row.id });
    assert.equal((await t.ctx.db('webauthn_credentials').where({ id: row.id }).first()).name, 'desk key', "another's key untouched");

    const _csrf = await me.csrf();
    const renamed = await me.agent.post('/admin/account/security-keys/rename').type('form').send({ _csrf, key: row.id, name: 'Green key' });
    assert.equal(renamed.headers.location, '/admin/account/security-keys?done=renamed');
    const empty = await me.agent.post('/admin/account/security-keys/rename').type('form').send({ _csrf, key: row.id, name: ' ' });
    assert.equal(empty.status, 422);
    assert.match(empty.text, /Give the key a name/);
    const removed = await me.agent.post('/admin/account/security-keys/remove').type('form').send({ _csrf, key: row.id });
    assert.equal(removed.headers.location, '/admin/account/security-keys?done=removed');
    assert.equal((await t.ctx.db('audit_log').where({ action: 'security_key_remove', user_email: me.email })).length, 1);

    const { agent, page } = await halfSignIn(t, '/admin', me.email, STAFF_PASSWORD);
    assert.doesNotMatch(page.text, /id="security-key-sign-in"/, 'no key: no key button');
    const options = await agent
      .post('/admin/totp/security-key/options')
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    assert.equal(options.status, 404);
  });

  it('staff: adding without a key answer (no JavaScript) or without a name is a 422 naming the field', async () => {
    const me = await staffSignIn(t, 'admin');
    const _csrf = await me.csrf();
    const noAnswer = await me.agent.post('/admin/account/security-keys').type('form').send({ _csrf, name: 'x' });
    assert.equal(noAnswer.status, 422);
    assert.match(noAnswer.text, /id="key-name-error"/);
    const noName = await me.agent.post('/admin/account/security-keys').type('form').send({ _csrf, response: '{}' });
    assert.equal(noName.status, 422);
    assert.match(noName.text, /Give the key a name/);
  });

  it("partner: adds a key, signs in with it; a staff member's key does not sign the partner user in", async () => {
    const staff = await staffSignIn(t, 'admin');
    const staffKey = new SoftAuthenticator(ORIGIN);
    assert.equal((await addKey(staff.agent, '/admin', staffKey)).status, 303);

    const email = 'keys@club.example';
    const { agent: partnerAgent } = await partnerWithUser(t, 'Key Club', email);
    const key = new SoftAuthenticator(ORIGIN);
    const added = await addKey(partnerAgent, '/partner', key, 'Llave azul');
    assert.equal(added.status, 303, added.text);
    assert.equal(added.headers.location, '/partner/account/security-keys?done=added');

    const first = await halfSignIn(t, '/partner', email, PARTNER_PASSWORD);
    assert.equal((await useKey(first.agent, '/partner', first.page.text, staffKey)).status, 401, "the staff key is not the partner user's");
    const second = await useKey(first.agent, '/partner', first.page.text, key);
    assert.equal(second.status, 303);
    assert.equal(second.headers.location, '/partner');
    assert.equal((await first.agent.get('/partner')).status, 200);

    // And the other way: the partner's key does not finish a staff sign-in.
    const staffHalf = await halfSignIn(t, '/admin', staff.email, STAFF_PASSWORD);
    assert.equal((await useKey(staffHalf.agent, '/admin', staffHalf.page.text, key)).status, 401);
  });
});
