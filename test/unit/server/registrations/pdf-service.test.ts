// A PDF whose every stored copy is bad (issue 16, Low e): the download renders it from the
// database, checks the render against the row's checksum, and writes it back through storage.put
// (quorum), so the next download reads it from storage. Before: rendered again on every download.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { resealCommand } from '../../../../server/cli/keys.js';
import { createFieldCipher } from '../../../../server/security/field-cipher.js';
import { apiBody, binaryBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

describe('a PDF with no good copy left', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  before(async () => {
    t = await makeTestApp();
    const { apiKey } = await t.ctx.partners.store.create('Repair Club', null);
    auth = { Authorization: `Bearer ${apiKey}` };
  });
  after(() => t.close());

  /** A registration sent through the API, rendered and stored; its PDF link and row. */
  async function storedPdf() {
    const created = await request(t.app).post('/api/v1/registrations').set(auth).send(apiBody());
    assert.equal(created.status, 201);
    await t.ctx.jobs.runner.drain();
    const shown = await request(t.app).get(`/api/v1/registrations/${created.body.id}`).set(auth);
    assert.equal(shown.body.status, 'pdf_ready');
    const row = (await t.ctx.registrations.service.store.byUid(created.body.id))!;
    const copies = t.ctx.config.storageVolumes.map((v) => path.join(v.paths[0]!, row.pdf_key!));
    return { url: new URL(shown.body.pdfUrl).pathname, row, copies };
  }
  const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  it('is rendered once, written back, and read from storage on the next download', async () => {
    const { url, row, copies } = await storedPdf();
    for (const copy of copies) fs.writeFileSync(copy, 'not a pdf any more');
    const first = await request(t.app).get(url);
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-rollcall-pdf-source'], 'render');
    for (const copy of copies) assert.equal(sha(copy), row.pdf_sha256, `${copy} is good again`);
    const second = await request(t.app).get(url);
    assert.equal(second.headers['x-rollcall-pdf-source'], 'storage');
    assert.deepEqual(Buffer.from(second.body), Buffer.from(first.body));
  });

  it('also when every copy is missing', async () => {
    const { url, copies } = await storedPdf();
    for (const copy of copies) fs.rmSync(copy);
    assert.equal((await request(t.app).get(url)).headers['x-rollcall-pdf-source'], 'render');
    assert.equal((await request(t.app).get(url)).headers['x-rollcall-pdf-source'], 'storage');
  });

  it('does not store a render that differs from the checksum on the row', async () => {
    const { url, row, copies } = await storedPdf();
    const before = copies.map(sha);
    await t.ctx
      .db('registrations')
      .where({ id: row.id })
      .update({ pdf_sha256: 'f'.repeat(64) });
    assert.equal((await request(t.app).get(url)).headers['x-rollcall-pdf-source'], 'render');
    assert.deepEqual(copies.map(sha), before, 'the copies are left as they were');
  });
});

