// /readyz from a router built with only the fakes it uses (no database, no volumes): the router
// takes its services as arguments, so the failure a load balancer must see is easy to stage.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import express from 'express';
import request from 'supertest';
import type { StorageHealth } from '@rollcall/storage';
import type { Db } from '../../../../server/db/connect.js';
import { healthRoutes } from '../../../../server/http/health.js';
import { createMetrics } from '../../../../server/http/metrics.js';

function health(writable: boolean[]): StorageHealth {
  return {
    writeQuorum: writable.length,
    hasWriteQuorum: writable.every(Boolean),
    volumes: writable.map((w, i) => ({ name: `v${i}`, writable: w, paths: [] })),
  } as unknown as StorageHealth;
}

function appWith(dbAnswers: boolean, writable: boolean[], metricsToken?: string, metrics = createMetrics()): express.Express {
  const db = { raw: async () => (dbAnswers ? [] : Promise.reject(new Error('SQLITE_CANTOPEN'))) } as unknown as Db;
  return express().use(healthRoutes({ db, storage: { health: () => health(writable) }, metrics, metricsToken }));
}

const TOKEN = 'm'.repeat(40);

describe('readyz with fakes', () => {
  it('is 200 when the database answers and storage has its quorum', async () => {
    const res = await request(appWith(true, [true, true])).get('/readyz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.reasons, []);
  });

  it('is 503 naming both reasons when the database is gone and a volume is not writable', async () => {
    const res = await request(appWith(false, [true, false])).get('/readyz');
    assert.equal(res.status, 503);
    assert.equal(res.body.status, 'unavailable');
    // Names no volume to anyone (issue 16, Low d): the status and the reasons are what a balancer needs.
    assert.deepEqual(res.body.reasons, ['database unreachable', 'storage below write quorum: 1 of 2 required volumes writable']);
    assert.equal(res.body.storage, undefined);
  });
});

describe('what /readyz and /metrics disclose (METRICS_TOKEN)', () => {
  const metricsNamingAPath = () => {
    const metrics = createMetrics();
    metrics.onStorageEvent({ type: 'path_state', volume: 'v0', path: '/mnt/secret-mount', from: 'healthy', to: 'hung' } as never);
    return metrics;
  };

  it('gives /readyz details only with the token, and the same status with or without it', async () => {
    const app = appWith(true, [true, false], TOKEN);
    const open = await request(app).get('/readyz');
    const withToken = await request(app).get('/readyz').set('Authorization', `Bearer ${TOKEN}`);
    const wrong = await request(app)
      .get('/readyz')
      .set('Authorization', `Bearer ${'x'.repeat(40)}`);
    assert.deepEqual([open.status, withToken.status, wrong.status], [503, 503, 503]);
    assert.doesNotMatch(JSON.stringify(open.body) + JSON.stringify(wrong.body), /v0|v1|volumes"/);
    assert.deepEqual(withToken.body.reasons, ['storage below write quorum: 1 of 2 required volumes writable (v0)']);
    assert.deepEqual(
      withToken.body.storage.volumes.map((v: { name: string }) => v.name),
      ['v0', 'v1'],
    );
    assert.equal((await request(appWith(true, [true, true], TOKEN)).get('/readyz')).status, 200, 'ready without a token');
  });

  it('answers /metrics (which names mount paths) only with the token when one is set', async () => {
    const app = appWith(true, [true], TOKEN, metricsNamingAPath());
    const open = await request(app).get('/metrics');
    assert.equal(open.status, 401);
    assert.match(String(open.headers['www-authenticate']), /^Bearer/);
    assert.doesNotMatch(open.text, /secret-mount/);
    assert.equal((await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}x`)).status, 401);
    const ok = await request(app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    assert.equal(ok.status, 200);
    assert.match(ok.text, /secret-mount/);
    // Without the setting, /metrics stays open (development, the test suites' load drivers).
    assert.equal((await request(appWith(true, [true])).get('/metrics')).status, 200);
  });
});
