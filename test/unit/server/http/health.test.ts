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

function appWith(dbAnswers: boolean, writable: boolean[]): express.Express {
  const db = { raw: async () => (dbAnswers ? [] : Promise.reject(new Error('SQLITE_CANTOPEN'))) } as unknown as Db;
  return express().use(healthRoutes({ db, storage: { health: () => health(writable) }, metrics: createMetrics() }));
}

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
    assert.deepEqual(res.body.reasons, ['database unreachable', 'storage below write quorum: 1 of 2 required volumes writable (v0)']);
  });
});
