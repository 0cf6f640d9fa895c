// NUL characters (fuzz finding: a 500 on PostgreSQL, which stores none in text, and stored as
// typed on SQLite): a form's values lose them, the API refuses them naming the field.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { partnerSession, type SignedInAgent } from '../../../support/admin-sign-in.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';

describe('NUL characters in bodies and queries', () => {
  let t: TestApp;
  let partner: SignedInAgent;
  let apiKey: string;
  before(async () => {
    t = await makeTestApp();
    partner = await partnerSession(t);
    ({ apiKey } = await t.ctx.partners.store.create('Api Org', null));
  });
  after(() => t.close());

  it('are removed from form values before the route sees them', async () => {
    const res = await partner.agent
      .post('/partner/keys')
      .type('form')
      .send(`_csrf=${encodeURIComponent(await partner.csrf())}&name=ke%00y%00`);
    assert.equal(res.status, 201);
    const names = ((await t.ctx.db('api_keys').select('name')) as Array<{ name: string }>).map((r) => r.name);
    assert.ok(names.includes('key'), JSON.stringify(names));
    assert.ok(!names.some((n) => n.includes('\u0000')));

    const home = await request(t.app).get('/');
    const started = await request(t.app)
      .post('/register')
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrfOf(home.text))}&lang=en&source=club%00fair&tracking=%00`);
    assert.equal(started.status, 303);
    const row = await t.ctx.db('registrations').orderBy('id', 'desc').first();
    assert.equal(row.source, 'clubfair');
    assert.equal(row.tracking, null);
  });

  it('are removed from queries', async () => {
    const page = await request(t.app).get('/?source=club%00fair&zip=958%0014');
    assert.equal(page.status, 200);
    assert.match(page.text, /name="source" value="clubfair"/);
    assert.match(page.text, /value="95814"/);
  });

  it('are refused by the API with 422 naming each field, however deep', async () => {
    const post = (body: string) =>
      request(t.app)
        .post('/api/v1/registrations')
        .set({ Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' })
        .send(body);
    const res = await post(
      JSON.stringify(
        apiBody({ source: 'a\u0000b', homeAddress: { street: '1 Main\u0000 St', city: 'Sacramento', state: 'CA', zip: '95814' } }),
      ),
    );
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.fields.map((f: { path: string }) => f.path).sort(), ['homeAddress.street', 'source']);
    assert.equal(await t.ctx.db('registrations').where({ channel: 'api' }).first(), undefined);

    const deep = await post(`${JSON.stringify(apiBody()).slice(0, -1)},"x":${'['.repeat(20_000)}"\\u0000"${']'.repeat(20_000)}}`);
    assert.equal(deep.status, 422);
    const proto = await post(`${JSON.stringify(apiBody()).slice(0, -1)},"__proto__":"\\u0000"}`);
    assert.equal(proto.status, 422);
    assert.equal(Object.getPrototypeOf({}), Object.prototype);

    const list = await request(t.app).get('/api/v1/registrations?cursor=%00').set('Authorization', `Bearer ${apiKey}`);
    assert.equal(list.status, 422);
    assert.equal(list.body.fields[0].path, 'cursor');
  });
});