// ASVS 6.1.1: the volumes hold each PDF sealed (security/blob-cipher.ts); every download opens it;
// the repair paths (write-back, verify's re-derive) seal a re-render to the row's checksum, also
// for a PDF sealed under a previous key or stored plain before this release.
describe('a PDF sealed on the volumes', () => {
  const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
  const keyA = crypto.randomBytes(32).toString('base64');
  const keyB = crypto.randomBytes(32).toString('base64');
  let t: TestApp;
  let auth: Record<string, string>;
  before(async () => {
    t = await makeTestApp({ sqliteFile: true, env: { APP_KEY: keyA } });
    const { apiKey } = await t.ctx.partners.store.create('Seal Club', null);
    auth = { Authorization: `Bearer ${apiKey}` };
  });
  after(() => t.close());

  async function storedPdf(lastName: string) {
    const created = await request(t.app).post('/api/v1/registrations').set(auth).send(apiBody({ lastName }));
    assert.equal(created.status, 201);
    await t.ctx.jobs.runner.drain();
    const shown = await request(t.app).get(`/api/v1/registrations/${created.body.id}`).set(auth);
    assert.equal(shown.body.status, 'pdf_ready');
    const row = (await t.ctx.registrations.service.store.byUid(created.body.id))!;
    const copies = t.ctx.config.storageVolumes.map((v) => path.join(v.paths[0]!, row.pdf_key!));
    return { url: new URL(shown.body.pdfUrl).pathname, row, copies };
  }
  const download = (url: string) => request(t.app).get(url).buffer(true).parse(binaryBody);

  it('stores no plain PDF, and serves the opened PDF from storage', async () => {
    const { url, row, copies } = await storedPdf('Sealedcopy');
    for (const copy of copies) {
      const bytes = fs.readFileSync(copy);
      assert.equal(bytes.indexOf('%PDF-'), -1, `${copy} is no plain PDF`);
      assert.match(bytes.subarray(0, 19).toString('latin1'), /^rollcall-sealed v1 $/);
      assert.equal(sha(bytes), row.pdf_sha256, "the row's checksum is the stored (sealed) bytes'");
    }
    const res = await download(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-rollcall-pdf-source'], 'storage');
    assert.equal((res.body as Buffer).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.deepEqual(res.body, await t.ctx.registrations.pdfs.render(row));
  });

  it('serves a plain PDF stored before this release as it is, and repairs it plain', async () => {
    const { url, row, copies } = await storedPdf('Plainbefore');
    const plain = await t.ctx.registrations.pdfs.render(row);
    for (const copy of copies) fs.writeFileSync(copy, plain);
    await t.ctx
      .db('registrations')
      .where({ id: row.id })
      .update({ pdf_sha256: sha(plain) });
    const res = await download(url);
    assert.equal(res.headers['x-rollcall-pdf-source'], 'storage');
    assert.deepEqual(res.body, plain);
    for (const copy of copies) fs.rmSync(copy);
    assert.equal((await download(url)).headers['x-rollcall-pdf-source'], 'render');
    for (const copy of copies) assert.equal(sha(fs.readFileSync(copy)), sha(plain), 'written back as it was stored');
  });

  it("re-derives a PDF whose every copy is lost to the row's checksum (storage verify with repair)", async () => {
    const { row, copies } = await storedPdf('Rederived');
    for (const copy of copies) fs.rmSync(copy);
    const report = await t.ctx.storage.verify(t.ctx.storageHost.catalog, { repair: true });
    assert.equal(report.rederived, 1);
    assert.deepEqual(report.lost, []);
    for (const copy of copies) assert.equal(sha(fs.readFileSync(copy)), row.pdf_sha256);
  });

  it('after a rotation: a PDF sealed under the previous key is served, written back and re-derived to its checksum; with that key gone, rendered', async () => {
    const { url, row, copies } = await storedPdf('Rotated');
    t = await t.restart({ APP_KEY: keyB, APP_KEY_PREVIOUS: keyA });
    const served = await download(url);
    assert.equal(served.headers['x-rollcall-pdf-source'], 'storage');
    assert.equal((served.body as Buffer).subarray(0, 5).toString('latin1'), '%PDF-');
    for (const copy of copies) fs.rmSync(copy);
    assert.equal((await download(url)).headers['x-rollcall-pdf-source'], 'render');
    for (const copy of copies) assert.equal(sha(fs.readFileSync(copy)), row.pdf_sha256, 'written back under the key it was sealed with');
    for (const copy of copies) fs.rmSync(copy);
    assert.equal((await t.ctx.storage.verify(t.ctx.storageHost.catalog, { repair: true })).rederived, 1);
    for (const copy of copies) assert.equal(sha(fs.readFileSync(copy)), row.pdf_sha256, 're-derived under the key it was sealed with');
    // `keys reseal` moves the sealed columns (the ID number the render needs), not the PDFs; then
    // APP_KEY_PREVIOUS is removed before the PDF was purged: the stored copy no longer opens, and
    // the download renders it from the database (never a 500, never wrong bytes).
    const sink = { write: () => true };
    const cipher = createFieldCipher(Buffer.from(keyB, 'base64'), [Buffer.from(keyA, 'base64')]);
    assert.equal(await resealCommand(t.ctx.db, cipher, { dryRun: false }, { out: sink, err: sink }), 0);
    t = await t.restart({ APP_KEY: keyB, APP_KEY_PREVIOUS: '' });
    const rendered = await download(url);
    assert.equal(rendered.status, 200);
    assert.equal(rendered.headers['x-rollcall-pdf-source'], 'render');
    assert.deepEqual(rendered.body, served.body);
  });
});
