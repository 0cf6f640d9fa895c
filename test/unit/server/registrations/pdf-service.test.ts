// A PDF whose every stored copy is bad (issue 16, Low e): the download renders it from the
// database, checks the render against the row's checksum, and writes it back through storage.put
// (quorum), so the next download reads it from storage. Before: rendered again on every download.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

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
    const row = await t.ctx.db('registrations').where({ uid: created.body.id }).first();
    const copies = t.ctx.config.storageVolumes.map((v) => path.join(v.paths[0]!, row.pdf_key));
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
