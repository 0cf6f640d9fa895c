// A storage outage longer than a render job's retries (25 attempts, ~2.8 h of backoff) leaves the
// job dead. Before, nothing started it again when storage came back, and the voter's PDF was
// never stored (their page refreshed for ever once storage had its quorum again). Now the
// maintenance round requeues dead render jobs whenever storage can take writes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';

describe('dead render jobs after a long storage outage', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp({ storageOptions: { callDeadlineMs: 1000 } });
  });
  after(() => t.close());

  it('are requeued by the maintenance round once storage has its write quorum, not before', async () => {
    const { apiKey } = await t.ctx.partners.store.create('Outage Club', null);
    for (const f of t.faults) f.fail('EIO');
    await t.ctx.storage.probeNow();
    const res = await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`).send(apiBody());
    assert.equal(res.status, 201);
    // The outage outlasts the retries: the job has used its last attempt.
    await t.ctx.db('jobs').where({ kind: 'render_pdf' }).update({ max_attempts: 1 });
    await t.ctx.jobs.runner.drain();
    const dead = () => t.ctx.db('jobs').where({ kind: 'render_pdf', status: 'dead' }).count({ n: '*' });
    assert.equal(Number((await dead())[0]!.n), 1, 'the render job died');

    await t.ctx.jobs.maintenance.runOnce();
    assert.equal(Number((await dead())[0]!.n), 1, 'storage still below quorum: left dead');

    for (const f of t.faults) f.clear();
    await t.ctx.storage.probeNow();
    await t.ctx.jobs.maintenance.runOnce();
    assert.equal(Number((await dead())[0]!.n), 0, 'requeued');
    await t.ctx.jobs.runner.drain();
    const row = await t.ctx.db('registrations').where({ uid: res.body.id }).first('status', 'pdf_key');
    assert.equal(row.status, 'pdf_ready');
    assert.ok(row.pdf_key, 'the PDF is stored');
  });
});
