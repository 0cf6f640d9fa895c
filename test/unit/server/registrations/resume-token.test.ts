// The resume token is kept sealed (field cipher) beside its hash, so the follow-up mail can carry
// the voter's resume link: it reads back as issued, is never stored in clear, and the purge clears it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FakeClock } from '../../../../server/clock.js';
import { sha256Hex } from '../../../../server/security/tokens.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { VoterSession } from '../../../support/voter-session.js';

describe('the sealed resume token', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  it('reads back as the token the voter was given, and is stored only hashed and sealed', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    const row = await t.ctx
      .db('registrations')
      .where({ resume_hash: sha256Hex(s.token) })
      .first();
    assert.ok(row.resume_token_sealed);
    assert.ok(!JSON.stringify(row).includes(s.token), 'the token in clear is in no column');
    assert.equal(t.ctx.registrations.service.resumeTokenOf(row), s.token);
    // Two registrations, two tokens, two different seals.
    const other = new VoterSession(t.app);
    await other.start();
    const otherRow = (await t.ctx.registrations.service.findByResumeToken(other.token))!;
    assert.equal(t.ctx.registrations.service.resumeTokenOf(otherRow), other.token);
    assert.notEqual(otherRow.resume_token_sealed, row.resume_token_sealed);
  });

  it('is absent for a row without one (the API has no resume link)', () => {
    assert.equal(t.ctx.registrations.service.resumeTokenOf({ resume_token_sealed: null }), undefined);
  });

  it('is cleared by the purge, with the hash', async () => {
    const s = new VoterSession(t.app);
    await s.start();
    await s.complete('eligibility', californiaVoter.eligibility, 'name');
    const { id } = (await t.ctx.registrations.service.findByResumeToken(s.token))!;
    (t.clock as FakeClock).advance((t.ctx.config.retentionDays + 1) * 24 * 60 * 60_000);
    await t.ctx.privacy.purger.run({ dryRun: false });
    const purged = await t.ctx.registrations.service.store.byId(id);
    assert.equal(purged?.status, 'purged');
    assert.equal(purged?.resume_token_sealed, null);
    assert.equal(purged?.resume_hash, null);
    assert.equal(t.ctx.registrations.service.resumeTokenOf(purged!), undefined);
  });
});
