// Draining on SIGTERM (server/http/drain.ts, main.ts): a balancer learns that a node is going only
// from /readyz, so the node must say 503 there at once while it still serves every other request,
// for DRAIN_SECONDS, and only then stop listening and exit 0.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';
import { startServer, type ServerProcess } from '../../../../support/server-process.js';

describe('drain (the app)', () => {
  let t: TestApp;
  before(async () => (t = await makeTestApp()));
  after(() => t.close());

  it('answers /readyz 503 naming the drain, and still serves pages, closing their connections', async () => {
    assert.equal((await request(t.app).get('/readyz')).status, 200);
    t.ctx.http.drain.start();
    const ready = await request(t.app).get('/readyz');
    assert.equal(ready.status, 503);
    assert.deepEqual(ready.body.reasons, ['draining: the node is stopping (SIGTERM)']);
    const page = await request(t.app).get('/');
    assert.equal(page.status, 200);
    assert.equal(page.headers.connection, 'close');
  });
});

describe('drain (rollcall serve, SIGTERM)', { timeout: 60_000 }, () => {
  let dir: string;
  let server: ServerProcess;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-drain-'));
    server = await startServer({
      name: 'drain',
      env: {
        DATA_DIR: dir,
        APP_KEY: crypto.randomBytes(32).toString('base64'),
        HOST: '127.0.0.1',
        PORT: '0',
        DRAIN_SECONDS: '3',
        JOB_WORKERS: '0',
      },
      logFile: path.join(dir, 'server.log'),
    });
  });
  after(async () => {
    await server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says 503 on /readyz at once, serves what arrives during the drain, then exits 0', async () => {
    assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
    server.child.kill('SIGTERM');
    // Poll until the signal has been handled (a few ms); the drain lasts 3 s, so there is room.
    let ready = 200;
    for (let i = 0; i < 100 && ready === 200; i++) {
      ready = (await fetch(`${server.url}/readyz`)).status;
      if (ready === 200) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(ready, 503, '/readyz during the drain');
    const page = await fetch(`${server.url}/`);
    assert.equal(page.status, 200, 'a page asked for during the drain is served');
    assert.equal(page.headers.get('connection'), 'close');
    assert.equal(await server.exited, 0, 'exit code after the drain');
  });
});
