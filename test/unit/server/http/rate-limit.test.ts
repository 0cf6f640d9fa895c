import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import type { FakeClock } from '../../../../server/clock.js';
import { LIMITS, RateLimiter, rateLimitKeyFrom } from '../../../../server/http/rate-limit.js';
import { sha256Hex } from '../../../../server/security/tokens.js';
import { apiBody, makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';

describe('rate limits (counted in the database)', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  it('slows a script guessing API keys, while a real key keeps working', async () => {
    const { apiKey } = await t.ctx.partners.store.create('Real Org', null);
    const guess = () =>
      request(t.app)
        .get(`/api/v1/registrations/${'0'.repeat(32)}`)
        .set('Authorization', 'Bearer rc_guess');
    for (let i = 0; i < LIMITS.badApiKey.max; i++) assert.equal((await guess()).status, 401);
    const blocked = await guess();
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    assert.equal(blocked.body.error, 'rate_limited');
    const real = await request(t.app).post('/api/v1/registrations').set('Authorization', `Bearer ${apiKey}`).send(apiBody());
    assert.equal(real.status, 201);
    // The window passes: guesses are answered 401 again.
    (t.clock as FakeClock).advance(LIMITS.badApiKey.windowMs);
    assert.equal((await guess()).status, 401);
  });

  it('limits how many registrations one address can start per minute', async () => {
    const home = await request(t.app).get('/');
    const csrf = csrfOf(home.text);
    const start = () => request(t.app).post('/register').type('form').send({ _csrf: csrf, lang: 'en' });
    for (let i = 0; i < LIMITS.startRegistration.max; i++) assert.equal((await start()).status, 303);
    const blocked = await start();
    assert.equal(blocked.status, 429);
    assert.match(blocked.text, /Too many attempts/);
  });

  it('stores no address in clear', async () => {
    const rows = await t.ctx.db('rate_limits').select('key');
    assert.ok(rows.length > 0);
    for (const r of rows) assert.doesNotMatch(r.key, /127\.0\.0\.1|::ffff|::1/);
  });

  it('keys counters with an HMAC under a key from APP_KEY, not a plain hash anyone can recompute', async () => {
    const limit = { name: 'probe', max: 5, windowMs: 60_000 };
    await t.ctx.http.limiter.hit(limit, 'voter@example.org');
    const [row] = await t.ctx.db('rate_limits').where('key', 'like', 'probe:%').select('key');
    assert.ok(row);
    // What an unsalted hash would have stored: anyone could hash a list of emails (or all 2^32
    // IPv4 addresses) and match it.
    assert.notEqual(row.key, `probe:${sha256Hex('voter@example.org').slice(0, 40)}`);
    assert.equal(row.key, `probe:${t.ctx.http.limiter.keyOf('voter@example.org')}`);
    // Another APP_KEY, other keys: the counters cannot be matched without the key.
    const other = new RateLimiter(t.ctx.db, t.clock, undefined as never, rateLimitKeyFrom(Buffer.alloc(32, 7)));
    assert.notEqual(other.keyOf('voter@example.org'), t.ctx.http.limiter.keyOf('voter@example.org'));
    assert.equal(
      other.keyOf('voter@example.org'),
      new RateLimiter(t.ctx.db, t.clock, undefined as never, rateLimitKeyFrom(Buffer.alloc(32, 7))).keyOf('voter@example.org'),
    );
  });
});
