// The purge takes the voter's mail with the registration: the voter_mail rows (sent or not), their
// jobs (queued ones would otherwise send to a wiped row), the email link tokens, and the
// registration's mail fields (the sealed resume token among them).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { makeMailTestApp, type MailTestApp } from '../../../support/mail-app.js';
import { parseMail } from '../../../support/mime.js';
import { registerCaliforniaVoter, VoterSession } from '../../../support/voter-session.js';

const DAY = 24 * 60 * 60_000;

describe('purge of voter mail', () => {
  let t: MailTestApp;
  before(async () => {
    t = await makeMailTestApp();
  });
  after(() => t.close());

  it('deletes the messages, their queued jobs and the email tokens, and clears the mail fields', async () => {
    const session = new VoterSession(t.app);
    await session.start();
    await registerCaliforniaVoter(session);
    await t.ctx.jobs.runner.drain();
    const row = (await t.ctx.registrations.service.findByResumeToken(session.token))!;
    assert.equal(t.sink.messages.length, 1, 'the confirmation');
    const token = /\/m\/([A-Za-z0-9_-]{43})\/stop/.exec(parseMail(t.sink.messages[0]!.raw).headers['list-unsubscribe'] ?? '')![1]!;
    assert.equal((await request(t.app).get(`/m/${token}`)).status, 200);
    await t.ctx.registrations.service.recordDownload(row);
    const mail = await t.ctx.mail.voter.forRegistration(t.ctx.db, row.id);
    // The follow-up (scheduled by the eligibility step, cancelled by the submit) and the four of the ready PDF.
    assert.deepEqual(Object.fromEntries(mail.map((m) => [m.kind, m.status])), {
      follow_up: 'cancelled',
      confirmation: 'sent',
      reminder_1: 'scheduled',
      reminder_2: 'scheduled',
      last_reminder: 'scheduled',
    });
    const jobIds = mail.map((m) => m.job_id!);
    assert.equal((await t.ctx.db('jobs').whereIn('id', jobIds).andWhere('status', 'queued')).length, 3, 'the reminders are queued');
    assert.ok((await t.ctx.db('registrations').where({ id: row.id }).first()).resume_token_sealed);

    // Past retention (14 days) without the reminders having run: the purge takes everything.
    (t.clock as FakeClock).advance(15 * DAY);
    const report = await t.ctx.privacy.purger.run({ dryRun: false });
    assert.equal(report.registrations, 1);
    assert.deepEqual(await t.ctx.mail.voter.forRegistration(t.ctx.db, row.id), []);
    assert.deepEqual(await t.ctx.db('jobs').whereIn('id', jobIds), []);
    assert.deepEqual(await t.ctx.db('voter_mail_links').where({ registration_id: row.id }), []);
    const purged = await t.ctx.db('registrations').where({ id: row.id }).first();
    assert.equal(purged.status, 'purged');
    for (const column of ['resume_token_sealed', 'mail_stopped_at', 'mailed_at', 'pdf_downloaded_at', 'email', 'first_name'])
      assert.equal(purged[column], null, column);
    // Nothing left to send, and the email's links open nothing.
    await t.ctx.jobs.runner.drain();
    assert.equal(t.sink.messages.length, 1);
    assert.equal((await request(t.app).get(`/m/${token}`)).status, 404);
    assert.equal((await request(t.app).post(`/m/${token}/stop`).type('form').send('List-Unsubscribe=One-Click')).status, 404);
  });
});
