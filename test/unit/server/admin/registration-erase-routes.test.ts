// An admin erases one registration at the voter's request by phone or letter (ASVS 8.3.2): admins
// only (support may view the registration, not erase it), the session's CSRF token, a
// confirmation naming how the voter asked, then the same erase as the voter's own
// (Purger.eraseOne), one audit entry with no personal data. Before: no such route (404).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf, signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';

describe('admin: erase a registration at the voter’s request', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let support: SignedInAgent;
  let uid = '';
  let logs = '';
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk) => (logs += chunk.toString()));
    t = await makeTestApp({ logTo: stream });
    const { apiKey } = await t.ctx.partners.store.create('Erase League', null);
    const res = await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`).send(apiBody());
    assert.equal(res.status, 201);
    uid = res.body.id;
    await t.ctx.jobs.runner.drain();
    admin = await signIn(t, 'admin');
    support = await signIn(t, 'support');
  });
  after(() => t.close());

  const status = async () => (await t.ctx.db('registrations').where({ uid }).first('status')).status as string;

  it('is offered to admins only, and support cannot post it', async () => {
    const detail = await admin.agent.get(`/admin/registrations/${uid}`);
    assert.match(detail.text, new RegExp(`href="/admin/registrations/${uid}/erase" id="erase-registration"`));
    assert.doesNotMatch((await support.agent.get(`/admin/registrations/${uid}`)).text, /id="erase-registration"/);
    assert.equal((await support.agent.get(`/admin/registrations/${uid}/erase`)).status, 403);
    const refused = await support.agent
      .post(`/admin/registrations/${uid}/erase`)
      .type('form')
      .send({ _csrf: await support.csrf(), via: 'phone' });
    assert.equal(refused.status, 403);
    assert.equal(await status(), 'pdf_ready');
  });

  it('asks how the voter asked and refuses a post without the session’s token', async () => {
    const page = await admin.agent.get(`/admin/registrations/${uid}/erase`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Erase this registration at the voter&#39;s request|Erase this registration at the voter's request/);
    assert.match(page.text, /Erase League/, 'the partner holding a copy is named');
    const token = csrfOf(page.text);
    assert.equal((await admin.agent.post(`/admin/registrations/${uid}/erase`).type('form').send({ via: 'phone' })).status, 403);
    assert.equal(
      (
        await admin.agent
          .post(`/admin/registrations/${uid}/erase`)
          .type('form')
          .send({ via: 'phone', _csrf: await support.csrf() })
      ).status,
      403,
      "another session's token",
    );
    const missing = await admin.agent.post(`/admin/registrations/${uid}/erase`).type('form').send({ _csrf: token });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /Choose how the voter asked/);
    assert.match(missing.text, /href="#f-via"/);
    assert.equal(await status(), 'pdf_ready', 'nothing erased yet');
  });

  it('erases with the same code as the voter’s erase and writes one audit entry', async () => {
    const row = (await t.ctx.db('registrations').where({ uid }).first())!;
    const res = await admin.agent
      .post(`/admin/registrations/${uid}/erase`)
      .type('form')
      .send({ _csrf: await admin.csrf(), via: 'letter' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/admin/registrations/${uid}`);
    const after = (await t.ctx.db('registrations').where({ uid }).first())!;
    assert.deepEqual([after.status, after.first_name, after.email, after.answers, after.pdf_key], ['purged', null, null, '{}', null]);
    assert.deepEqual(await t.ctx.storage.list('pdfs/'), [], 'no PDF on any volume');
    assert.deepEqual(await t.ctx.db('download_links').where({ registration_id: row.id }), []);
    const entries = await t.ctx.db('audit_log').where({ action: 'erase_registration' });
    assert.equal(entries.length, 1);
    assert.deepEqual([entries[0].target, entries[0].user_id, entries[0].detail], [uid, admin.userId, "at the voter's request (letter)"]);
    assert.match(logs, /"security":"registration_erased"/);
    for (const value of ['Maria', 'Garcia', 'maria.garcia@example.org', 'D1234567']) assert.ok(!logs.includes(value), `logs hold ${value}`);
    // The page of an erased registration offers no erase; a second post changes nothing.
    assert.doesNotMatch((await admin.agent.get(`/admin/registrations/${uid}`)).text, /id="erase-registration"/);
    const again = await admin.agent
      .post(`/admin/registrations/${uid}/erase`)
      .type('form')
      .send({ _csrf: await admin.csrf(), via: 'letter' });
    assert.equal(again.status, 303);
    assert.equal((await t.ctx.db('audit_log').where({ action: 'erase_registration' })).length, 1);
    assert.equal((await admin.agent.get('/admin/registrations/0123456789abcdef0123456789abcdef/erase')).status, 404);
  });
});
