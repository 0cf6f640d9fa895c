// Voters who went on to their state's online registration through a partner's flow are counted
// for that partner (dashboard, CSV, as Rocky counts "finish with state"), and for no other. The
// CSV lists them without answers unless they also sent the form (partners/partner-access.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PartnerReports } from '../../../../server/partners/partner-reports.js';
import { CSV_COLUMNS } from '../../../../server/partners/csv-export.js';
import { TEST_NOW, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { startFromLink, type PartnerUser, appWithClubsAAndB } from '../../../support/partners.js';
import { signIn } from '../../../support/admin-sign-in.js';

const DAY = { from: TEST_NOW - 86_400_000, until: TEST_NOW + 86_400_000 };

describe('partner statistics: finished with the state', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  before(async () => {
    ({ t, a, b } = await appWithClubsAAndB());
    // Club A: two Washington voters, one goes to VoteWA (twice: counted once); one who stays.
    const went = await startFromLink(t, `partner=${a.partner.id}`);
    await went.complete('eligibility', { ...californiaVoter.eligibility, zip: '98101', email: 'went@example.org' }, 'name');
    assert.equal((await went.get('online')).status, 303);
    assert.equal((await went.get('online')).status, 303);
    const stayed = await startFromLink(t, `partner=${a.partner.id}`);
    await stayed.complete('eligibility', { ...californiaVoter.eligibility, zip: '98101', email: 'stayed@example.org' }, 'name');
    // Club B: one voter goes to the state; not Club A's.
    const other = await startFromLink(t, `partner=${b.partner.id}`);
    await other.complete('eligibility', { ...californiaVoter.eligibility, zip: '98101', email: 'other@example.org' }, 'name');
    assert.equal((await other.get('online')).status, 303);
  });
  after(() => t.close());

  it('counts them in the funnel and by state, per partner', async () => {
    const stats = new PartnerReports(t.ctx.db, t.ctx.registrations.service.store);
    const funnel = await stats.funnel(a.partner.id, DAY);
    assert.equal(funnel.started, 2);
    assert.equal(funnel.finishedWithState, 1);
    assert.deepEqual(await stats.byState(a.partner.id, DAY), [{ state: 'WA', started: 2, completed: 0, finishedWithState: 1 }]);
    assert.equal((await stats.funnel(b.partner.id, DAY)).finishedWithState, 1);
  });

  it('shows the count on the dashboard', async () => {
    const res = await a.agent.get('/partner?from=2026-10-01&to=2026-10-01');
    assert.equal(res.status, 200);
    assert.match(res.text, /<strong>1<\/strong> went on to their state(&#39;|')s online registration\./);
    assert.match(res.text, /<td id="finished-with-state">1<\/td>/);
  });

  it('exports it in the CSV as Rocky\'s "Finish with State" yes/no, with the time', async () => {
    const res = await a.agent.get('/partner/export.csv?from=2026-10-01&to=2026-10-01');
    const [header, ...rows] = res.text
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const at = header!.indexOf('finished_with_state');
    assert.deepEqual(header!.slice(at, at + 2), ['finished_with_state', 'finished_with_state_at']);
    assert.equal(header!.length, CSV_COLUMNS.length);
    // Listed by registration id: none of these voters sent the form, so the CSV carries no answers
    // of theirs (partner-access.ts); the one who went on to the state is listed for the count.
    const uidOf = async (email: string) =>
      (
        (await t.ctx
          .db('registrations')
          .where({ email_hmac: t.ctx.cipher.blindIndex(email) })
          .first()) as { uid: string }
      ).uid;
    const byId = new Map(rows.map((r) => [r[header!.indexOf('registration_id')], r]));
    const went = byId.get(await uidOf('went@example.org'))!;
    assert.deepEqual(went.slice(at, at + 2), ['yes', new Date(TEST_NOW).toISOString()]);
    assert.equal(went[header!.indexOf('email')], '');
    assert.equal(byId.has(await uidOf('stayed@example.org')), false, 'a voter who neither sent the form nor went on is not listed');
    assert.equal(byId.has(await uidOf('other@example.org')), false, "another partner's voter is not in the export");
  });

  it('shows it on the admin registration page', async () => {
    const staff = await signIn(t, 'support');
    const went = (await t.ctx
      .db('registrations')
      .where({ email_hmac: t.ctx.cipher.blindIndex('went@example.org') })
      .first()) as { uid: string };
    const page = await staff.agent.get(`/admin/registrations/${went.uid}`);
    assert.match(page.text, /<dd id="finished-with-state">2026-10-01 15:00:00 UTC<\/dd>/);
    const stayed = (await t.ctx
      .db('registrations')
      .where({ email_hmac: t.ctx.cipher.blindIndex('stayed@example.org') })
      .first()) as { uid: string };
    assert.doesNotMatch((await staff.agent.get(`/admin/registrations/${stayed.uid}`)).text, /finished-with-state/);
  });
});
