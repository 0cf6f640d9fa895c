// Admin permissions beyond the route table. Every admin route tried by every identity (visitor,
// partner users, support, admin) is in test/unit/server/app/authorization.test.ts, driven by the
// table of every route the app answers; here: what support is shown, and half sessions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { signIn } from '../../../support/admin-sign-in.js';

describe('admin permission boundaries', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(async () => {
    await t.ctx.admin.verifyTasks.current;
    await t.close();
  });

  it('support sees no buttons it may not use', async () => {
    const { partner } = await t.ctx.partners.store.create('Org', null);
    const support = await signIn(t, 'support');
    const admin = await signIn(t, 'admin');
    const supportPage = await support.agent.get(`/admin/partners/${partner.id}`);
    assert.equal(supportPage.status, 200);
    assert.ok(!supportPage.text.includes('/rotate-key'), 'support sees no rotate button');
    assert.ok((await admin.agent.get(`/admin/partners/${partner.id}`)).text.includes('/rotate-key'), 'admin does');
  });

  it('a session without its second factor is treated as signed out', async () => {
    const user = await t.ctx.auth.users.create({ email: 'half@example.org', password: 'correct horse battery staple', role: 'admin' });
    const { token } = await t.ctx.auth.sessions.create(user.id, false);
    const res = await request(t.app).get('/admin/registrations').set('Cookie', `rc_session=${token}`);
    assert.equal(res.status, 303);
    assert.match(res.headers.location!, /^\/admin\/login/);
  });
});
