// Who the per-client limits count (client-address.ts), and whose X-Forwarded-For is believed
// (TRUSTED_PROXIES): by default nobody's, so a client cannot choose its own address; an IPv6
// client counts by its /64, so rotating through its own network's addresses gains nothing.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import request from 'supertest';
import { loadConfig } from '../../../../server/config.js';
import { clientKey } from '../../../../server/http/client-address.js';
import { LIMITS } from '../../../../server/http/rate-limit.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';

describe('client addresses', () => {
  const apps: TestApp[] = [];
  after(async () => {
    for (const t of apps) await t.close();
  });

  it('keys IPv4 as itself, IPv6 by its /64 whatever its spelling, and IPv4 written as IPv6 as the IPv4', () => {
    assert.equal(clientKey('203.0.113.7'), '203.0.113.7');
    assert.equal(clientKey('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(clientKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.notEqual(clientKey('2001:db8:1:2::1'), clientKey('2001:db8:1:3::1'), 'the next /64 is another client');
    assert.equal(clientKey(undefined), 'unknown');
  });

  it('refuses a TRUSTED_PROXIES entry that is not an address, a CIDR or a named range, naming the setting', () => {
    assert.deepEqual(loadConfig({ DATA_DIR: '/tmp/x', TRUSTED_PROXIES: ' 10.0.0.0/8, loopback,2001:db8::/32' }).trustedProxies, [
      '10.0.0.0/8',
      'loopback',
      '2001:db8::/32',
    ]);
    assert.deepEqual(loadConfig({ DATA_DIR: '/tmp/x' }).trustedProxies, []);
    for (const bad of ['10.0.0.0/33', 'balancer.local', '10.0.0.1/8/2', '*'])
      assert.throws(() => loadConfig({ DATA_DIR: '/tmp/x', TRUSTED_PROXIES: bad }), /TRUSTED_PROXIES/, bad);
  });

  /** Starts registrations until refused; returns how many were accepted. */
  async function startsUntilRefused(t: TestApp, forwardedFor: (i: number) => string): Promise<number> {
    const home = await request(t.app).get('/');
    const csrf = csrfOf(home.text);
    for (let i = 0; i <= LIMITS.startRegistration.max; i++) {
      const res = await request(t.app)
        .post('/register')
        .set('X-Forwarded-For', forwardedFor(i))
        .type('form')
        .send({ _csrf: csrf, lang: 'en' });
      if (res.status === 429) return i;
      assert.equal(res.status, 303);
    }
    return LIMITS.startRegistration.max + 1;
  }

  it('believes no X-Forwarded-For by default: a client naming a new address each time is still one client', async () => {
    const t = await makeTestApp({ env: { TRUSTED_PROXIES: '' } });
    apps.push(t);
    assert.equal(await startsUntilRefused(t, (i) => `198.51.100.${i + 1}`), LIMITS.startRegistration.max);
  });

  it('believes a trusted proxy, and counts the IPv6 clients behind it by /64', async () => {
    const t = await makeTestApp({ env: { TRUSTED_PROXIES: 'loopback' } });
    apps.push(t);
    assert.equal(
      await startsUntilRefused(t, (i) => `2001:db8:5:6::${(i + 1).toString(16)}`),
      LIMITS.startRegistration.max,
      'addresses of one /64 share its limit',
    );
    assert.equal(await startsUntilRefused(t, () => '2001:db8:5:7::1'), LIMITS.startRegistration.max, 'the next /64 has its own');
  });
});
