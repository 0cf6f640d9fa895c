// The print queue end to end over HTTP: the voter asks (once, reminders cancelled, a bad address
// answered 400 naming the field), staff batch the oldest requests, download the batch as one PDF
// (1 cover + 2 pages per voter, the mailer to the voter's county office) and as a ZIP, mark it
// mailed (print_mailed scheduled once per voter), reprint only when asked by name; every action
// audited; the purge takes the address.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { isSealedValue } from '../../../../server/security/field-cipher.js';
import { getState } from '../../../../server/states/index.js';
import { binaryBody as binary, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';
import { extractText } from '../../../support/pdf-text.js';
import { readStoredZip } from '../../../support/zip-reader.js';
import { csrfOf, registerCaliforniaVoter, VoterSession } from '../../../support/voter-session.js';
import type { FakeClock } from '../../../../server/clock.js';

const address = {
  'mailingAddress.street': '77 Printer Lane',
  'mailingAddress.unit': 'Apt 4',
  'mailingAddress.city': 'Davis',
  'mailingAddress.state': 'CA',
  'mailingAddress.zip': '95616',
};

describe('print queue', () => {
  let t: TestApp;
  let admin: SignedInAgent;
  let support: SignedInAgent;
  const voters: Array<{ s: VoterSession; id: number; uid: string }> = [];
  let firstBatch = 0;

  const ask = async (s: VoterSession, fields: Record<string, string> = address) => {
    const page = await request(t.app).get(`/r/${s.token}/printed-form`);
    assert.equal(page.status, 200, page.text.slice(0, 300));
    return request(t.app)
      .post(`/r/${s.token}/printed-form`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...fields });
  };
  const audits = async (action: string) => (await t.ctx.db('audit_log').where({ action }).select('*')) as Array<Record<string, unknown>>;

  before(async () => {
    t = await makeTestApp();
    for (let i = 0; i < 3; i++) {
      const s = new VoterSession(t.app);
      await s.start();
      await registerCaliforniaVoter(s);
      const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
      voters.push({ s, id: row.id, uid: row.uid });
    }
    await t.ctx.jobs.runner.drain();
    admin = await signIn(t, 'admin');
    support = await signIn(t, 'support');
  });
  after(() => t.close());

  it('offers a printed form on the end page, prefilled with the home address', async () => {
    const done = await voters[0]!.s.get('done');
    assert.equal(done.status, 200);
    assert.match(done.text, new RegExp(`id="printed-form-offer" href="/r/${voters[0]!.s.token}/printed-form"`));
    const page = await request(t.app).get(`/r/${voters[0]!.s.token}/printed-form`);
    assert.match(page.text, /name="mailingAddress.street" type="text" value="1500 11th Street"/);
    assert.match(page.text, /name="mailingAddress.zip" type="text" value="95814"/);
  });

  it('answers a bad address with 400, naming the field, and queues nothing', async () => {
    const res = await ask(voters[0]!.s, { ...address, 'mailingAddress.zip': '9561', 'mailingAddress.city': '' });
    assert.equal(res.status, 400);
    assert.match(res.text, /class="usa-alert usa-alert--error[^"]*rc-error-summary"/);
    assert.match(res.text, /href="#mailingAddress-zip"/);
    assert.match(res.text, /href="#mailingAddress-city"/);
    assert.match(res.text, /id="mailingAddress-zip"[^>]*aria-invalid="true"/);
    assert.equal((await t.ctx.db('print_requests').count({ n: '*' }))[0]!.n, 0);
  });

  it('queues a request once, in one transaction with the cancelling of the reminders', async () => {
    const v = voters[0]!;
    const mailOf = async () =>
      Object.fromEntries(
        (await t.ctx.db('voter_mail').where({ registration_id: v.id }).select('kind', 'status')).map((r) => [r.kind, r.status]),
      );
    // What the pipeline left before the ask: the follow-up cancelled at submit, the confirmation
    // sent by the drain, the three reminders scheduled for later.
    assert.deepEqual(await mailOf(), {
      follow_up: 'cancelled',
      confirmation: 'sent',
      reminder_1: 'scheduled',
      reminder_2: 'scheduled',
      last_reminder: 'scheduled',
    });
    const reminderJobs = async () =>
      (
        await t.ctx
          .db('jobs')
          .whereIn(
            'id',
            t.ctx
              .db('voter_mail')
              .where({ registration_id: v.id })
              .whereIn('kind', ['reminder_1', 'reminder_2', 'last_reminder'])
              .select('job_id'),
          )
          .select('id')
      ).length;
    assert.equal(await reminderJobs(), 3);
    const first = await ask(v.s);
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, `/r/${v.s.token}/printed-form/done`);
    const again = await ask(v.s, { ...address, 'mailingAddress.street': '78 Printer Lane' });
    assert.equal(again.status, 303);
    const rows = await t.ctx.db('print_requests').where({ registration_id: v.id });
    assert.equal(rows.length, 1, 'asking twice queues once');
    assert.equal((await t.ctx.print.requestOf(v.id))!.street, '78 Printer Lane', 'a second ask while waiting corrects the address');
    // Sealed at rest (ASVS 6.1.1): street, unit and city; state and ZIP stay plain (the desk's counts).
    for (const column of ['street', 'unit', 'city']) assert.ok(isSealedValue(rows[0][column]), `${column} is sealed: ${rows[0][column]}`);
    assert.deepEqual([rows[0].state, rows[0].zip], ['CA', '95616']);
    // The ask cancels the reminders (and their jobs) and nothing else.
    assert.deepEqual(await mailOf(), {
      follow_up: 'cancelled',
      confirmation: 'sent',
      reminder_1: 'cancelled',
      reminder_2: 'cancelled',
      last_reminder: 'cancelled',
    });
    assert.equal(await reminderJobs(), 0, "the reminders' jobs are gone");
    const confirmation = await request(t.app).get(`/r/${v.s.token}/printed-form/done`);
    assert.equal(confirmation.status, 200);
    assert.match(confirmation.text, /78 Printer Lane, Apt 4<br>Davis, CA 95616/);
    const done = await v.s.get('done');
    assert.doesNotMatch(done.text, /id="printed-form-offer"/);
    assert.match(done.text, /You asked on October 1, 2026 for a printed form/);
    (t.clock as FakeClock).advance(60_000);
    assert.equal((await ask(voters[1]!.s)).status, 303);
    (t.clock as FakeClock).advance(60_000);
    assert.equal((await ask(voters[2]!.s)).status, 303);
  });

  it('shows the queue to staff: count, oldest, per state', async () => {
    const res = await support.agent.get('/admin/print');
    assert.equal(res.status, 200);
    assert.match(res.text, /3 request\(s\) waiting\./);
    assert.match(res.text, /Oldest since 2026-10-01 15:0\d UTC/);
    assert.match(res.text, /<th scope="row">CA<\/th><td>3<\/td>/);
  });

  it('makes a batch of the N oldest (admin only), refusing a bad size with 400 naming it', async () => {
    const bad = await admin.agent
      .post('/admin/print/batches')
      .type('form')
      .send({ _csrf: await admin.csrf(), take: 'oldest', size: '0' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /href="#f-size"/);
    const refused = await support.agent
      .post('/admin/print/batches')
      .type('form')
      .send({ _csrf: await support.csrf(), take: 'oldest', size: '2' });
    assert.equal(refused.status, 403);
    const res = await admin.agent
      .post('/admin/print/batches')
      .type('form')
      .send({ _csrf: await admin.csrf(), take: 'oldest', size: '2' });
    assert.equal(res.status, 303);
    firstBatch = Number(/\/admin\/print\/batches\/(\d+)$/.exec(res.headers.location!)![1]);
    const batched = await t.ctx.db('print_requests').where({ batch_id: firstBatch }).orderBy('requested_at').select('registration_id');
    assert.deepEqual(
      batched.map((r) => Number(r.registration_id)),
      [voters[0]!.id, voters[1]!.id],
    );
    const created = await audits('print_batch_create');
    assert.equal(created.length, 1);
    assert.equal(created[0]!.target, `batch ${firstBatch}`);
    assert.match(String(created[0]!.client), /\/(24|48)$/, 'the audit keeps a truncated address');
  });

  it('downloads the batch as one PDF: a cover sheet, then application + mailer per voter', async () => {
    const res = await support.agent.get(`/admin/print/batches/${firstBatch}/batch.pdf`).buffer(true).parse(binary);
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const pdf = await extractText(res.body as Buffer);
    assert.equal(pdf.pages.length, 1 + 2 * 2);
    assert.match(pdf.pages[0]!, new RegExp(`Print batch ${firstBatch}`));
    assert.match(pdf.pages[0]!, /Forms: 2/);
    assert.ok(pdf.pages[0]!.indexOf(voters[0]!.uid) < pdf.pages[0]!.indexOf(voters[1]!.uid), 'references in print order');
    assert.match(pdf.pages[1]!, /Voter Registration Application/);
    // The mailer is addressed to the voter's own county office (server/offices), not the state's.
    const stateOffice = getState('CA')!.office.mailingAddress;
    for (const [i, page] of [pdf.pages[2]!, pdf.pages[4]!].entries()) {
      const row = (await t.ctx.registrations.service.store.byId(voters[i]!.id))!;
      const office = (await t.ctx.offices.officeFor(row))!;
      assert.equal(office.level, 'county');
      for (const line of office.lines) assert.ok(page.includes(line), `the mailer is addressed to the county office: ${line}`);
      assert.ok(!page.includes(stateOffice[0]!), 'not to the state office');
    }
    assert.equal((await audits('print_batch_pdf')).length, 1, 'the download is audited');
  });

  it('downloads the batch as a ZIP of per-voter PDFs with the cover and the envelope addresses', async () => {
    const res = await support.agent.get(`/admin/print/batches/${firstBatch}/batch.zip`).buffer(true).parse(binary);
    assert.equal(res.status, 200);
    const files = readStoredZip(res.body as Buffer);
    assert.deepEqual([...files.keys()], ['000_cover.pdf', `001_${voters[0]!.uid}.pdf`, `002_${voters[1]!.uid}.pdf`, 'addresses.csv']);
    assert.equal((await extractText(files.get(`001_${voters[0]!.uid}.pdf`)!)).pages.length, 2);
    assert.equal((await extractText(files.get('000_cover.pdf')!)).pages.length, 1);
    assert.match(
      files.get('addresses.csv')!.toString(),
      new RegExp(`"1","${voters[0]!.uid}","Ana","Núñez","78 Printer Lane","Apt 4","Davis","CA","95616"`),
    );
    assert.equal((await audits('print_batch_zip')).length, 1);
  });

  it('marks a batch mailed once: the time, each voter’s print_mailed message, audited', async () => {
    const mark = async () =>
      admin.agent
        .post(`/admin/print/batches/${firstBatch}/mailed`)
        .type('form')
        .send({ _csrf: await admin.csrf() });
    assert.equal((await mark()).status, 303);
    assert.equal((await mark()).status, 303);
    const batch = await t.ctx.db('print_batches').where({ id: firstBatch }).first();
    assert.equal(Number(batch.mailed_at), t.clock.now());
    const mail = await t.ctx.db('voter_mail').where({ kind: 'print_mailed' }).select('registration_id', 'status', 'job_id');
    assert.deepEqual(mail.map((m) => Number(m.registration_id)).sort(), [voters[0]!.id, voters[1]!.id].sort());
    assert.ok(mail.every((m) => m.status === 'scheduled' && m.job_id !== null));
    assert.equal((await audits('print_batch_mailed')).length, 1, 'marked once, audited once');
    const done = await voters[0]!.s.get('done');
    assert.match(done.text, /Your printed form was mailed to you on October 1, 2026/);
  });

  it('never prints a request twice without an explicit reprint', async () => {
    const all = await admin.agent
      .post('/admin/print/batches')
      .type('form')
      .send({ _csrf: await admin.csrf(), take: 'all' });
    assert.equal(all.status, 303);
    const second = Number(/(\d+)$/.exec(all.headers.location!)![1]);
    const items = await t.ctx.db('print_batch_items as i').join('print_requests as p', 'p.id', 'i.request_id').where('i.batch_id', second);
    assert.deepEqual(
      items.map((r) => Number(r.registration_id)),
      [voters[2]!.id],
    );
    const nothing = await admin.agent
      .post('/admin/print/batches')
      .type('form')
      .send({ _csrf: await admin.csrf(), take: 'all' });
    assert.equal(nothing.headers.location, '/admin/print?empty=1');
    assert.match((await admin.agent.get(nothing.headers.location!)).text, /id="print-empty">Nothing was waiting/);

    const none = await admin.agent
      .post(`/admin/print/batches/${firstBatch}/reprint`)
      .type('form')
      .send({ _csrf: await admin.csrf() });
    assert.equal(none.status, 400);
    assert.match(none.text, /href="#f-request"/);
    const request0 = await t.ctx.db('print_requests').where({ registration_id: voters[0]!.id }).first();
    const reprint = await admin.agent
      .post(`/admin/print/batches/${firstBatch}/reprint`)
      .type('form')
      .send({ _csrf: await admin.csrf(), request: String(request0.id) });
    assert.equal(reprint.status, 303);
    const reprinted = await t.ctx.db('print_batches').orderBy('id', 'desc').first();
    assert.equal(Number(reprinted.reprint_of), firstBatch);
    assert.equal(Number(reprinted.count), 1);
    const audit = await audits('print_reprint');
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.detail, `reprint of batch ${firstBatch}: 1 request(s)`);
  });

  it('the purge deletes the print requests (the address) with the registration', async () => {
    (t.clock as FakeClock).advance((t.ctx.config.retentionDays + 1) * 24 * 60 * 60_000);
    await t.ctx.privacy.purger.run({ dryRun: false });
    assert.equal((await t.ctx.db('print_requests').count({ n: '*' }))[0]!.n, 0);
    assert.equal((await t.ctx.db('print_batch_items').count({ n: '*' }))[0]!.n, 0);
    assert.deepEqual(await t.ctx.print.batchItems(firstBatch), []);
    const row = await t.ctx.db('registrations').where({ id: voters[0]!.id }).first();
    assert.equal(row.status, 'purged');
  });
});

