import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

describe('partner API v1', () => {
  let t: TestApp;
  let key: string;
  let otherKey: string;
  const auth = () => ({ Authorization: `Bearer ${key}` });

  before(async () => {
    t = await makeTestApp();
    key = (await t.ctx.partners.store.create('League of Voters', null)).apiKey;
    otherKey = (await t.ctx.partners.store.create('Other Org', null)).apiKey;
  });
  after(() => t.close());

  const post = (body: unknown, headers: Record<string, string> = auth()) =>
    request(t.app)
      .post('/api/v1/registrations')
      .set(headers)
      .send(body as object);

  it('accepts a complete registration: 201 with id, status and statusUrl', async () => {
    const res = await post(apiBody());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.match(res.body.id, /^[0-9a-f]{32}$/);
    assert.equal(res.body.status, 'accepted');
    assert.equal(res.body.statusUrl, `http://rollcall.test/api/v1/registrations/${res.body.id}`);
  });

  it('reports pdf_ready with a working PDF link once the render job ran', async () => {
    const { body } = await post(apiBody({ lang: 'es' }));
    const before = await request(t.app).get(`/api/v1/registrations/${body.id}`).set(auth());
    assert.equal(before.body.status, 'accepted');
    assert.equal(before.body.pdfUrl, null);
    await t.ctx.jobs.runner.drain();
    const res = await request(t.app).get(`/api/v1/registrations/${body.id}`).set(auth());
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'pdf_ready');
    assert.match(res.body.createdAt, /^\d{4}-\d{2}-\d{2}T/);
    const pdfPath = new URL(res.body.pdfUrl).pathname;
    assert.match(pdfPath, /^\/pdf\/[A-Za-z0-9_-]{43}$/);
    const pdf = await request(t.app).get(pdfPath).buffer(true);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
  });

  it('answers the same PDF link to every poll while it is valid, writing no row; an expired one is replaced', async () => {
    const { body } = await post(apiBody());
    await t.ctx.jobs.runner.drain();
    const poll = async () => (await request(t.app).get(`/api/v1/registrations/${body.id}`).set(auth()).expect(200)).body.pdfUrl as string;
    const rows = async () => Number((await t.ctx.db('download_links').count({ n: '*' }).first())?.n);
    const first = await poll();
    const written = await rows();
    assert.equal(await poll(), first);
    assert.equal(await rows(), written, 'a second poll writes no second link');
    (t.clock as FakeClock).advance(24 * 60 * 60_000 + 1); // the default PDF_LINK_TTL_MINUTES: a day
    assert.equal((await request(t.app).get(new URL(first).pathname)).status, 410);
    const replaced = await poll();
    assert.notEqual(replaced, first);
    assert.equal(await rows(), written + 1);
    assert.equal((await request(t.app).get(new URL(replaced).pathname)).status, 200);
  });

  it('reads text as the web form does: trimmed and composed (NFC), so " Maria" is Maria', async () => {
    const decomposed = 'Jose\u0301'; // "José" typed with a combining accent
    const res = await post(
      apiBody({
        firstName: ` ${decomposed} `,
        lastName: 'Garcia\t',
        homeAddress: { street: ' 1500 11th Street', city: 'Sacramento ', state: 'CA', zip: ' 95814 ' },
      }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const row = (await t.ctx.registrations.service.store.byUid(res.body.id))!;
    assert.equal(row.first_name, 'José'.normalize('NFC'));
    const answers = JSON.parse(row.answers);
    assert.equal(answers.firstName, 'Jos\u00e9', 'stored composed, without the spaces');
    assert.equal(answers.lastName, 'Garcia');
    assert.deepEqual(
      [answers.homeAddress.street, answers.homeAddress.city, answers.homeAddress.zip],
      ['1500 11th Street', 'Sacramento', '95814'],
    );
  });

  it('refuses a request without a key, or with a wrong or revoked one: 401', async () => {
    assert.equal((await post(apiBody(), {})).status, 401);
    assert.equal((await post(apiBody(), { Authorization: 'Bearer rc_not-a-real-key' })).status, 401);
    assert.equal((await post(apiBody(), { Authorization: `Basic ${key}` })).status, 401);
    await t.ctx
      .db('api_keys')
      .update({ revoked_at: 1 })
      .where({ key_hash: (await import('../../../../server/security/tokens.js')).sha256Hex(otherKey) });
    assert.equal((await post(apiBody(), { Authorization: `Bearer ${otherKey}` })).status, 401);
    await t.ctx.db('api_keys').update({ revoked_at: null });
  });

  it("hides another partner's registration: 404, same as one that does not exist", async () => {
    const { body } = await post(apiBody());
    const other = await request(t.app)
      .get(`/api/v1/registrations/${body.id}`)
      .set({ Authorization: `Bearer ${otherKey}` });
    assert.equal(other.status, 404);
    const missing = await request(t.app)
      .get(`/api/v1/registrations/${'0'.repeat(32)}`)
      .set(auth());
    assert.equal(missing.status, 404);
    assert.deepEqual(Object.keys(other.body).sort(), Object.keys(missing.body).sort());
  });

  it('names each invalid field: 422 with a path and a message', async () => {
    const res = await post(
      apiBody({
        firstName: '<script>',
        dateOfBirth: '2099-01-01',
        homeAddress: { street: '1 Main St', city: 'Sacramento', state: 'CA', zip: '78701' },
      }),
    );
    assert.equal(res.status, 422);
    assert.equal(res.body.error, 'validation');
    const paths = res.body.fields.map((f: { path: string }) => f.path).sort();
    assert.deepEqual(paths, ['dateOfBirth', 'firstName', 'homeAddress.zip']);
    for (const f of res.body.fields) assert.ok(f.message.length > 5);
  });

  it("words a bad date as the API takes it (YYYY-MM-DD), not as the web form's three boxes, whatever the lang", async () => {
    for (const [dateOfBirth, lang] of [
      ['1990-02-30', 'en'],
      ['4 28 1990', 'en'],
      ['28/04/1990', 'es'],
    ] as const) {
      const res = await post(apiBody({ dateOfBirth, lang }));
      assert.equal(res.status, 422, dateOfBirth);
      const field = res.body.fields.find((f: { path: string }) => f.path === 'dateOfBirth');
      assert.equal(field?.message, 'Date of birth must be a real date in the form YYYY-MM-DD, like 1990-04-28', dateOfBirth);
    }
  });

  it('treats an unknown field as an error, not something to ignore', async () => {
    const res = await post(apiBody({ favouriteColour: 'blue' }));
    assert.equal(res.status, 422);
    assert.equal(res.body.fields[0].path, 'favouriteColour');
  });

  it('names each unknown field on its own path, even one with a comma in its name (fuzz finding)', async () => {
    const res = await post(
      apiBody({
        'q,H': 1,
        colour: 'blue',
        homeAddress: { street: '1 Main St', city: 'Sacramento', state: 'CA', zip: '95814', floor: 2, wing: 'B' },
      }),
    );
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.fields.map((f: { path: string }) => f.path).sort(), [
      'colour',
      'homeAddress.floor',
      'homeAddress.wing',
      'q,H',
    ]);
  });

  it('reports missing and mistyped fields by path', async () => {
    const body = apiBody({ usCitizen: 'yes' });
    delete body.email;
    const res = await post(body);
    assert.equal(res.status, 422);
    assert.deepEqual(res.body.fields.map((f: { path: string }) => f.path).sort(), ['email', 'usCitizen']);
  });

  it('names homeAddress.state for a state that refuses the federal form', async () => {
    const res = await post(
      apiBody({ homeAddress: { street: '600 E Boulevard Ave', city: 'Bismarck', state: 'ND', zip: '58505' }, party: undefined }),
    );
    assert.equal(res.status, 422);
    assert.deepEqual(
      res.body.fields.map((f: { path: string }) => f.path),
      ['homeAddress.state'],
    );
  });

  it('refuses a non-citizen or someone who will not be 18', async () => {
    const res = await post(apiBody({ usCitizen: false, eighteenByElectionDay: false }));
    assert.equal(res.status, 422);
    // The voter's date of birth makes them 18 already: that contradiction is named too.
    assert.deepEqual(res.body.fields.map((f: { path: string }) => f.path).sort(), ['dateOfBirth', 'eighteenByElectionDay', 'usCitizen']);
  });

  it('refuses a party the state does not list, and requires one where the state does', async () => {
    const unlisted = await post(apiBody({ party: 'whig' }));
    assert.deepEqual(
      unlisted.body.fields.map((f: { path: string }) => f.path),
      ['party'],
    );
    // Alaska requires a party choice.
    const ak = apiBody({ homeAddress: { street: '1 Main St', city: 'Juneau', state: 'AK', zip: '99801' }, party: undefined });
    const res = await post(ak);
    assert.deepEqual(
      res.body.fields.map((f: { path: string }) => f.path),
      ['party'],
    );
  });

  it('answers malformed JSON and oversized bodies with 4xx, never 500', async () => {
    const bad = await request(t.app).post('/api/v1/registrations').set(auth()).set('Content-Type', 'application/json').send('{"email":');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'invalid_json');
    const huge = await post(apiBody({ firstName: 'x'.repeat(70_000) }));
    assert.equal(huge.status, 413);
  });

  it('serves the state rules without a key, in English and Spanish', async () => {
    const all = await request(t.app).get('/api/v1/states');
    assert.equal(all.status, 200);
    assert.equal(all.body.states.length, 51);
    const tx = await request(t.app).get('/api/v1/states/tx?lang=es');
    assert.equal(tx.body.code, 'TX');
    assert.equal(tx.body.acceptsFederalForm, true);
    assert.ok(tx.body.parties.some((p: { label: string }) => p.label === 'Demócrata'));
    assert.equal(tx.body.onlineRegistrationUrl, null, 'Texas has no online registration');
    assert.equal((await request(t.app).get('/api/v1/states/nd?lang=es')).body.name, 'Dakota del Norte');
    // Box 6: what the state accepts, what "none" means there, where the facts come from.
    assert.deepEqual(tx.body.idNumber.accepts, ['state_id', 'ssn_last4', 'none']);
    assert.match(tx.body.idNumber.noneText, /le asignará un número/);
    const va = (await request(t.app).get('/api/v1/states/VA')).body.idNumber;
    assert.deepEqual(
      [va.accepts, va.none, va.checked, va.minLength, va.maxLength, va.noneAllowed],
      [['ssn_full', 'none'], 'not_stated', '2026-12-05', 4, 11, true],
    );
    assert.match(va.source, /eac\.gov/);
    const nd = await request(t.app).get('/api/v1/states/ND');
    assert.equal(nd.body.acceptsFederalForm, false);
    assert.ok(nd.body.refusalReason.length > 20);
    assert.equal((await request(t.app).get('/api/v1/states/ZZ')).status, 404);
    assert.equal((await request(t.app).get('/api/v1/states/TX?lang=fr')).status, 422);
  });

  it('answers /healthz and /readyz, and /readyz says why when storage is below quorum', async () => {
    assert.equal((await request(t.app).get('/healthz')).status, 200);
    const ready = await request(t.app).get('/readyz');
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    const metrics = await request(t.app).get('/metrics');
    assert.match(metrics.text, /rollcall_storage_path_state/);
  });
});
