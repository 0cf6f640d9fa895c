// The 30-day follow-up rule across an APP_KEY rotation: the follow-up record holds an HMAC of the
// address under a key derived from APP_KEY, so after the rotation the rule must still find an
// address mailed under the previous key (APP_KEY_PREVIOUS), or the address gets a second follow-up.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FakeClock } from '../../../../server/clock.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { startSmtpSink, type SmtpSink } from '../../../support/smtp-sink.js';
import { VoterSession } from '../../../support/voter-session.js';
import { californiaVoter } from '../../../../support/web-voter.js';

describe('the follow-up rule across a key rotation', () => {
  let t: TestApp;
  let sink: SmtpSink;
  const keyA = crypto.randomBytes(32).toString('base64');
  const keyB = crypto.randomBytes(32).toString('base64');

  before(async () => {
    sink = await startSmtpSink();
    t = await makeTestApp({ sqliteFile: true, env: { SMTP_URL: sink.url, APP_KEY: keyA } });
  });
  after(async () => {
    await t.close();
    await sink.close();
  });

  /** A voter who gave `email` and stopped at the name step; the clock then moves to the follow-up's time and the jobs run. */
  async function stopHalfWayAndWait(email: string): Promise<void> {
    const session = new VoterSession(t.app);
    await session.start();
    await session.complete('eligibility', { ...californiaVoter.eligibility, email }, 'name');
    (t.clock as FakeClock).advance(t.ctx.config.followUpDelayMs);
    await t.ctx.jobs.runner.drain();
  }

  it('does not send a second follow-up within 30 days to an address mailed under the previous key', async () => {
    await stopHalfWayAndWait('lee@example.org');
    assert.equal(sink.messages.length, 1, 'the first follow-up, under the old key');
    t = await t.restart({ APP_KEY: keyB, APP_KEY_PREVIOUS: keyA });
    await stopHalfWayAndWait('Lee@Example.org');
    assert.equal(sink.messages.length, 1, 'the same address, another registration, 30 days not past: no second message');
  });
});
