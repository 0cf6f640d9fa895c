// Election offices on the admin side: find one, correct it (audited, in the same transaction),
// the PDFs of registrations submitted afterwards print the correction while a registration
// submitted before still renders the same bytes; support may look but not correct.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FakeClock } from '../../../../server/clock.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf, signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';
import { extractText } from '../../../support/pdf-text.js';
import { registerCaliforniaVoter, VoterSession } from '../../../support/voter-session.js';

const KEY = 'CA:Sacramento County';
const HREF = `/admin/offices/${encodeURIComponent(KEY)}`;
const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

describe('admin election offices', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  before(async () => {
    t = await makeTestApp();
    admin = await signIn(t, 'admin');
  });
  after(() => t.close());

  async function submitted() {
    const voter = new VoterSession(t.app);
    await voter.start();
    await registerCaliforniaVoter(voter); // home ZIP 95814: Sacramento County
    await t.ctx.jobs.runner.drain();
    const { id } = (await t.ctx.db('registrations').where('status', 'pdf_ready').orderBy('id', 'desc').first('id')) as { id: number };
    return (await t.ctx.registrations.service.store.byId(id))!;
  }
  const mailerText = async (row: unknown) => (await extractText(await t.ctx.registrations.pdfs.render(row as never))).pages;

  it('finds offices by state and by county or town name', async () => {
    const res = await admin.agent.get('/admin/offices?state=CA&q=sacra');
    assert.equal(res.status, 200);
    assert.ok(res.text.includes(`href="${HREF}"`));
    assert.match(res.text, /Sacramento County/);
    const wi = await admin.agent.get('/admin/offices?q=city+of+madison');
    assert.match(wi.text, /WI: City of Madison, Dane County/);
    assert.match((await admin.agent.get('/admin/offices?q=nowhere+at+all')).text, /No office matches/);
    const detail = await admin.agent.get(HREF);
    assert.match(detail.text, /Sacramento County<br>Registrar of Voters<br>7000 65TH ST STE A<br>SACRAMENTO, CA 95823<br>/);
    assert.equal((await admin.agent.get('/admin/offices/CA%3ANowhere%20County')).status, 404);
  });

  it('refuses a bad correction naming each field', async () => {
    const page = await admin.agent.get(HREF);
    const res = await admin.agent
      .post(HREF)
      .type('form')
      .send({ _csrf: csrfOf(page.text), addressee: '', street1: '', city: '9', zip: '958', phone: 'call us' });
    assert.equal(res.status, 422);
    for (const field of ['addressee', 'street1', 'city', 'zip', 'phone']) assert.match(res.text, new RegExp(`href="#f-${field}"`));
    assert.equal((await t.ctx.offices.history(KEY)).length, 0);
  });

  it('a correction is audited and printed on the next registration; an earlier one renders the same bytes', async () => {
    const before = await submitted();
    const beforeBytes = await t.ctx.registrations.pdfs.render(before);
    (t.clock as FakeClock).advance(60_000);

    const page = await admin.agent.get(HREF);
    const res = await admin.agent
      .post(HREF)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        addressee: 'Voter Registration and Elections',
        street1: 'PO Box 12345',
        street2: '',
        city: 'Sacramento',
        zip: '95812-2345',
        phone: '(916) 875-6451',
      });
    assert.equal(res.status, 303);
    const saved = await admin.agent.get(res.headers.location!);
    assert.match(saved.text, /Saved\./);
    assert.match(saved.text, /Sacramento County<br>Voter Registration and Elections<br>PO Box 12345<br>Sacramento, CA 95812-2345<br>/);

    const audit = await t.ctx.db('audit_log').where('action', 'office_correct').first();
    assert.equal(audit.target, KEY);
    assert.equal(audit.user_email, admin.email);
    assert.match(audit.detail, /PO Box 12345/);

    (t.clock as FakeClock).advance(60_000);
    const next = await submitted();
    const [, instructions = '', mailer = ''] = await mailerText(next);
    for (const page of [instructions, mailer]) assert.match(page, /PO Box 12345/);
    assert.match(instructions, /\(916\) 875-6451/);
    // Submitted before the correction: the same bytes as before (storage may re-derive a lost copy).
    assert.equal(sha(await t.ctx.registrations.pdfs.render(before)), sha(beforeBytes));

    // The source's address back.
    (t.clock as FakeClock).advance(60_000);
    const again = await admin.agent.get(HREF);
    assert.equal(
      (
        await admin.agent
          .post(HREF)
          .type('form')
          .send({ _csrf: csrfOf(again.text), restore: 'yes' })
      ).status,
      303,
    );
    const office = await t.ctx.offices.office(KEY);
    assert.deepEqual(office?.street, ['7000 65TH ST STE A']);
    assert.equal((await t.ctx.db('audit_log').where('action', 'office_correct')).length, 2);
  });

  it('support sees offices but cannot correct them', async () => {
    const support = await signIn(t, 'support');
    const page = await support.agent.get(HREF);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes('Save the correction'));
    const res = await support.agent
      .post(HREF)
      .type('form')
      .send({ _csrf: csrfOf(page.text), restore: 'yes' });
    assert.equal(res.status, 403);
  });
});
