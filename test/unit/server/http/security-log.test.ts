// The security log (http/security-log.ts): what an operator watching for an attack reads, one
// structured line per event, and no personal data in any of them. And the audit log's new rows:
// a partner user's sign-in and CSV export (personal data leaving Rollcall).
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { csrfOf } from '../../../support/voter-session.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { partnerWithUser, PASSWORD } from '../../../support/partners.js';
import { VoterSession } from '../../../support/voter-session.js';

interface Line {
  component?: string;
  security?: string;
  route?: string;
  client?: string;
  area?: string;
  limit?: string;
}

describe('the security log', () => {
  let t: TestApp;
  let raw = '';
  const events = () =>
    raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line)
      .filter((l) => l.component === 'security');
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => (raw += c.toString()));
    t = await makeTestApp({ logTo: stream });
  });
  after(() => t.close());

  it('records sign-in failures, lock-outs, refused keys, CSRF refusals, limits and resets, with nothing personal', async () => {
    const staffEmail = 'night.admin@example.org';
    await t.ctx.auth.users.create({ email: staffEmail, password: PASSWORD, role: 'admin' });
    const wrongPassword = 'not the password at all';
    for (let i = 0; i < 6; i++) {
      const form = await request(t.app).get('/admin/login');
      await request(t.app)
        .post('/admin/login')
        .set('X-Forwarded-For', '203.0.113.77')
        .type('form')
        .send({ _csrf: csrfOf(form.text), email: staffEmail, password: wrongPassword });
    }
    const badKey = 'rc_this_is_not_a_key_at_all_0123456789';
    assert.equal((await request(t.app).get('/api/v1/registrations').set('Authorization', `Bearer ${badKey}`)).status, 401);
    const s = new VoterSession(t.app);
    await s.start();
    assert.equal((await request(t.app).post(`/r/${s.token}/eligibility`).type('form').send({ zip: '95814' })).status, 403);
    const partnerEmail = 'coordinator@club.example';
    await partnerWithUser(t, 'Club', partnerEmail);
    const forgot = await request(t.app).get('/partner/password/forgot');
    await request(t.app)
      .post('/partner/password/forgot')
      .type('form')
      .send({ _csrf: csrfOf(forgot.text), email: partnerEmail });

    const seen = events();
    const kinds = new Set(seen.map((e) => e.security));
    for (const kind of ['sign_in_failed', 'sign_in_locked', 'api_key_refused', 'csrf_refused', 'password_reset_requested', 'sign_in'])
      assert.ok(kinds.has(kind), `${kind} logged (got ${[...kinds].join(', ')})`);
    const failed = seen.find((e) => e.security === 'sign_in_failed')!;
    assert.equal(failed.client, '203.0.113.0/24', 'the address cut to its /24');
    assert.equal(failed.area, 'admin');
    assert.equal(seen.find((e) => e.security === 'csrf_refused')!.route, '/r/:token/:step', "the route's pattern, not the path");
    for (const secret of [staffEmail, partnerEmail, wrongPassword, PASSWORD, badKey, s.token, '203.0.113.77'])
      assert.ok(!raw.includes(secret), `the log holds no "${secret}"`);
  });

  it('records a rate limit hit on a form (not thrown) once', async () => {
    const before = events().filter((e) => e.security === 'rate_limited').length;
    for (let i = 0; i < 12; i++) {
      const form = await request(t.app).get('/partner/login');
      await request(t.app)
        .post('/partner/login')
        .set('X-Forwarded-For', '198.51.100.4')
        .type('form')
        .send({ _csrf: csrfOf(form.text), email: `x${i}@example.org`, password: 'wrong password here' });
    }
    const hits = events()
      .filter((e) => e.security === 'rate_limited')
      .slice(before);
    assert.ok(hits.length >= 1, 'the limit was hit and logged');
    assert.equal(hits[0]!.limit, 'partner-login');
  });

  it("puts a partner user's sign-in and CSV export in the audit log", async () => {
    const { agent, partner } = await partnerWithUser(t, 'Export Club', 'export@club.example');
    assert.equal((await agent.get('/partner/export.csv')).status, 200);
    const rows = await t.ctx.db('audit_log').whereIn('action', ['partner_login', 'partner_export']).andWhere({ target: partner.id });
    assert.deepEqual(rows.map((r: { action: string }) => r.action).sort(), ['partner_export', 'partner_login']);
  });
});
