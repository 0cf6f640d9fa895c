// Every admin route, tried by everyone: a visitor (sent to sign in, or 403 on a POST), a partner
// user (403 everywhere), support (search, view, download; read-only on partners and storage;
// no audit log) and admin (everything). A POST always carries a valid CSRF token for its session,
// so the answer is the role check's, not the token's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { adminServices } from '../../../server/admin/routes.js';
import { apiBody, makeTestApp, type TestApp } from '../server/support/app-fixture.js';
import { partnerSession, signIn, type SignedInAgent } from './support.js';

type Who = 'anonymous' | 'partner' | 'support' | 'admin';

describe('admin permission boundaries', () => {
  let t: TestApp;
  const agents: Partial<Record<Who, SignedInAgent>> = {};
  let uid: string;
  let partnerId: string;

  before(async () => {
    t = await makeTestApp();
    const { partner, apiKey } = await t.ctx.partners.create('Org', null);
    partnerId = partner.id;
    const res = await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`).send(apiBody());
    uid = res.body.id;
    await t.ctx.jobs.drain();
    agents.admin = await signIn(t, 'admin');
    agents.support = await signIn(t, 'support');
    agents.partner = await partnerSession(t);
  });
  after(async () => {
    await adminServices(t.ctx).tasks.current;
    await t.close();
  });

  // [method, path, who may: 'staff' (admin + support) or 'admin', body, success status]
  const routes = (): Array<[string, string, 'staff' | 'admin', Record<string, string>, number]> => [
    ['GET', '/admin', 'staff', {}, 303],
    ['GET', '/admin/registrations', 'staff', {}, 200],
    ['GET', '/admin/registrations?state=CA', 'staff', {}, 200],
    ['GET', `/admin/registrations/${uid}`, 'staff', {}, 200],
    ['GET', `/admin/registrations/${uid}/pdf`, 'staff', {}, 200],
    ['GET', '/admin/registrations/bulk?state=CA', 'staff', {}, 200],
    ['POST', '/admin/registrations/bulk.zip', 'staff', { state: 'CA' }, 200],
    ['GET', '/admin/partners', 'staff', {}, 200],
    ['GET', `/admin/partners/${partnerId}`, 'staff', {}, 200],
    ['POST', '/admin/partners', 'admin', { name: 'New Org', email: 'new@example.org' }, 200],
    ['POST', `/admin/partners/${partnerId}/disable`, 'admin', {}, 303],
    ['POST', `/admin/partners/${partnerId}/approve`, 'admin', {}, 303],
    ['POST', `/admin/partners/${partnerId}/rotate-key`, 'admin', {}, 200],
    ['GET', '/admin/storage', 'staff', {}, 200],
    ['POST', '/admin/storage/verify', 'admin', {}, 303],
    ['GET', '/admin/audit', 'admin', {}, 200],
  ];

  async function attempt(who: Who, method: string, path: string, body: Record<string, string>) {
    const agent = who === 'anonymous' ? request(t.app) : agents[who]!.agent;
    if (method === 'GET') return agent.get(path).buffer(true);
    const csrf = who === 'anonymous' ? 'none' : await agents[who]!.csrf();
    return agent.post(path).type('form').send({ ...body, _csrf: csrf }).buffer(true);
  }

  it('a visitor is sent to sign in (GET) or refused (POST) on every route', async () => {
    for (const [method, path, , body] of routes()) {
      const res = await attempt('anonymous', method, path, body);
      if (method === 'GET') {
        assert.equal(res.status, 303, `${method} ${path}`);
        assert.equal(res.headers.location, `/admin/login?next=${encodeURIComponent(path)}`);
      } else assert.equal(res.status, 403, `${method} ${path}`);
    }
  });

  it('a partner user gets 403 on every route, even with a full session', async () => {
    for (const [method, path, , body] of routes()) assert.equal((await attempt('partner', method, path, body)).status, 403, `${method} ${path}`);
  });

  it('support may search, view and download, but not change partners, start a verify or read the audit log', async () => {
    for (const [method, path, allowed, body, ok] of routes()) {
      const res = await attempt('support', method, path, body);
      assert.equal(res.status, allowed === 'staff' ? ok : 403, `${method} ${path}`);
    }
    const partnerPage = await agents.support!.agent.get(`/admin/partners/${partnerId}`);
    assert.ok(!partnerPage.text.includes('/rotate-key'), 'support sees no buttons it may not use');
  });

  it('admin may do everything', async () => {
    for (const [method, path, , body, ok] of routes()) {
      const res = await attempt('admin', method, path, body);
      assert.equal(res.status, ok, `${method} ${path}: ${res.text?.slice(0, 200)}`);
    }
  });

  it('a session without its second factor is treated as signed out', async () => {
    const user = await t.ctx.users.create({ email: 'half@example.org', password: 'correct horse battery staple', role: 'admin' });
    const { token } = await t.ctx.sessions.create(user.id, false);
    const res = await request(t.app).get('/admin/registrations').set('Cookie', `rc_session=${token}`);
    assert.equal(res.status, 303);
    assert.match(res.headers.location!, /^\/admin\/login/);
  });
});
