// Webhooks against a real local HTTP sink: both events, signed; retried with backoff through the
// job queue after a failure; the delivery log in the portal; another partner sees none of it.
// The sink is on loopback over http, so this app explicitly allows both (the SSRF guard with the
// default configuration is webhook-ssrf.test.ts).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FakeClock } from '../../../../server/clock.js';
import { type TestApp } from '../../../support/app-fixture.js';
import { csrfOf } from '../../../support/voter-session.js';
import { completeFromLink, type PartnerUser, appWithClubsAAndB } from '../../../support/partners.js';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe('webhooks', () => {
  let t: TestApp;
  let sink: http.Server;
  let sinkUrl = '';
  const received: Received[] = [];
  let failNext = 0;
  let a: PartnerUser;
  let b: PartnerUser;
  let secret = '';

  before(async () => {
    sink = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        if (failNext > 0) {
          failNext--;
          res.writeHead(500).end('no');
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
    ({ t, a, b } = await appWithClubsAAndB({ env: { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE: 'true' } }));
  });
  after(async () => {
    await t.close();
    await new Promise((resolve) => sink.close(resolve));
  });

  it('sets the URL in the portal and shows the signing secret once', async () => {
    const page = await a.agent.get('/partner/webhooks');
    assert.equal(page.status, 200);
    const bad = await a.agent
      .post('/partner/webhooks')
      .type('form')
      .send({ _csrf: csrfOf(page.text), url: 'ftp://example.org/hook' });
    assert.equal(bad.status, 422);
    const res = await a.agent
      .post('/partner/webhooks')
      .type('form')
      .send({ _csrf: csrfOf(page.text), url: `${sinkUrl}/a-hook` });
    assert.equal(res.status, 200);
    secret = /<code id="new-secret">(whsec_[A-Za-z0-9_-]+)<\/code>/.exec(res.text)?.[1] ?? '';
    assert.ok(secret);
    const row = await t.ctx.db('partners').where({ id: a.partner.id }).first();
    assert.equal(row.webhook_url, `${sinkUrl}/a-hook`);
    assert.ok(!String(row.webhook_secret_enc).includes(secret), 'secret sealed at rest');
    assert.doesNotMatch((await a.agent.get('/partner/webhooks')).text, /whsec_/);
  });

  it('delivers registration.completed and registration.pdf_ready, signed with HMAC', async () => {
    await completeFromLink(t, `partner=${a.partner.id}&source=hooked`);
    await completeFromLink(t, `partner=${b.partner.id}&source=b-only`); // B has no webhook
    await t.ctx.jobs.runner.drain();
    await t.ctx.jobs.runner.drain();
    assert.deepEqual(received.map((r) => JSON.parse(r.body).type).sort(), ['registration.completed', 'registration.pdf_ready']);
    for (const r of received) {
      assert.equal(r.path, '/a-hook');
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-rollcall-signature']));
      assert.ok(m);
      const expected = crypto.createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest('hex');
      assert.equal(m[2], expected);
      const event = JSON.parse(r.body);
      assert.equal(event.data.registration.source, 'hooked');
      assert.doesNotMatch(r.body, /D1234567|Núñez|ana@example/); // no personal data in events
    }
    const log = await a.agent.get('/partner/webhooks');
    assert.equal([...log.text.matchAll(/<td>delivered<\/td>/g)].length, 2);
  });

  it('retries a failed delivery with backoff through the queue, and logs each try', async () => {
    received.length = 0;
    failNext = 2;
    await completeFromLink(t, `partner=${a.partner.id}&source=retry`);
    await t.ctx.jobs.runner.drain(); // render + completed (fails) + pdf_ready (fails)
    assert.equal(received.length, 2);
    let log = await a.agent.get('/partner/webhooks');
    assert.equal([...log.text.matchAll(/<td>retrying<\/td><td>1<\/td><td>500 answered 500<\/td>/g)].length, 2);
    assert.equal(await t.ctx.jobs.runner.drain(), 0, 'not before the backoff');
    (t.clock as FakeClock).advance(1_500);
    await t.ctx.jobs.runner.drain();
    assert.equal(received.length, 4);
    log = await a.agent.get('/partner/webhooks');
    assert.equal([...log.text.matchAll(/<td>delivered<\/td><td>2<\/td>/g)].length, 2);
  });

  it('shows another partner none of these deliveries', async () => {
    const log = await b.agent.get('/partner/webhooks');
    assert.match(log.text, /No deliveries yet/);
    assert.doesNotMatch(log.text, /127\.0\.0\.1/);
  });
});
