// ASVS 8.3.2: a voter erases their registration on demand, from the end page their resume link
// opens, after giving the date of birth (the end page's proof, with the same counter). The erase is
// the retention purge's code for one registration: every table, the PDF on every volume; the link
// then says the registration was deleted (410), and the partner's export and API hold nothing of
// the voter. Before: only the purge after RETENTION_DAYS removed it (no route: 404).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { PDF_AGAIN_LIMIT } from '../../../../server/voter/pdf-again.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import type { TestApp } from '../../../support/app-fixture.js';
import { parseCsv } from '../../../support/partner-questions.js';
import { appWithClubsAAndB, completeFromLink, type PartnerUser } from '../../../support/partners.js';
import { csrfOf } from '../../../support/voter-session.js';

const dob = {
  'dateOfBirth.month': californiaVoter.name['dateOfBirth.month'],
  'dateOfBirth.day': californiaVoter.name['dateOfBirth.day'],
  'dateOfBirth.year': californiaVoter.name['dateOfBirth.year'],
};

/** Every table that may hold something of one registration, and how it names it. */
const PER_REGISTRATION = ['download_links', 'registration_survey', 'print_requests', 'voter_mail', 'voter_mail_links', 'idempotency_keys'];

describe('a voter erases their registration', () => {
  let t: TestApp;
  let a: PartnerUser;
  let logs = '';
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk) => (logs += chunk.toString()));
    ({ t, a } = await appWithClubsAAndB({ logTo: stream }));
  });
  after(() => t.close());

  it('links to the erase page from the end page, which says what goes and what does not', async () => {
    const s = await completeFromLink(t, `partner=${a.partner.id}`);
    const done = await s.get('done');
    assert.equal(done.status, 200);
    assert.match(done.text, new RegExp(`href="/r/${s.token}/erase" id="erase-link">Delete my registration from Rollcall<`));
    const page = await s.get('erase');
    assert.equal(page.status, 200);
    assert.match(page.headers['cache-control'] ?? '', /no-store/);
    assert.match(page.text, /<h1>Delete my registration from Rollcall<\/h1>/);
    assert.match(page.text, /Your form \(the PDF\) on our servers/);
    assert.match(page.text, /The emails and reminders we would still send you/);
    // The partner is named: its copy is its own.
    assert.match(page.text, new RegExp(`What ${a.partner.name} already received about your registration`));
    assert.match(page.text, /your election office \(/);
    assert.match(page.text, /name="dateOfBirth.month"/);
    const es = await s.get('erase', '?lang=es');
    assert.match(es.text, /Borrar mi inscripción de Rollcall/);
  });

  it('refuses a wrong date of birth, counting guesses with the end page’s', async () => {
    const s = await completeFromLink(t, `partner=${a.partner.id}`);
    await t.ctx.jobs.runner.drain();
    // Past the end page's first hour: it asks for the date of birth too.
    (t.clock as FakeClock).advance(61 * 60_000);
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    const token = csrfOf((await s.get('erase')).text);
    const post = (fields: Record<string, string>, csrf = token) =>
      request(t.app)
        .post(`/r/${s.token}/erase`)
        .type('form')
        .send({ ...fields, _csrf: csrf });
    const wrong = await post({ ...dob, 'dateOfBirth.year': '1991' });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /Date of birth: this is not the date of birth on your form/);
    assert.match(wrong.text, /href="#dateOfBirth-month"/);
    // Without a token, with a step's token or the PDF form's: refused, nothing erased.
    assert.equal((await post(dob, '')).status, 403);
    assert.equal((await post(dob, t.ctx.http.csrf.issue(row.uid))).status, 403);
    assert.equal((await post(dob, t.ctx.http.csrf.issue(`pdf-again:${row.uid}`))).status, 403);
    // The PDF form's guesses and these share PDF_AGAIN_LIMIT: 1 here, 3 there, 1 here, then refused even when right.
    const later = await s.get('done');
    const again = /id="pdf-again"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(later.text)?.[1];
    assert.ok(again, 'the end page has the date-of-birth form past the hour');
    for (let i = 0; i < 3; i++)
      assert.equal(
        (
          await request(t.app)
            .post(`/r/${s.token}/pdf-again`)
            .type('form')
            .send({ ...dob, 'dateOfBirth.day': '1', _csrf: again })
        ).status,
        422,
      );
    assert.equal((await post({ ...dob, 'dateOfBirth.day': '2' })).status, 422);
    assert.equal(PDF_AGAIN_LIMIT.max, 5);
    const limited = await post(dob);
    assert.equal(limited.status, 429);
    assert.match(limited.text, /Too many tries/);
    const kept = t.ctx.registrations.service.store.open(await t.ctx.db('registrations').where({ id: row.id }).first())!;
    assert.equal(kept.status, 'pdf_ready', 'nothing erased');
    assert.equal(kept.first_name, 'Ana');
    (t.clock as FakeClock).advance(PDF_AGAIN_LIMIT.windowMs);
    assert.equal((await post(dob)).status, 200, 'after the window the right date erases');
  });

  it('erases every row and every PDF copy; the link then says deleted; the partner lists nothing of the voter', async () => {
    const s = await completeFromLink(t, `partner=${a.partner.id}`);
    await t.ctx.jobs.runner.drain();
    const row = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    assert.equal(row.status, 'pdf_ready');
    await t.ctx.registrations.links.mint(row.id);
    assert.equal((await t.ctx.storage.list('pdfs/')).includes(row.pdf_key!), true);
    const csvBefore = parseCsv((await a.agent.get('/partner/export.csv?from=2026-10-01&to=2026-10-10')).text).find(
      (r) => r.registration_id === row.uid,
    );
    assert.equal(csvBefore?.email, 'ana@example.org', 'listed with its answers before');

    const res = await request(t.app)
      .post(`/r/${s.token}/erase`)
      .type('form')
      .send({ ...dob, _csrf: csrfOf((await s.get('erase')).text) });
    assert.equal(res.status, 200);
    assert.match(res.text, /Your registration was deleted/);

    const after = t.ctx.registrations.service.store.open(await t.ctx.db('registrations').where({ id: row.id }).first())!;
    assert.equal(after.status, 'purged');
    assert.equal(after.answers, '{}');
    for (const column of ['email', 'first_name', 'last_name', 'zip', 'id_number_enc', 'pdf_key', 'pdf_sha256', 'tracking', 'utm'])
      assert.equal(after[column], null, column);
    for (const table of PER_REGISTRATION)
      assert.deepEqual(await t.ctx.db(table).where({ registration_id: row.id }), [], `${table} still holds the registration`);
    assert.equal((await t.ctx.storage.list('pdfs/')).includes(row.pdf_key!), false, 'no PDF on any volume');
    // What stays: the anonymous count.
    assert.deepEqual([after.partner_id, after.state_code, after.created_at], [row.partner_id, 'CA', row.created_at]);

    for (const path of ['', '/done', '/erase', '/name', '/printed-form']) {
      const gone = await request(t.app).get(`/r/${s.token}${path}`);
      assert.equal(gone.status, 410, path);
      assert.match(gone.text, /This registration was deleted/);
    }
    const again = await request(t.app).post(`/r/${s.token}/erase`).type('form').send(dob);
    assert.equal(again.status, 410, 'a second erase is not a 500');

    const csv = await a.agent.get('/partner/export.csv?from=2026-10-01&to=2026-10-10');
    // As after the retention purge: the row stays for the partner's count, with nothing personal in it.
    const listed = parseCsv(csv.text).find((r) => r.registration_id === row.uid)!;
    assert.equal(listed.status, 'purged');
    for (const column of ['first_name', 'last_name', 'email', 'phone', 'zip', 'city', 'party', 'tracking'])
      assert.equal(listed[column], '', `the export still holds the voter's ${column}`);
    const auth = { Authorization: `Bearer ${a.apiKey}` };
    const list = await request(t.app).get('/api/v1/registrations').set(auth);
    assert.equal(
      (list.body.data as Array<{ id: string }>).some((r) => r.id === row.uid),
      false,
    );
    assert.equal((await request(t.app).get(`/api/v1/registrations/${row.uid}`).set(auth)).status, 404);

    // One security-log line, with no personal data.
    assert.match(logs, /"security":"registration_erased"/);
    for (const value of ['Núñez', 'ana@example.org', 'D1234567', '1990', s.token])
      assert.ok(!logs.includes(value), `logs contain ${value}`);
  });
});
