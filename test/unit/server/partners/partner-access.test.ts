// What a partner's export lists (partners/partner-access.ts, issue 16 Medium 9): the answers of a
// voter who sent the form; never the names and emails of a voter who typed and left (or of junk
// anyone posted under the partner's public id, kept by a language switch). A voter who went on to
// the state's online registration is listed for the count, without answers. The dashboard still
// counts every start. Before: every registration started from the partner's link was a CSV row.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { TEST_NOW, type TestApp } from '../../../support/app-fixture.js';
import { californiaVoter } from '../../../../support/web-voter.js';
import { parseCsv } from '../../../support/partner-questions.js';
import { appWithClubsAAndB, completeFromLink, startFromLink, type PartnerUser } from '../../../support/partners.js';
import { csrfOf } from '../../../support/voter-session.js';
import { PartnerReports } from '../../../../server/partners/partner-reports.js';

const DAY = { from: TEST_NOW - 86_400_000, until: TEST_NOW + 86_400_000 };

describe("a partner's export of voters who never sent the form", () => {
  let t: TestApp;
  let a: PartnerUser;
  const uid = async (token: string) => (await t.ctx.registrations.service.findByResumeToken(token))!.uid;
  let left: string;
  let sent: string;
  let wentToState: string;
  before(async () => {
    ({ t, a } = await appWithClubsAAndB());
    // Types a name and email, switches language (a draft is kept), and leaves.
    const drafted = await startFromLink(t, `partner=${a.partner.id}`);
    const csrf = csrfOf((await drafted.get('eligibility')).text);
    const res = await request(t.app)
      .post(`/r/${drafted.token}/eligibility`)
      .type('form')
      .send({ _csrf: csrf, ...californiaVoter.eligibility, email: 'left@example.org', _lang: 'es' });
    assert.equal(res.status, 303);
    left = await uid(drafted.token);
    sent = await uid((await completeFromLink(t, `partner=${a.partner.id}`)).token);
    const went = await startFromLink(t, `partner=${a.partner.id}`);
    await went.complete('eligibility', { ...californiaVoter.eligibility, zip: '98101', email: 'went@example.org' }, 'name');
    assert.equal((await went.get('online')).status, 303);
    wentToState = await uid(went.token);
  });
  after(() => t.close());

  it('lists in the CSV only the answers of voters who sent the form', async () => {
    const res = await a.agent.get('/partner/export.csv?from=2026-10-01&to=2026-10-01');
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /left@example\.org|went@example\.org/);
    const rows = new Map(parseCsv(res.text).map((r) => [r.registration_id, r]));
    assert.equal(rows.has(left), false, 'a voter who typed and left is not listed');
    assert.equal(rows.get(sent)?.email, 'ana@example.org');
    const went = rows.get(wentToState);
    assert.ok(went, 'a voter who went on to the state is listed for the count');
    assert.deepEqual([went.finished_with_state, went.state, went.status], ['yes', 'WA', 'in_progress']);
    assert.deepEqual([went.first_name, went.email, went.zip, went.email_optin], ['', '', '', '']);
  });

  it('lists and shows only sent registrations through the API', async () => {
    const auth = { Authorization: `Bearer ${a.apiKey}` };
    const list = await request(t.app).get('/api/v1/registrations').set(auth);
    assert.equal(list.status, 200);
    assert.deepEqual(
      (list.body.data as Array<{ id: string }>).map((r) => r.id),
      [sent],
    );
    for (const id of [left, wentToState]) assert.equal((await request(t.app).get(`/api/v1/registrations/${id}`).set(auth)).status, 404);
  });

  it('still counts every start on the dashboard (numbers, no personal data)', async () => {
    const funnel = await new PartnerReports(t.ctx.db, t.ctx.registrations.service.store).funnel(a.partner.id, DAY);
    assert.deepEqual([funnel.started, funnel.completed, funnel.finishedWithState], [3, 1, 1]);
  });
});
