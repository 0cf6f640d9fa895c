// The API's envelope (api/api-envelope.ts): a body that is not JSON is refused with a 415 that
// says what to send, before the operation runs (a form-encoded or text body used to reach the
// schema as "no fields" and came back as a 422 listing every field as missing, storing nothing but
// telling the client the wrong thing), and every answer, errors too, is marked as a download.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

describe('the API envelope', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  before(async () => {
    t = await makeTestApp();
    const { apiKey } = await t.ctx.partners.store.create('Envelope Club', null);
    auth = { Authorization: `Bearer ${apiKey}` };
  });
  after(() => t.close());

  for (const [type, body] of [
    ['application/x-www-form-urlencoded', 'firstName=Ada'],
    ['text/plain', JSON.stringify(apiBody())],
    ['multipart/form-data; boundary=x', '--x--\r\n'],
  ] as const) {
    it(`refuses a ${type.split(';')[0]} body with 415, storing nothing`, async () => {
      const before = await t.ctx.db('registrations').count({ n: '*' }).first();
      const res = await request(t.app).post('/api/v1/registrations').set(auth).set('Content-Type', type).send(body);
      assert.equal(res.status, 415);
      assert.equal(res.body.error, 'unsupported_media_type');
      assert.match(res.body.message, /application\/json/);
      const after = await t.ctx.db('registrations').count({ n: '*' }).first();
      assert.deepEqual(after, before);
    });
  }

  it('takes a JSON body (charset given or not) and marks every answer as a download', async () => {
    const created = await request(t.app)
      .post('/api/v1/registrations')
      .set(auth)
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify(apiBody()));
    assert.equal(created.status, 201);
    const answers = {
      created,
      own: await request(t.app).get(`/api/v1/registrations/${created.body.id}`).set(auth),
      states: await request(t.app).get('/api/v1/states'),
      unknown: await request(t.app).get('/api/v1/registrations/nope').set(auth),
      noKey: await request(t.app).get('/api/v1/registrations'),
    };
    for (const [name, res] of Object.entries(answers)) {
      assert.equal(res.headers['content-disposition'], 'attachment; filename="api.json"', `${name} (${res.status})`);
      assert.match(res.headers['content-type'] ?? '', /^application\/json/, name);
    }
  });

  it('leaves a body-less POST to the operation, which names the missing fields', async () => {
    const res = await request(t.app).post('/api/v1/registrations').set(auth);
    assert.equal(res.status, 422);
    assert.ok(res.body.fields.length > 0);
  });
});
