// Load shedding: past MAX_IN_FLIGHT requests at once, new ones get 503 + Retry-After at once
// (JSON on the API, the busy page elsewhere), health checks are never shed, and the count of
// requests in flight comes back down when responses finish or clients hang up.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { admission } from '../../../../server/http/admission.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { holdOneSlot } from '../../../support/hold-slot.js';

describe('admission (load shedding)', () => {
  it('sheds past maxInFlight, never health checks, and admits again once requests finish', async () => {
    const gate = admission({ maxInFlight: 2, retryAfterSeconds: 3 });
    const app = express();
    const held: express.Response[] = [];
    app.use(gate);
    app.get('/healthz', (_req, res) => res.send('ok'));
    app.get('/slow', (_req, res) => void held.push(res));
    app.use(
      (err: { status: number; retryAfterSeconds: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(err.status).json({ retryAfter: err.retryAfterSeconds });
      },
    );
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const slow = [fetch(`${base}/slow`), fetch(`${base}/slow`)];
      while (held.length < 2) await new Promise((r) => setTimeout(r, 5));
      assert.equal(gate.inFlight(), 2);
      const shed = await fetch(`${base}/slow`);
      assert.equal(shed.status, 503);
      assert.equal(shed.headers.get('retry-after'), '3');
      assert.equal((await fetch(`${base}/healthz`)).status, 200, 'health checks are never shed');
      for (const res of held.splice(0)) res.send('done');
      await Promise.all(slow);
      assert.equal(gate.inFlight(), 0);
      const again = fetch(`${base}/slow`);
      while (held.length < 1) await new Promise((r) => setTimeout(r, 5));
      held.pop()!.send('done');
      assert.equal((await again).status, 200);
    } finally {
      server.close();
    }
  });

  it('counts a request whose client hung up as finished', async () => {
    const gate = admission({ maxInFlight: 1, retryAfterSeconds: 1 });
    const app = express();
    let arrived = false;
    app.use(gate);
    app.get('/hang', () => void (arrived = true)); // never answers
    const server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const req = http.get({ host: '127.0.0.1', port, path: '/hang' });
      req.on('error', () => {});
      while (!arrived) await new Promise((r) => setTimeout(r, 5));
      assert.equal(gate.inFlight(), 1);
      req.destroy();
      while (gate.inFlight() > 0) await new Promise((r) => setTimeout(r, 5));
      assert.equal(gate.inFlight(), 0);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  describe('in the app', () => {
    let t: TestApp;
    before(async () => {
      t = await makeTestApp({ env: { MAX_IN_FLIGHT: '1' }, storageOptions: { callDeadlineMs: 60_000 } });
    });
    after(() => t.close());

    it('answers a shed API request with JSON naming the condition, and a page with the busy page', async () => {
      // Hold one request open on the app (a PDF download on hung storage), then ask for more.
      const server = http.createServer(t.app).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const release = await holdOneSlot(t, server);
      try {
        const api = await request(server).post('/api/v1/registrations').send({});
        assert.equal(api.status, 503);
        assert.equal(api.body.error, 'busy');
        assert.equal(api.headers['retry-after'], '2');
        // A voter's page: the busy page (voter/busy-page.ts), which refreshes itself after Retry-After.
        const page = await request(server).get('/?lang=es');
        assert.equal(page.status, 503);
        assert.match(page.text, /Mucha gente se está inscribiendo/);
        assert.match(page.text, /<meta http-equiv="refresh" content="2">/);
        // A voter's form: its fields come back in a form to send again (the app wires the busy page after the parsers).
        const form = await request(server).post('/register').type('form').send({ _csrf: 't', lang: 'en', zip: '95814' });
        assert.equal(form.status, 503);
        assert.match(form.text, /<input type="hidden" name="zip" value="95814">/);
        assert.equal((await request(server).get('/healthz')).status, 200);
        const metrics = await request(server).get('/metrics');
        assert.match(metrics.text, /rollcall_http_requests_shed_total 3/);
      } finally {
        release();
        server.closeAllConnections();
        server.close();
      }
    });
  });
});
