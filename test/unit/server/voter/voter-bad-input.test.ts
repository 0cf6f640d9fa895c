// Every kind of bad input on the web steps gets a 422 naming the field, never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { csrfOf, VoterSession } from '../../../support/voter-session.js';

describe('voter flow: bad input', () => {
  let t: TestApp;
  let s: VoterSession;
  before(async () => {
    t = await makeTestApp();
    s = new VoterSession(t.app);
    await s.start();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
  });
  after(() => t.close());

  const cases: Array<[string, string, Record<string, string>, string]> = [
    ['too-long text', 'name', { firstName: 'A'.repeat(500) }, 'firstName'],
    ['control characters', 'name', { firstName: 'Ana\u0000\u0007' }, 'firstName'],
    ['an impossible date', 'name', { 'dateOfBirth.month': '2', 'dateOfBirth.day': '31', 'dateOfBirth.year': '1990' }, 'dateOfBirth'],
    ['letters in a date', 'name', { 'dateOfBirth.month': 'ab', 'dateOfBirth.day': '1', 'dateOfBirth.year': '1990' }, 'dateOfBirth'],
    ['a future birth date', 'name', { 'dateOfBirth.month': '1', 'dateOfBirth.day': '1', 'dateOfBirth.year': '2090' }, 'dateOfBirth'],
    ['HTML in a name', 'name', { lastName: '<script>alert(1)</script>' }, 'lastName'],
    ['text the PDF font cannot print', 'name', { lastName: '山田' }, 'lastName'],
    ['an unknown title', 'name', { title: 'Emperor' }, 'title'],
  ];

  for (const [label, step, fields, path] of cases) {
    it(`answers ${label} with 422 naming ${path}`, async () => {
      const res = await s.post(step, { ...californiaVoter[step as 'name'], ...fields });
      assert.equal(res.status, 422, res.text.slice(0, 500));
      const id = path === 'dateOfBirth' ? 'dateOfBirth-month' : path;
      assert.match(res.text, new RegExp(`<a href="#${id}">`));
      assert.doesNotMatch(res.text, /<script>alert/, 'input is escaped when shown back');
    });
  }

  it('answers a ZIP of another state and an unlisted party with 422', async () => {
    await s.complete('name', californiaVoter.name, 'addresses');
    const zip = await s.post('addresses', { ...californiaVoter.addresses, 'homeAddress.zip': '78701' });
    assert.equal(zip.status, 422);
    assert.match(zip.text, /ZIP code 78701 is in Texas, not California/);
    await s.complete('addresses', californiaVoter.addresses, 'id');
    await s.complete('id', californiaVoter.id, 'party');
    const party = await s.post('party', { party: 'whig', race: 'hispanic' });
    assert.equal(party.status, 422);
    assert.match(party.text, /<a href="#party">/);
  });

  it('survives duplicated, unknown and oversized fields', async () => {
    const page = await s.get('party');
    const csrf = csrfOf(page.text);
    const dup = await request(t.app)
      .post(`/r/${s.token}/party`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrf)}&party=democratic&party=republican&race=white&nonsense=1`);
    assert.equal(dup.status, 303);
    const huge = await request(t.app)
      .post(`/r/${s.token}/party`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(csrf)}&party=${'x'.repeat(70_000)}`);
    assert.equal(huge.status, 413);
    const unknownStep = await request(t.app).post(`/r/${s.token}/nonsense`).type('form').send({ _csrf: csrf });
    assert.equal(unknownStep.status, 404);
    const badToken = await request(t.app).get('/r/not-a-token/name');
    assert.equal(badToken.status, 404);
  });

  it('answers a review submitted before an earlier step is done with that step and its problems named (fuzz finding)', async () => {
    const early = new VoterSession(t.app);
    await early.start();
    await early.complete('eligibility', californiaVoter.eligibility, 'name');
    // Straight to review (a stale tab): the name step is missing.
    const csrf = csrfOf((await early.get('name')).text);
    const res = await request(t.app).post(`/r/${early.token}/review`).type('form').send({ _csrf: csrf, attest: 'yes' });
    assert.equal(res.status, 422);
    assert.match(res.text, /<a href="#firstName">/);
    assert.match(res.text, /id="firstName"/);
    assert.equal((await t.ctx.registrations.service.findByResumeToken(early.token))!.status, 'in_progress');

    const notCitizen = new VoterSession(t.app);
    await notCitizen.start();
    const stop = await notCitizen.post('eligibility', { ...californiaVoter.eligibility, usCitizen: 'no' });
    assert.equal(stop.headers.location, `/r/${notCitizen.token}/stop`);
    const again = await request(t.app)
      .post(`/r/${notCitizen.token}/review`)
      .type('form')
      .send({ _csrf: csrfOf((await notCitizen.get('eligibility')).text), attest: 'yes' });
    assert.equal(again.status, 303);
    assert.equal(again.headers.location, `/r/${notCitizen.token}/stop`);
  });

  it('keeps a language-switch draft with over-long answers without failing (fuzz finding: a 500 on PostgreSQL)', async () => {
    const draft = new VoterSession(t.app);
    await draft.start();
    const csrf = csrfOf((await draft.get('eligibility')).text);
    const long = `${'a'.repeat(400)}@example.org`;
    const res = await request(t.app)
      .post(`/r/${draft.token}/eligibility`)
      .type('form')
      .send({ _csrf: csrf, ...californiaVoter.eligibility, email: long, _lang: 'es' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.location, `/r/${draft.token}/eligibility?lang=es`);
    const page = await draft.get('eligibility');
    // Kept clipped to the field's maximum (issue 16, Medium 9: drafts are bounded, server/voter/draft.ts).
    assert.match(page.text, new RegExp(`value="${long.slice(0, 254)}"`), 'the draft is kept, clipped to the field');
    const row = (await t.ctx.registrations.service.findByResumeToken(draft.token))!;
    assert.ok(row.email!.length <= 320, 'the searchable copy fits its column');
    const refused = await request(t.app)
      .post(`/r/${draft.token}/eligibility`)
      .type('form')
      .send({ _csrf: csrf, ...californiaVoter.eligibility, email: long });
    assert.equal(refused.status, 422, 'and is still refused when submitted');
  });
});
