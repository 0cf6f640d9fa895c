// The API follows the partner's mail settings: the email address is optional only where the
// partner made it so, and `send_voter_email` in a request overrides the partner's "Rollcall emails
// your voters" for that registration (registrations.voter_mail_enabled).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

describe('partner API: mail options', () => {
  let t: TestApp;
  let mailOn: string; // a partner with the defaults: email required, mail on
  let mailOff: string; // a partner with its own mail programme, email optional
  before(async () => {
    t = await makeTestApp();
    mailOn = (await t.ctx.partners.store.create('Default Org', null)).apiKey;
    const off = await t.ctx.partners.store.create('Own Mail Org', null);
    await t.ctx.partners.store.setVoterMailSettings(off.partner.id, { emailOptional: true, voterMail: false });
    mailOff = off.apiKey;
  });
  after(() => t.close());

  const post = (key: string, body: Record<string, unknown>) =>
    request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${key}`).send(body);
  const mailEnabled = async (id: string) => {
    const row = await t.ctx.registrations.service.store.byUid(id);
    return Boolean(row?.voter_mail_enabled);
  };

  it("sets voter_mail_enabled from the partner's default when the request does not say", async () => {
    const on = await post(mailOn, apiBody());
    assert.equal(on.status, 201, JSON.stringify(on.body));
    assert.equal(await mailEnabled(on.body.id), true);
    const off = await post(mailOff, apiBody());
    assert.equal(off.status, 201, JSON.stringify(off.body));
    assert.equal(await mailEnabled(off.body.id), false);
  });

  it('lets the request override the partner default, either way', async () => {
    const quiet = await post(mailOn, apiBody({ send_voter_email: false }));
    assert.equal(quiet.status, 201, JSON.stringify(quiet.body));
    assert.equal(await mailEnabled(quiet.body.id), false);
    const loud = await post(mailOff, apiBody({ send_voter_email: true }));
    assert.equal(loud.status, 201, JSON.stringify(loud.body));
    assert.equal(await mailEnabled(loud.body.id), true);
  });

  it('refuses a send_voter_email that is not a boolean, naming it', async () => {
    const res = await post(mailOn, apiBody({ send_voter_email: 'no' }));
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.body.fields.map((f: { path: string }) => f.path),
      ['send_voter_email'],
    );
  });

  it('accepts no email only for the partner that made it optional; a bad one is refused by both', async () => {
    const body = apiBody();
    delete body.email;
    const optional = await post(mailOff, body);
    assert.equal(optional.status, 201, JSON.stringify(optional.body));
    assert.equal((await t.ctx.registrations.service.store.byUid(optional.body.id))?.email, null);
    const required = await post(mailOn, body);
    assert.equal(required.status, 422);
    assert.deepEqual(
      required.body.fields.map((f: { path: string }) => f.path),
      ['email'],
    );
    for (const key of [mailOn, mailOff]) {
      const bad = await post(key, apiBody({ email: 'nobody-at-example' }));
      assert.equal(bad.status, 422);
      assert.deepEqual(
        bad.body.fields.map((f: { path: string }) => f.path),
        ['email'],
      );
      assert.match(bad.body.fields[0].message, /right format/);
    }
  });

  it('documents send_voter_email and the optional email in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/v1/openapi.json')).body;
    const schema = doc.components.schemas.RegistrationRequest;
    assert.equal(schema.properties.send_voter_email.type, 'boolean');
    assert.match(schema.properties.send_voter_email.description, /partner setting/);
    assert.ok(!schema.required.includes('send_voter_email'));
    assert.ok(!schema.required.includes('email'), 'email may be optional (partner setting)');
    assert.match(schema.properties.email.description, /optional/);
  });
});
