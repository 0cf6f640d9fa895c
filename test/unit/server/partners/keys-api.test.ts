// API keys from the portal (create, shown once, hash only, last use, revoke) and the list route
// GET /api/v1/registrations (since/until/cursor), each tried against another partner's data.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { sha256Hex } from '../../../../server/security/tokens.js';
import { apiBody, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { completeFromLink, type PartnerUser, appWithClubsAAndB } from '../../../support/partners.js';

describe('API keys in the portal', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  before(async () => {
    ({ t, a, b } = await appWithClubsAAndB());
  });
  after(() => t.close());

  it('creates a named key shown once, stores only its hash, shows last use, and revokes it', async () => {
    const page = await a.agent.get('/partner/keys');
    assert.equal(page.status, 200);
    const created = await a.agent
      .post('/partner/keys')
      .type('form')
      .send({ _csrf: csrfOf(page.text), name: 'CRM <sync>' });
    assert.equal(created.status, 201);
    const key = /<code id="new-key">(rc_[A-Za-z0-9_-]+)<\/code>/.exec(created.text)?.[1];
    assert.ok(key);
    assert.match(created.text, /CRM &lt;sync&gt;/);
    const row = await t.ctx.db('api_keys').where({ name: 'CRM <sync>' }).first();
    assert.equal(row.key_hash, sha256Hex(key));
    assert.equal(JSON.stringify(row).includes(key), false);
    assert.doesNotMatch((await a.agent.get('/partner/keys')).text, new RegExp(key)); // shown once
    assert.equal((await request(t.app).get('/api/v1/registrations').set('Authorization', `Bearer ${key}`)).status, 200);
    const list = await a.agent.get('/partner/keys');
    assert.match(list.text, /CRM &lt;sync&gt;<\/th><td><code>rc_[^<]+…<\/code><\/td><td>[^<]+<\/td><td>2026-10-01 15:00 UTC<\/td>/);

    // Another partner cannot revoke it: 404, and it still works.
    const bPage = await b.agent.get('/partner/keys');
    assert.equal(
      (
        await b.agent
          .post(`/partner/keys/${row.id}/revoke`)
          .type('form')
          .send({ _csrf: csrfOf(bPage.text) })
      ).status,
      404,
    );
    assert.doesNotMatch(bPage.text, /CRM/);
    assert.equal((await request(t.app).get('/api/v1/registrations').set('Authorization', `Bearer ${key}`)).status, 200);

    assert.equal((await a.agent.post(`/partner/keys/${row.id}/revoke`).type('form').send({ _csrf: 'forged' })).status, 403);
    const revoked = await a.agent
      .post(`/partner/keys/${row.id}/revoke`)
      .type('form')
      .send({ _csrf: csrfOf(list.text) });
    assert.equal(revoked.status, 303);
    assert.equal((await request(t.app).get('/api/v1/registrations').set('Authorization', `Bearer ${key}`)).status, 401);
    assert.match((await a.agent.get('/partner/keys')).text, /Revoked 2026-10-01/);
  });

  it('refuses a nameless key and visitors', async () => {
    const page = await a.agent.get('/partner/keys');
    assert.equal(
      (
        await a.agent
          .post('/partner/keys')
          .type('form')
          .send({ _csrf: csrfOf(page.text), name: ' ' })
      ).status,
      422,
    );
    assert.equal((await request(t.app).get('/partner/keys')).status, 303);
    assert.equal((await request(t.app).post('/partner/keys').type('form').send({ name: 'x' })).status, 403);
  });
});

describe('GET /api/v1/registrations', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  const ids: string[] = [];
  before(async () => {
    ({ t, a, b } = await appWithClubsAAndB());
    for (let i = 0; i < 5; i++) {
      const res = await request(t.app)
        .post('/api/v1/registrations')
        .set('Authorization', `Bearer ${a.apiKey}`)
        .send(apiBody({ source: `s${i}` }));
      assert.equal(res.status, 201);
      ids.push(res.body.id);
      (t.clock as FakeClock).advance(60 * 60_000);
    }
    await completeFromLink(t, `partner=${a.partner.id}&tracking=web1`);
    await request(t.app)
      .post('/api/v1/registrations')
      .set('Authorization', `Bearer ${b.apiKey}`)
      .send(apiBody({ source: 'b-only' }));
  });
  after(() => t.close());

  const get = (key: string, query = '') => request(t.app).get(`/api/v1/registrations${query}`).set('Authorization', `Bearer ${key}`);

  it('lists only the caller registrations, in pages that neither skip nor repeat', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res = await get(a.apiKey, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200);
      seen.push(...res.body.data.map((r: { id: string }) => r.id));
      cursor = res.body.nextCursor;
      pages++;
    }
    assert.equal(pages, 3);
    assert.equal(seen.length, 6);
    assert.deepEqual(seen.slice(0, 5), ids);
    const bList = await get(b.apiKey);
    assert.equal(bList.body.data.length, 1);
    assert.equal(bList.body.data[0].source, 'b-only');
    assert.ok(!ids.includes(bList.body.data[0].id));
  });

  it('filters by since and until (submission time)', async () => {
    const res = await get(a.apiKey, `?since=2026-10-01T16:00:00Z&until=2026-10-01T18:00:00Z`);
    assert.deepEqual(
      res.body.data.map((r: { id: string }) => r.id),
      ids.slice(1, 3),
    );
    assert.equal(res.body.data[0].submittedAt, '2026-10-01T16:00:00.000Z');
  });

  it('answers 422 for bad parameters and 401 without a key', async () => {
    assert.equal((await get(a.apiKey, '?since=yesterday')).status, 422);
    assert.equal((await get(a.apiKey, '?limit=501')).status, 422);
    assert.equal((await get(a.apiKey, '?cursor=!!')).status, 422);
    assert.equal((await get(a.apiKey, '?other=1')).status, 422);
    assert.equal((await request(t.app).get('/api/v1/registrations')).status, 401);
  });
});

describe('widget settings in the portal', () => {
  let t: TestApp;
  let a: PartnerUser;
  let b: PartnerUser;
  before(async () => {
    ({ t, a, b } = await appWithClubsAAndB());
  });
  after(() => t.close());

  it('shows the tag and saves only well-formed origins, for the signed-in partner only', async () => {
    const page = await a.agent.get('/partner/widget');
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`data-partner=&quot;${a.partner.id}&quot;`));
    const bad = await a.agent
      .post('/partner/widget')
      .type('form')
      .send({ _csrf: csrfOf(page.text), origins: "https://ok.example\nhttps://x.example'; script-src *" });
    assert.equal(bad.status, 422);
    const ok = await a.agent
      .post('/partner/widget')
      .type('form')
      .send({ _csrf: csrfOf(page.text), origins: 'https://Club.Example/\nhttps://club.example' });
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse((await t.ctx.partners.store.byId(a.partner.id))!.allowed_origins), ['https://club.example']);
    assert.equal((await t.ctx.partners.store.byId(b.partner.id))!.allowed_origins, '[]');
    assert.doesNotMatch((await b.agent.get('/partner/widget')).text, /https:\/\/club\.example/);
    assert.equal((await request(t.app).get('/partner/widget')).status, 303);
  });
});
