// Personal data and PDFs go after RETENTION_DAYS (partner survey answers and opt-ins too); anonymous
// counts stay; nothing personal is logged.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { Locks } from '../../../../server/jobs/locks.js';
import { Maintenance } from '../../../../server/jobs/maintenance.js';
import { createLogger } from '../../../../server/logger.js';
import { emptySettings, PartnerQuestions } from '../../../../server/partners/questions.js';
import { voterAtParty } from '../../../support/partner-questions.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { VoterSession } from '../../../support/voter-session.js';

const DAY = 24 * 60 * 60_000;

describe('purge after the retention period', () => {
  let t: TestApp;
  let logs = '';
  const personal = [
    'maria.garcia@example.org',
    'Maria',
    'Garcia',
    'D1234567',
    '1990-04-28',
    '1500 11th Street',
    'ana@example.org',
    'Núñez',
    'Clean rivers please',
    '202 555 0177',
  ];

  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk) => (logs += chunk.toString()));
    t = await makeTestApp({ logTo: stream });
  });
  after(() => t.close());
  const clock = () => t.clock as FakeClock;

  it('does nothing before RETENTION_DAYS, then wipes every personal field and deletes the PDFs', async () => {
    const { apiKey, partner } = await t.ctx.partners.store.create('Purge Org', null);
    for (let i = 0; i < 3; i++) {
      const res = await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`).send(apiBody());
      assert.equal(res.status, 201);
    }
    // An abandoned web registration, halfway through.
    const s = new VoterSession(t.app);
    await s.start();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    await s.complete('name', californiaVoter.name, 'addresses');
    // A partner's voter who answered its survey question and joined its SMS list, then stopped at review.
    const settings = emptySettings();
    settings.questions.en = ['What matters to you?', ''];
    settings.optins.sms = { on: true, consent: { en: 'Text me.', es: 'Envíenme mensajes.' } };
    await new PartnerQuestions(t.ctx.db, t.clock).save(partner.id, settings);
    const surveyed = await voterAtParty(t, partner.id);
    await surveyed.complete(
      'party',
      { ...californiaVoter.party, 'survey.q1': 'Clean rivers please', 'survey.smsOptin': 'yes', 'survey.smsPhone': '202 555 0177' },
      'review',
    );
    assert.equal((await t.ctx.db('registration_survey')).length, 2);
    await t.ctx.jobs.runner.drain();
    const ready = await t.ctx.db('registrations').where({ status: 'pdf_ready' });
    assert.equal(ready.length, 3);
    const { token: link } = await t.ctx.registrations.links.mint(ready[0].id);

    clock().advance(13 * DAY);
    assert.deepEqual(await t.ctx.privacy.purger.run({ dryRun: false }), {
      dryRun: false,
      cutoff: new Date(clock().now() - 14 * DAY).toISOString(),
      registrations: 0,
      pdfs: 0,
    });

    clock().advance(2 * DAY);
    const dry = await t.ctx.privacy.purger.run({ dryRun: true });
    assert.equal(dry.registrations, 5);
    assert.equal(dry.pdfs, 3);
    assert.equal((await t.ctx.db('registrations').whereNull('purged_at')).length, 5, 'a dry run changes nothing');

    const report = await t.ctx.privacy.purger.run({ dryRun: false });
    assert.equal(report.registrations, 5);
    assert.equal(report.pdfs, 3);

    const rows = await t.ctx.db('registrations');
    assert.deepEqual(await t.ctx.db('registration_survey'), [], 'survey answers and opt-ins deleted');
    const dump = JSON.stringify(rows);
    for (const value of personal) assert.ok(!dump.includes(value), `database still holds ${value}`);
    for (const row of rows) {
      assert.equal(row.status, 'purged');
      assert.equal(row.id_number_enc, null);
      assert.equal(row.answers, '{}');
    }
    // Anonymous counts stay for partner statistics.
    assert.equal(rows.filter((r) => r.partner_id === partner.id && r.state_code === 'CA').length, 4);
    // Nothing left on any volume, no link, no resume.
    assert.deepEqual(await t.ctx.storage.list('pdfs/'), []);
    assert.equal((await t.ctx.db('download_links')).length, 0);
    assert.equal((await request(t.app).get(`/pdf/${link}`)).status, 404);
    assert.equal((await request(t.app).get(`/r/${s.token}/name`)).status, 404);
    // A second run finds nothing.
    assert.equal((await t.ctx.privacy.purger.run({ dryRun: false })).registrations, 0);
  });

  it('never wrote personal data into the logs', () => {
    assert.ok(logs.length > 0, 'the test captured some logs');
    for (const value of personal) assert.ok(!logs.includes(value), `logs contain ${value}`);
  });

  it('runs the maintenance round on one node at a time', async () => {
    const locks = new Locks(t.ctx.db, t.clock);
    let runs = 0;
    const task = { name: 'count', run: async () => void runs++ };
    const a = new Maintenance(locks, [task], createLogger('silent'));
    assert.equal(await locks.tryAcquire('maintenance', 'other-node', 60_000), true);
    assert.equal(await a.runOnce(), false, 'another node holds the lock');
    clock().advance(60_001);
    assert.equal(await a.runOnce(), true, 'the lease of the dead node ran out');
    assert.equal(runs, 1);
    assert.equal(await locks.tryAcquire('maintenance', 'other-node', 60_000), true, 'released after the round');
  });
});
