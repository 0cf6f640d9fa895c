// The registration pipeline's guarantees: accepted means durable, a killed worker's job is redone,
// rendering is deterministic, links expire.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

describe('registration pipeline', () => {
  let t: TestApp;
  let key: string;
  before(async () => {
    t = await makeTestApp();
    key = (await t.ctx.partners.store.create('Pipeline Org', null)).apiKey;
  });
  after(() => t.close());
  const clock = () => t.clock as FakeClock;

  async function submit(overrides: Record<string, unknown> = {}) {
    const res = await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${key}`).send(apiBody(overrides));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return (await t.ctx.registrations.service.store.byUid(res.body.id))!;
  }

  it('commits the registration and its render job together', async () => {
    const row = await submit();
    assert.equal(row.status, 'accepted');
    const job = await t.ctx
      .db('jobs')
      .whereRaw('payload like ?', [`%"registrationId":${row.id}}%`])
      .first();
    assert.equal(job.kind, 'render_pdf');
    assert.equal(job.status, 'queued');
    await t.ctx.jobs.runner.drain();
  });

  it('stores the ID number encrypted, never in clear', async () => {
    const row = await submit({ idNumber: 'Z9876543' });
    const raw = JSON.stringify(await t.ctx.db('registrations').where({ id: row.id }).first());
    assert.ok(!raw.includes('Z9876543'));
    assert.equal(t.ctx.registrations.service.idNumberOf(row), 'Z9876543');
    await t.ctx.jobs.runner.drain();
  });

  it('redoes a job whose worker died mid-job, once its lease runs out', async () => {
    const row = await submit();
    // A worker claims the job and dies (never completes it).
    const claimed = await t.ctx.jobs.queue.claim('node-that-dies', 30_000);
    assert.ok(claimed);
    assert.equal(await t.ctx.jobs.runner.drain(), 0, 'the job is leased: nobody else takes it yet');
    clock().advance(30_001);
    // It, and the voter's confirmation email the ready PDF schedules (due at once).
    assert.equal(await t.ctx.jobs.runner.drain(), 2, 'after the lease, another worker redoes it');
    const done = (await t.ctx.registrations.service.store.byId(row.id))!;
    assert.equal(done.status, 'pdf_ready');
    const job = await t.ctx.db('jobs').where({ id: claimed.id }).first();
    assert.equal(job.status, 'done');
    assert.equal(job.attempts, 2);
    // The dead worker can no longer change the job.
    await t.ctx.jobs.queue.complete(claimed, 'node-that-dies');
    await t.ctx.jobs.queue.fail(claimed, 'node-that-dies', 'late');
    assert.equal((await t.ctx.db('jobs').where({ id: claimed.id }).first()).status, 'done');
  });

  it('renders byte-identical PDFs for the same registration', async () => {
    const row = (await t.ctx.registrations.service.store.byId((await submit({ lang: 'es' })).id))!;
    await t.ctx.jobs.runner.drain();
    const stored = (await t.ctx.registrations.service.store.byId(row.id))!;
    const first = await t.ctx.registrations.pdfs.render(stored);
    clock().advance(3_600_000);
    const second = await t.ctx.registrations.pdfs.render(stored);
    assert.ok(first.equals(second));
    // The volumes hold it sealed (security/blob-cipher.ts): read through the service, which opens it.
    const fromStorage = await t.ctx.registrations.pdfs.bytesFor(stored);
    assert.equal(fromStorage.from, 'storage');
    assert.ok(fromStorage.bytes.equals(first), 'a re-render matches the stored copy');
  });

  it('keeps the PDF on every volume, at the key of its submit date', async () => {
    const row = await submit();
    await t.ctx.jobs.runner.drain();
    const stored = (await t.ctx.registrations.service.store.byId(row.id))!;
    assert.match(stored.pdf_key!, new RegExp(`^pdfs/2026/10/\\d{2}/${row.uid}\\.pdf$`));
    for (const volume of t.ctx.config.storageVolumes) {
      const list = await t.ctx.storage.list('pdfs/');
      assert.ok(list.includes(stored.pdf_key!), volume.name);
    }
  });

  it('expires PDF links: 410 after the TTL, 404 for an unknown token', async () => {
    const row = await submit();
    await t.ctx.jobs.runner.drain();
    const { token } = await t.ctx.registrations.links.mint(row.id);
    assert.equal((await request(t.app).get(`/pdf/${token}`)).status, 200);
    clock().advance(t.ctx.config.pdfLinkTtlMinutes * 60_000 + 1);
    assert.equal((await request(t.app).get(`/pdf/${token}`)).status, 410);
    assert.equal((await request(t.app).get(`/pdf/${'A'.repeat(43)}`)).status, 404);
    assert.equal((await request(t.app).get('/pdf/../../etc/passwd')).status, 404);
  });

  it('ends a job that keeps failing in a visible dead state, with its error', async () => {
    await t.ctx.db.transaction((trx) => t.ctx.jobs.queue.enqueue(trx, 'render_pdf', { registrationId: 999_999 }, 2));
    // A registration that does not exist is a no-op, so make the handler fail another way: a job kind with no handler.
    await t.ctx.db('jobs').where({ status: 'queued' }).update({ kind: 'no_such_kind' });
    await t.ctx.jobs.runner.drain();
    clock().advance(10 * 60_000);
    await t.ctx.jobs.runner.drain();
    const dead = await t.ctx.db('jobs').where({ status: 'dead' }).first();
    assert.ok(dead, 'job ended dead');
    assert.equal(dead.attempts, 2);
    assert.match(dead.last_error, /no handler/);
    assert.equal(await t.ctx.jobs.runner.drain(), 0, 'a dead job is not retried');
  });
});
