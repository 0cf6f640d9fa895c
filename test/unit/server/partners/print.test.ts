// A partner and the printed form: it may turn the offer off for its voters, and, when it prints
// its own voters' forms, its portal shows their requests and batches, and nothing of another
// partner's (Club B tries Club A's batch: 404 on every route, nothing of A's voter in its pages).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { binaryBody as binary, type TestApp } from '../../../support/app-fixture.js';
import { appWithClubsAAndB, completeFromLink, type PartnerUser } from '../../../support/partners.js';
import { csrfOf, type VoterSession } from '../../../support/voter-session.js';

describe('partners and the print queue', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  let voterOfA: VoterSession;

  const csrf = async (p: PartnerUser) => csrfOf((await p.agent.get('/partner/print')).text);
  const settings = async (p: PartnerUser, fields: Record<string, string>) => {
    const res = await p.agent
      .post('/partner/print/settings')
      .type('form')
      .send({ _csrf: await csrf(p), ...fields });
    assert.equal(res.status, 303);
  };
  const ask = async (s: VoterSession) => {
    const page = await request(t.app).get(`/r/${s.token}/printed-form`);
    assert.equal(page.status, 200);
    const res = await request(t.app)
      .post(`/r/${s.token}/printed-form`)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        'mailingAddress.street': '12 Clubhouse Road',
        'mailingAddress.city': 'Sacramento',
        'mailingAddress.state': 'CA',
        'mailingAddress.zip': '95814',
      });
    assert.equal(res.status, 303);
  };

  before(async () => {
    ({ t, a, b } = await appWithClubsAAndB());
    voterOfA = await completeFromLink(t, `partner=${a.partner.id}`);
    await t.ctx.jobs.runner.drain();
  });
  after(() => t.close());

  it("by default offers the printed form and leaves the printing to Rollcall's staff", async () => {
    await ask(voterOfA);
    const row = await t.ctx.db('print_requests').first();
    assert.equal(row.printer_partner_id, null);
    const page = await a.agent.get('/partner/print');
    assert.equal(page.status, 200);
    assert.match(page.text, /id="print-disabled"/);
    assert.match(page.text, /id="f-offer" type="checkbox" name="offer" value="yes" checked/);
  });

  it('takes its waiting requests into its own queue when it prints its own, and only its own', async () => {
    await settings(a, { offer: 'yes', printsOwn: 'yes' });
    await settings(b, { offer: 'yes', printsOwn: 'yes' });
    assert.equal((await t.ctx.db('print_requests').first()).printer_partner_id, a.partner.id);
    assert.match((await a.agent.get('/partner/print')).text, /1 request\(s\) waiting\./);
    const pageOfB = await b.agent.get('/partner/print');
    assert.match(pageOfB.text, /0 request\(s\) waiting\./);
    assert.doesNotMatch(pageOfB.text, /Clubhouse/);
    const audit = await t.ctx.db('audit_log').where({ action: 'print_settings' });
    assert.equal(audit.length, 2);
  });

  it("lets partner A batch, download and mark mailed its voters' forms; partner B gets 404 on all of it", async () => {
    const emptyForB = await b.agent
      .post('/partner/print/batches')
      .type('form')
      .send({ _csrf: await csrf(b), take: 'all' });
    assert.equal(emptyForB.headers.location, '/partner/print?empty=1', "B's batch takes nothing of A's");
    const made = await a.agent
      .post('/partner/print/batches')
      .type('form')
      .send({ _csrf: await csrf(a), take: 'all' });
    assert.equal(made.status, 303);
    const batch = /\/partner\/print\/batches\/(\d+)$/.exec(made.headers.location!)![1]!;
    const page = await a.agent.get(`/partner/print/batches/${batch}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /12 Clubhouse Road/);
    const pdf = await a.agent.get(`/partner/print/batches/${batch}/batch.pdf`).buffer(true).parse(binary);
    assert.equal(pdf.status, 200);
    assert.ok((pdf.body as Buffer).subarray(0, 5).equals(Buffer.from('%PDF-')));

    for (const path of ['', '/batch.pdf', '/batch.zip'])
      assert.equal((await b.agent.get(`/partner/print/batches/${batch}${path}`)).status, 404, path);
    for (const action of ['mailed', 'reprint']) {
      const res = await b.agent
        .post(`/partner/print/batches/${batch}/${action}`)
        .type('form')
        .send({ _csrf: await csrf(b), request: '1' });
      assert.equal(res.status, 404, action);
    }
    assert.equal(
      (
        await t.ctx
          .db('print_batches')
          .where({ id: Number(batch) })
          .first()
      ).mailed_at,
      null,
      "B could not mark A's batch",
    );
    assert.equal((await t.ctx.db('print_batches').count({ n: '*' }))[0]!.n, 1, 'B could not reprint it');

    const mailed = await a.agent
      .post(`/partner/print/batches/${batch}/mailed`)
      .type('form')
      .send({ _csrf: await csrf(a) });
    assert.equal(mailed.status, 303);
    assert.equal((await t.ctx.db('voter_mail').where({ kind: 'print_mailed' })).length, 1);
    const actions = (await t.ctx.db('audit_log').whereLike('action', 'print_batch%').orderBy('id').select('action', 'user_email')).map(
      (r) => `${r.action} ${r.user_email}`,
    );
    assert.deepEqual(actions, [
      'print_batch_create a@club.example',
      'print_batch_view a@club.example',
      'print_batch_pdf a@club.example',
      'print_batch_mailed a@club.example',
    ]);
  });

  it('turns the offer off for its voters: no offer on the end page, no form', async () => {
    await settings(b, { printsOwn: 'yes' });
    const voterOfB = await completeFromLink(t, `partner=${b.partner.id}`);
    await t.ctx.jobs.runner.drain();
    const done = await voterOfB.get('done');
    assert.equal(done.status, 200);
    assert.doesNotMatch(done.text, /printed-form/);
    assert.equal((await request(t.app).get(`/r/${voterOfB.token}/printed-form`)).status, 404);
    // A's voter, who already asked, still sees their request.
    assert.match((await voterOfA.get('done')).text, /Your printed form was mailed to you/);
  });
});
