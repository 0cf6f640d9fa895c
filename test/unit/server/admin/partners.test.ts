// Partners on the admin side: create (the key shown once works on the API), search, disable
// (its keys stop working), approve, rotate the key (the old one stops, the new one works), and
// each partner's numbers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf, signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';

describe('admin partners', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let id: string;
  let key: string;
  before(async () => {
    t = await makeTestApp();
    admin = await signIn(t, 'admin');
  });
  after(() => t.close());
  const api = (k: string, body = apiBody()) => request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${k}`).send(body);

  it('creates a partner and shows its API key once', async () => {
    const list = await admin.agent.get('/admin/partners');
    const bad = await admin.agent
      .post('/admin/partners')
      .type('form')
      .send({ _csrf: csrfOf(list.text), name: '', email: 'nope' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /href="#f-name"/);
    const res = await admin.agent
      .post('/admin/partners')
      .type('form')
      .send({ _csrf: csrfOf(list.text), name: 'League of Example Voters', email: 'ops@example.org' });
    assert.equal(res.status, 200);
    key = /id="new-api-key" class="rc-admin-break">(rc_[A-Za-z0-9_-]+)</.exec(res.text)![1]!;
    id = /Partner id<\/dt><dd><code>([0-9a-f]{32})</.exec(res.text)![1]!;
    assert.equal((await api(key)).status, 201);
    const again = await admin.agent.get(`/admin/partners/${id}`);
    assert.ok(!again.text.includes(key), 'never shown again');
  });

  it('searches partners by name and status', async () => {
    await t.ctx.partners.store.create('Other Org', null);
    const res = await admin.agent.get('/admin/partners?q=league');
    assert.match(res.text, /League of Example Voters/);
    assert.ok(!res.text.includes('Other Org'));
    await t.ctx.partners.store.create('100% Turnout', null);
    await t.ctx.partners.store.create('1000 Voices', null);
    const literal = await admin.agent.get('/admin/partners?q=100%25');
    assert.match(literal.text, /100% Turnout/);
    assert.ok(!literal.text.includes('1000 Voices'), '% is matched literally');
    const none = await admin.agent.get('/admin/partners?status=disabled');
    assert.match(none.text, /0 partner\(s\)/);
  });

  it('disables (keys stop working) and approves again', async () => {
    const page = await admin.agent.get(`/admin/partners/${id}`);
    assert.equal(
      (
        await admin.agent
          .post(`/admin/partners/${id}/disable`)
          .type('form')
          .send({ _csrf: csrfOf(page.text) })
      ).status,
      303,
    );
    assert.match((await admin.agent.get(`/admin/partners/${id}`)).text, /id="partner-status">disabled</);
    assert.equal((await api(key)).status, 401);
    assert.equal(
      (
        await admin.agent
          .post(`/admin/partners/${id}/approve`)
          .type('form')
          .send({ _csrf: csrfOf(page.text) })
      ).status,
      303,
    );
    assert.equal((await api(key)).status, 201);
  });

  it('rotates the key: the old one stops, the new one works', async () => {
    const page = await admin.agent.get(`/admin/partners/${id}`);
    const res = await admin.agent
      .post(`/admin/partners/${id}/rotate-key`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    const fresh = /id="new-api-key" class="rc-admin-break">(rc_[A-Za-z0-9_-]+)</.exec(res.text)![1]!;
    assert.notEqual(fresh, key);
    assert.equal((await api(key)).status, 401);
    assert.equal(
      (
        await api(
          fresh,
          apiBody({ homeAddress: { street: '1 Main St', city: 'Austin', state: 'TX', zip: '78701' }, idNumber: 'TX12345678' }),
        )
      ).status,
      201,
    );
  });

  it("shows the partner's numbers: started, completed, by state", async () => {
    await t.ctx.db('registrations').insert({
      uid: 'e'.repeat(32),
      partner_id: id,
      channel: 'web',
      lang: 'en',
      status: 'in_progress',
      step: 'name',
      state_code: 'CA',
      answers: '{}',
      created_at: 1,
      updated_at: 1,
    });
    const res = await admin.agent.get(`/admin/partners/${id}`);
    assert.match(res.text, /4 started, 3 completed\./);
    assert.match(res.text, /<th scope="row">CA<\/th><td>3<\/td><td>2<\/td>/);
    assert.match(res.text, /<th scope="row">TX<\/th><td>1<\/td><td>1<\/td>/);
  });
});
