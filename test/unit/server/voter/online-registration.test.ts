// The state's own online registration: offered as soon as the state is known (not where it has
// none), followed through Rollcall's route, which records it once and redirects to the state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { FakeClock } from '../../../../server/clock.js';
import { makeTestApp, TEST_NOW, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { registerCaliforniaVoter, VoterSession } from '../../../support/voter-session.js';
import { startFromLink } from '../../../support/partners.js';

const washington = { ...californiaVoter.eligibility, zip: '98101', email: 'wa@example.org' };
const texas = { ...californiaVoter.eligibility, zip: '78701', email: 'tx@example.org' };

describe('online registration with the state', () => {
  let t: TestApp;
  const clock = new FakeClock(TEST_NOW);
  before(async () => {
    t = await makeTestApp({ clock });
  });
  after(() => t.close());

  const finishedAt = async (s: VoterSession) => {
    const row = await t.ctx.registrations.service.findByResumeToken(s.token);
    assert.ok(row);
    return row.finished_with_state_at === null ? null : Number(row.finished_with_state_at);
  };

  it("offers Washington's VoteWA on the step after the ZIP, in both languages, through Rollcall's route", async () => {
    const s = new VoterSession(t.app);
    await s.start('en');
    await s.complete('eligibility', washington, 'name');
    const en = await s.get('name');
    assert.match(en.text, /Washington lets you register online/);
    assert.match(
      en.text,
      new RegExp(
        `<a class="usa-link usa-link--external" id="online-registration" href="/r/${s.token}/online">Register on the state&#39;s site <span class="rc-nowrap">\\(opens the state&#39;s site\\)</span></a>`,
      ),
    );
    assert.doesNotMatch(en.text, /target="_blank"/, "outside a partner's frame the link opens in place");
    const es = await s.get('name', '?lang=es');
    assert.match(es.text, /Washington permite inscribirse en línea/);
    assert.match(es.text, /Inscribirse en el sitio del estado/);
  });

  it('says nothing of online registration to a Texas voter (Texas has none)', async () => {
    const s = new VoterSession(t.app);
    await s.start('en');
    await s.complete('eligibility', texas, 'name');
    assert.doesNotMatch((await s.get('name')).text, /online-registration|register online/i);
    const res = await s.get('online');
    assert.equal(res.status, 404);
    assert.equal(await finishedAt(s), null);
  });

  it('records the visit once and sends the voter to the state with no referrer', async () => {
    const s = new VoterSession(t.app);
    await s.start('en');
    await s.complete('eligibility', washington, 'name');
    const first = await s.get('online');
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, 'https://voter.votewa.gov/WhereToVote.aspx');
    assert.equal(first.headers['referrer-policy'], 'no-referrer');
    assert.equal(await finishedAt(s), TEST_NOW);
    clock.advance(60_000);
    const again = await s.get('online');
    assert.equal(again.status, 303);
    assert.equal(await finishedAt(s), TEST_NOW, 'following it again keeps the first time');
    // Later pages say so, and the voter can still finish the paper form.
    assert.match((await s.get('name')).text, /You went to the state&#39;s online registration on October 1, 2026/);
  });

  it('offers it on the end page, and records it from there too', async () => {
    const s = new VoterSession(t.app);
    await s.start('es');
    await registerCaliforniaVoter(s);
    const done = await s.get('done');
    assert.match(done.text, /También puede inscribirse en línea en California/);
    assert.equal((await s.get('online')).headers.location, 'https://www.registertovote.ca.gov');
    assert.notEqual(await finishedAt(s), null);
  });

  it("offers it on the eligibility step when a partner link gave the ZIP, opening outside the partner's frame", async () => {
    const { partner } = await t.ctx.partners.store.create('Frame Club', 'frame@club.example');
    const s = await startFromLink(t, `partner=${partner.id}&zip=98101`);
    const page = await s.get('eligibility');
    assert.match(page.text, /id="online-registration" href="\/r\/[A-Za-z0-9_-]{43}\/online" target="_blank" rel="noopener">/);
    assert.match(page.text, /opens the state&#39;s site in a new tab/);
  });

  it('refuses an unknown token', async () => {
    assert.equal((await request(t.app).get(`/r/${'a'.repeat(43)}/online`)).status, 404);
  });
});
