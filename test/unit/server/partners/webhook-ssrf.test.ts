// The webhook SSRF guard with the default configuration: https only, and no target that is, or
// resolves to, a non-public address, refused when the URL is saved (a form error on the field)
// and again when a delivery connects (a URL stored earlier, or a name that now resolves
// elsewhere, never gets a connection). WEBHOOK_ALLOW_PRIVATE turns it off (the control).
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { checkWebhookUrl, parseWebhookUrl } from '../../../../server/partners/webhook-target.js';
import { nonPublicKind } from '../../../../server/security/public-address.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { completeFromLink, partnerWithUser, type PartnerUser } from '../../../support/partners.js';

const DEFAULT_RULES = { allowHttp: false, allowPrivate: false };

describe('public addresses', () => {
  it('refuses every non-public class, in IPv4, IPv6 and IPv4-in-IPv6 forms', () => {
    const cases: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '127.255.0.9': 'loopback',
      '::1': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      'fc00::1': 'private (unique local)',
      'fd12:3456::1': 'private (unique local)',
      '169.254.169.254': 'link-local',
      'fe80::1': 'link-local',
      'febf::1': 'link-local',
      '100.64.0.1': 'shared (CGNAT)',
      '100.127.255.254': 'shared (CGNAT)',
      '224.0.0.1': 'multicast',
      '239.255.255.250': 'multicast',
      'ff02::1': 'multicast',
      '0.0.0.0': 'unspecified',
      '::': 'unspecified',
      '255.255.255.255': 'reserved',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:7f00:1': 'loopback',
      '::ffff:169.254.169.254': 'link-local',
      '::ffff:10.0.0.1': 'private',
      '::ffff:100.64.0.1': 'shared (CGNAT)',
      '0:0:0:0:0:ffff:c0a8:0101': 'private',
      '64:ff9b::a9fe:a9fe': 'link-local',
      '2002:7f00:1::': 'loopback',
      // Issue 16, Low c: IPv4-translated (SIIT) and local-use NAT64 (RFC 8215) passed.
      '::ffff:0:127.0.0.1': 'loopback',
      '::ffff:0:a9fe:a9fe': 'link-local',
      '0:0:0:0:ffff:0:10.0.0.1': 'private',
      '64:ff9b:1::a9fe:a9fe': 'private (local-use NAT64)',
      '64:ff9b:1:ffff:ffff:ffff:ffff:ffff': 'private (local-use NAT64)',
      '64:ff9b:1:7f00:0:100::': 'private (local-use NAT64)',
    };
    for (const [address, kind] of Object.entries(cases)) assert.equal(nonPublicKind(address), kind, address);
  });

  it('lets public addresses through, including just outside the refused ranges', () => {
    for (const address of [
      '93.184.216.34',
      '8.8.8.8',
      '100.63.255.255',
      '100.128.0.1',
      '172.15.255.255',
      '172.32.0.1',
      '169.255.0.1',
      '2606:4700:4700::1111',
      '::ffff:8.8.8.8',
      '::ffff:0:8.8.8.8',
      '64:ff9b::8.8.8.8',
      '2002:0808:0808::',
    ]) {
      assert.equal(nonPublicKind(address), null, address);
    }
    assert.equal(nonPublicKind('not-an-ip'), 'not an IP address');
  });
});

describe('webhook URL rules', () => {
  it('wants https (http only when allowed), no credentials, a sane length', () => {
    assert.deepEqual(parseWebhookUrl('https://hooks.example/x?y=1', DEFAULT_RULES), { url: 'https://hooks.example/x?y=1' });
    assert.deepEqual(parseWebhookUrl('http://hooks.example/x', DEFAULT_RULES), { code: 'notHttps' });
    assert.deepEqual(parseWebhookUrl('http://hooks.example/x', { allowHttp: true }), { url: 'http://hooks.example/x' });
    assert.deepEqual(parseWebhookUrl('https://u:p@hooks.example/', DEFAULT_RULES), { code: 'credentials' });
    assert.deepEqual(parseWebhookUrl('javascript:alert(1)', DEFAULT_RULES), { code: 'notUrl' });
    assert.deepEqual(parseWebhookUrl('ftp://hooks.example/', { allowHttp: true }), { code: 'notUrl' });
    assert.deepEqual(parseWebhookUrl(`https://hooks.example/${'x'.repeat(500)}`, DEFAULT_RULES), { code: 'tooLong' });
  });

  it('refuses a name that resolves to loopback, and every literal non-public address', async () => {
    // The problem names no address: the one a host name resolved to may be internal (issue 16, Low c).
    assert.deepEqual(await checkWebhookUrl('https://localhost/hook', DEFAULT_RULES), { code: 'forbiddenAddress' });
    assert.deepEqual(await checkWebhookUrl('https://[::ffff:169.254.169.254]/latest/meta-data', DEFAULT_RULES), {
      code: 'forbiddenAddress',
    });
    assert.deepEqual(await checkWebhookUrl('https://localhost/hook', { allowHttp: false, allowPrivate: true }), {
      url: 'https://localhost/hook',
    });
    // A name that does not resolve points nowhere: accepted (every delivery is checked when it connects).
    assert.deepEqual(await checkWebhookUrl('https://no-such-host.invalid/hook', DEFAULT_RULES), {
      url: 'https://no-such-host.invalid/hook',
    });
  });
});