describe('print queue transitions', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  it('two batches made at once never share a request', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await registerCaliforniaVoter(s);
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    // Ten requests (one registration each): copies of the voter's row are enough for the queue.
    const ids = [row.id];
    for (let i = 0; i < 9; i++) {
      const { id: _id, uid: _uid, resume_hash: _hash, ...rest } = row;
      const [inserted] = (await t.ctx
        .db('registrations')
        .insert({ ...rest, uid: `${String(i).padStart(2, '0')}${row.uid.slice(2)}`, resume_hash: null })
        .returning('id')) as Array<{ id: number } | number>;
      ids.push(typeof inserted === 'number' ? inserted : Number(inserted!.id));
    }
    for (const id of ids)
      await t.ctx.print.request({ id, partner_id: null }, { street: '1 Main St', city: 'Davis', state: 'CA', zip: '95616' });
    const [one, two] = await Promise.all([t.ctx.print.createBatch(null, 1, 6), t.ctx.print.createBatch(null, 1, 6)]);
    assert.ok(one && two);
    const items = await t.ctx.db('print_batch_items').select('request_id');
    const requestIds = items.map((i) => Number(i.request_id));
    assert.equal(requestIds.length, 10, 'every request in one batch');
    assert.equal(new Set(requestIds).size, 10, 'no request in two batches');
    assert.deepEqual([one.count, two.count].sort(), [4, 6]);
    assert.equal(await t.ctx.print.createBatch(null, 1, null), null, 'nothing left to batch');
  });
});
