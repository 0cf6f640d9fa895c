// Voters' personal data sealed at rest (ASVS 6.1.1), proven on the raw bytes: a registration made
// through the real app (a partner's survey answered, a printed form asked for) leaves no trace of
// its print address, survey answer or SMS number in the SQLite file, its write-ahead log or any file
// on the volumes, and the stored PDFs are sealed blobs (no `%PDF-`, no name). Everything that reads
// them still works: the voter's and the admin's downloads, a print batch's files, the partner's
// CSV, and a PDF whose every copy is lost re-derived to the same checksum.
// (The registrations table itself, names and answers, is sealed on another branch: its values
// are not asserted here.)
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { PartnerQuestions, emptySettings } from '../../../../server/partners/questions.js';
import { binaryBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { signIn, type SignedInAgent } from '../../../support/admin-sign-in.js';
import { parseCsv, voterAtParty } from '../../../support/partner-questions.js';
import { partnerWithUser, type PartnerUser } from '../../../support/partners.js';
import { extractText } from '../../../support/pdf-text.js';
import { csrfOf, type VoterSession } from '../../../support/voter-session.js';
import { readStoredZip } from '../../../support/zip-reader.js';
import { californiaVoter } from '../../../../support/web-voter.js';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** What this voter typed that this branch seals: none may be readable in any file at rest. */
const TRACES = {
  printStreet: '4471 Quillfeather Sealing Way',
  printUnit: 'Suite Zeta-9',
  printCity: 'Marbleshire Vale',
  surveyAnswer: 'Xylophonic watershed cleanup',
  phone: '(202) 555-0187',
};
const NAME = { firstName: 'Ottoline', lastName: 'Quarrelbane' };

/** Every file under a directory, recursively. */
function walk(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    : [];
}
const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

describe('personal data sealed at rest: the raw files', { skip: onPostgres ? 'the database files are PostgreSQL’s' : false }, () => {
  let t: TestApp;
  let club: PartnerUser;
  let admin: SignedInAgent;
  let voter: VoterSession;
  let uid: string;
  const volumeFiles = () => t.ctx.config.storageVolumes.flatMap((v) => v.paths.flatMap(walk));
  const pdfFiles = () => volumeFiles().filter((f) => f.endsWith('.pdf'));
  const dbFiles = () => ['rollcall.sqlite', 'rollcall.sqlite-wal'].map((f) => path.join(t.dir, f)).filter((f) => fs.existsSync(f));

  before(async () => {
    t = await makeTestApp({ sqliteFile: true });
    club = await partnerWithUser(t, 'Seal Club', 'seal@club.example');
    const settings = emptySettings();
    settings.questions.en = ['What matters most to you?', ''];
    settings.optins.sms = { on: true, consent: { en: 'Text me about events', es: 'Envíenme mensajes sobre eventos' } };
    await new PartnerQuestions(t.ctx.db, t.clock).save(club.partner.id, settings);
    voter = await voterAtParty(t, club.partner.id, 'en', { ...californiaVoter.name, ...NAME });
    await voter.complete(
      'party',
      { ...californiaVoter.party, 'survey.q1': TRACES.surveyAnswer, 'survey.smsOptin': 'yes', 'survey.smsPhone': TRACES.phone },
      'review',
    );
    await voter.complete('review', californiaVoter.review, 'done');
    await t.ctx.jobs.runner.drain();
    const page = await request(t.app).get(`/r/${voter.token}/printed-form`);
    assert.equal(page.status, 200);
    const asked = await request(t.app)
      .post(`/r/${voter.token}/printed-form`)
      .type('form')
      .send({
        _csrf: csrfOf(page.text),
        'mailingAddress.street': TRACES.printStreet,
        'mailingAddress.unit': TRACES.printUnit,
        'mailingAddress.city': TRACES.printCity,
        'mailingAddress.state': 'CA',
        'mailingAddress.zip': '95616',
      });
    assert.equal(asked.status, 303, asked.text.slice(0, 500));
    uid = (await t.ctx.registrations.service.findByResumeToken(voter.token))!.uid;
    admin = await signIn(t, 'admin');
    // What the database holds is in its file, not only in memory and the log: a checkpoint, as
    // SQLite makes on its own from time to time (the log is read too, before and after).
    await t.ctx.db.raw('pragma wal_checkpoint(PASSIVE)');
  });
  after(() => t.close());

  it('no print address, survey answer or SMS number in the database file, its log or the volumes', () => {
    const files = [...dbFiles(), ...volumeFiles()];
    assert.ok(dbFiles().length >= 1 && pdfFiles().length === 2, `the database and the PDF on both volumes: ${files.join(', ')}`);
    const found = files.flatMap((file) => {
      const bytes = fs.readFileSync(file);
      return Object.values(TRACES)
        .filter((s) => bytes.includes(Buffer.from(s, 'utf8')))
        .map((s) => `${path.basename(file)}: "${s}"`);
    });
    assert.deepEqual(found, []);
  });

  it('the PDFs on the volumes are sealed blobs: no %PDF-, no name', () => {
    for (const file of pdfFiles()) {
      const bytes = fs.readFileSync(file);
      assert.equal(bytes.indexOf('%PDF-'), -1, file);
      assert.match(bytes.subarray(0, 19).toString('latin1'), /^rollcall-sealed v1 $/);
      for (const s of [NAME.firstName, NAME.lastName, 'D1234567']) assert.equal(bytes.indexOf(s), -1, `${s} in ${file}`);
    }
  });

  it('the voter downloads the PDF, opened, from storage', async () => {
    const done = await voter.get('done');
    const href = /id="download-pdf"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*id="download-pdf"/.exec(done.text);
    assert.ok(href, 'the done page offers the PDF');
    const res = await request(t.app)
      .get(href[1] ?? href[2]!)
      .buffer(true)
      .parse(binaryBody);
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-rollcall-pdf-source'], 'storage');
    assert.equal((res.body as Buffer).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match((await extractText(res.body as Buffer)).pages.join('\n'), new RegExp(NAME.lastName));
  });

  it('the admin downloads it, opened, from storage', async () => {
    const res = await admin.agent.get(`/admin/registrations/${uid}/pdf`).buffer(true).parse(binaryBody);
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-rollcall-pdf-source'], 'storage');
    assert.match((await extractText(res.body as Buffer)).pages.join('\n'), new RegExp(NAME.lastName));
  });

  it("a print batch's files hold the opened address; the partner's CSV the opened answer and phone", async () => {
    const made = await admin.agent
      .post('/admin/print/batches')
      .type('form')
      .send({ _csrf: await admin.csrf(), take: 'oldest', size: '1' });
    assert.equal(made.status, 303);
    const zip = await admin.agent.get(`${made.headers.location!}/batch.zip`).buffer(true).parse(binaryBody);
    assert.equal(zip.status, 200);
    const csv = readStoredZip(zip.body as Buffer)
      .get('addresses.csv')!
      .toString();
    assert.ok(csv.includes(`"${TRACES.printStreet}","${TRACES.printUnit}","${TRACES.printCity}","CA","95616"`), csv);
    const exported = await club.agent.get('/partner/export.csv?from=2026-10-01&to=2026-10-01');
    assert.equal(exported.status, 200);
    const row = parseCsv(exported.text).find((r) => r.registration_id === uid)!;
    assert.equal(row.survey_1_answer, TRACES.surveyAnswer);
    assert.equal(row.sms_optin_phone, TRACES.phone);
  });

  it('a PDF whose every copy is lost is re-derived with the same checksum', async () => {
    const row = (await t.ctx.db('registrations').where({ uid }).first('pdf_sha256')) as { pdf_sha256: string };
    for (const file of pdfFiles()) fs.rmSync(file);
    const report = await t.ctx.storage.verify(t.ctx.storageHost.catalog, { repair: true });
    assert.equal(report.rederived, 1);
    assert.equal(pdfFiles().length, 2);
    for (const file of pdfFiles()) assert.equal(sha(fs.readFileSync(file)), row.pdf_sha256);
  });
});