describe('webhook SSRF guard in the app (default configuration)', () => {
  let t: TestApp;
  let a: PartnerUser;
  let trap: net.Server;
  let port = 0;
  let connections = 0;
  before(async () => {
    // A listener on loopback that only counts connections: a guarded delivery must never reach it.
    trap = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    port = (trap.address() as net.AddressInfo).port;
    t = await makeTestApp();
    a = await partnerWithUser(t, 'Club A', 'a@club.example');
  });
  after(async () => {
    await t.close();
    await new Promise((resolve) => trap.close(resolve));
  });

  it('refuses each forbidden address class on the form, naming the field', async () => {
    const refused = [
      'https://localhost/hook',
      'https://127.0.0.1/hook',
      'https://10.0.0.8/hook',
      'https://172.20.1.1/hook',
      'https://192.168.0.10/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://100.64.1.1/hook',
      'https://224.0.0.251/hook',
      'https://0.0.0.0/hook',
      'https://[::1]/hook',
      'https://[fd00::5]/hook',
      'https://[fe80::1]/hook',
      'https://[ff02::1]/hook',
      'https://[::]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[::ffff:a9fe:a9fe]/hook',
      'https://[::ffff:0:a9fe:a9fe]/hook',
      'https://[64:ff9b:1::a00:1]/hook',
    ];
    for (const url of refused) {
      const page = await a.agent.get('/partner/webhooks');
      const res = await a.agent
        .post('/partner/webhooks')
        .type('form')
        .send({ _csrf: csrfOf(page.text), url });
      assert.equal(res.status, 422, url);
      assert.match(
        res.text,
        /<span class="usa-error-message" id="webhook-url-error" role="alert">The address is not on the public internet/,
        url,
      );
      assert.match(res.text, /aria-describedby="webhook-url-error"/);
      // The address a name resolved to is not disclosed (issue 16, Low c).
      if (url.includes('localhost')) assert.doesNotMatch(res.text, /127\.0\.0\.1/, url);
    }
    const page = await a.agent.get('/partner/webhooks');
    const http = await a.agent
      .post('/partner/webhooks')
      .type('form')
      .send({ _csrf: csrfOf(page.text), url: 'http://hooks.example/x' });
    assert.equal(http.status, 422);
    assert.match(http.text, /must start with https:\/\//);
    assert.equal((await t.ctx.db('partners').where({ id: a.partner.id }).first()).webhook_url, null, 'nothing saved');
  });

  it('refuses at delivery a stored URL whose host is, or resolves to, loopback: no connection is made', async () => {
    for (const url of [
      `https://localhost:${port}/hook`,
      `https://127.0.0.1:${port}/hook`,
      `https://[::ffff:127.0.0.1]:${port}/hook`,
      `http://localhost:${port}/hook`,
    ]) {
      // As if saved when the name still resolved elsewhere (DNS rebinding), or before this guard.
      await t.ctx
        .db('partners')
        .where({ id: a.partner.id })
        .update({ webhook_url: url, webhook_secret_enc: t.ctx.cipher.encrypt('whsec_test') });
      await completeFromLink(t, `partner=${a.partner.id}&source=ssrf`);
      await t.ctx.jobs.runner.drain();
      await t.ctx.jobs.runner.drain();
      const rows = await t.ctx.db('webhook_deliveries').where({ url });
      assert.ok(rows.length >= 1, url);
      for (const row of rows) {
        assert.equal(row.status, 'failed', url);
        assert.match(row.last_error, url.startsWith('http:') ? /refused: http/ : /^refused: the address is not public$/, url);
      }
    }
    assert.equal(connections, 0);
  });
});

describe('webhook SSRF guard switched off (WEBHOOK_ALLOW_PRIVATE, the control)', () => {
  it('connects to the same loopback target', async () => {
    let connections = 0;
    const trap = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const t = await makeTestApp({ env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE: 'true' } });
    try {
      const a = await partnerWithUser(t, 'Club A', 'a@club.example');
      const page = await a.agent.get('/partner/webhooks');
      const url = `http://localhost:${(trap.address() as net.AddressInfo).port}/hook`;
      assert.equal(
        (
          await a.agent
            .post('/partner/webhooks')
            .type('form')
            .send({ _csrf: csrfOf(page.text), url })
        ).status,
        200,
      );
      await completeFromLink(t, `partner=${a.partner.id}`);
      await t.ctx.jobs.runner.drain();
      assert.ok(connections >= 1);
    } finally {
      await t.close();
      await new Promise((resolve) => trap.close(resolve));
    }
  });
});
