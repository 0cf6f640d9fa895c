// Slow senders (the red team's "slowloris" finding): one client opens many connections and sends
// each body a byte at a time. Before, every such request took one of the MAX_IN_FLIGHT slots
// before its body was read, so everyone else was answered 503 for as long as they dripped (node
// allowed 300 s), while /readyz said ready. Now: the client holds at most its own
// MAX_IN_FLIGHT_PER_CLIENT, the rest of its connections are refused at once, other clients are
// served, and node closes a request that has not arrived within REQUEST_TIMEOUT_SECONDS.
import assert from 'node:assert/strict';
import type http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import { admission } from '../../../../server/http/admission.js';
import { healthRoutes, READY_SATURATED_MS } from '../../../../server/http/health.js';
import { createHttpServer } from '../../../../server/http/http-server.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';

interface Dripper {
  socket: net.Socket;
  answer: string;
  closed: boolean;
}

/** A POST whose body (1,000 bytes announced) comes one byte every 200 ms, from this machine. */
function drip(port: number, timers: NodeJS.Timeout[]): Dripper {
  const d: Dripper = { socket: net.connect(port, '127.0.0.1'), answer: '', closed: false };
  d.socket.on('error', () => {});
  d.socket.on('data', (b: Buffer) => (d.answer += b.toString('latin1')));
  d.socket.on('close', () => (d.closed = true));
  d.socket.write(
    'POST /register HTTP/1.1\r\nHost: rollcall.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n',
  );
  timers.push(
    setInterval(() => {
      if (!d.socket.destroyed) d.socket.write('a');
    }, 200),
  );
  return d;
}

async function until(what: string, ok: () => boolean, limitMs = 20_000): Promise<void> {
  for (let waited = 0; !ok(); waited += 20) {
    if (waited > limitMs) assert.fail(`waited ${limitMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('slow senders', { timeout: 60_000 }, () => {
  let t: TestApp;
  let server: http.Server;
  let port = 0;
  const timers: NodeJS.Timeout[] = [];
  const drippers: Dripper[] = [];
  before(async () => {
    t = await makeTestApp({ env: { MAX_IN_FLIGHT: '16', MAX_IN_FLIGHT_PER_CLIENT: '8', TRUSTED_PROXIES: 'loopback' } });
    server = createHttpServer(t.app, 3000);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  after(async () => {
    for (const timer of timers) clearInterval(timer);
    for (const d of drippers) d.socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('holds one client to its share, serves everyone else, and closes what has not arrived in time', async () => {
    for (let i = 0; i < 20; i++) drippers.push(drip(port, timers));
    // Eight are let in (their bodies arriving); the other twelve are refused at once.
    await until('twelve refusals', () => drippers.filter((d) => d.answer.startsWith('HTTP/1.1 429')).length === 12);
    assert.match(drippers.find((d) => d.answer.startsWith('HTTP/1.1 429'))!.answer, /\r\nretry-after: 1\r\n/i);
    // Another client (its address forwarded by the trusted proxy on loopback) is served meanwhile.
    const home = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    assert.equal(home.status, 200, 'another voter is served while one client drips');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    assert.equal(ready.status, 200);
    // The eight still dripping are cut off at the request deadline (3 s here): 408, closed.
    await until('every connection closed', () => drippers.every((d) => d.closed));
    const held = drippers.filter((d) => !d.answer.startsWith('HTTP/1.1 429'));
    assert.equal(held.length, 8);
    for (const d of held) assert.match(d.answer, /^HTTP\/1\.1 408/, 'a request that did not arrive in time: 408');
  });
});

describe('/readyz and stuck request slots', () => {
  it('says not ready once every slot has been taken for READY_SATURATED_MS without a break, and ready when one frees', async () => {
    const gate = admission({ maxInFlight: 2, retryAfterSeconds: 1 });
    const held: express.Response[] = [];
    const app = express();
    app.use(gate);
    app.get('/hold', (_req, res) => void held.push(res));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    try {
      const holds = [fetch(`${base}/hold`), fetch(`${base}/hold`)];
      await until('two held', () => held.length === 2);
      assert.ok(gate.saturatedForMs() > 0, 'every slot taken');
      held.pop()!.send('done');
      await holds[1];
      assert.equal(gate.saturatedForMs(), 0, 'a slot free: not saturated');
      held.pop()!.send('done');
      await holds[0];
    } finally {
      server.close();
    }

    // The health route turns a long saturation into a 503 with the reason.
    const t = await makeTestApp();
    try {
      const health = express().use(
        healthRoutes({ db: t.ctx.db, storage: t.ctx.storage, metrics: t.ctx.http.metrics, saturatedForMs: () => READY_SATURATED_MS + 1 }),
      );
      const res = await request(health).get('/readyz');
      assert.equal(res.status, 503);
      assert.match(res.body.reasons.join(' '), /every request slot \(MAX_IN_FLIGHT\) has been taken for 10 s/);
      const fine = express().use(
        healthRoutes({ db: t.ctx.db, storage: t.ctx.storage, metrics: t.ctx.http.metrics, saturatedForMs: () => 50 }),
      );
      assert.equal((await request(fine).get('/readyz')).status, 200);
    } finally {
      await t.close();
    }
  });
});
