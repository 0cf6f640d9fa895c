// /healthz: the process answers. /readyz: the database answers and storage has its write quorum
// (503 with the reason otherwise, so a load balancer drains the node). /metrics: Prometheus.
import { Router } from 'express';
import { ping } from '../db/connect.js';
import { paths } from '../paths.js';
import type { Db } from '../db/connect.js';
import type { Metrics } from './metrics.js';
import type { ReplicatedStorage } from '@rollcall/storage';

/** What healthRoutes uses, and nothing else. */
export interface HealthDeps {
  db: Db;
  storage: Pick<ReplicatedStorage, 'health'>;
  metrics: Metrics;
}

export function healthRoutes({ db, storage: replicatedStorage, metrics }: HealthDeps): Router {
  const router = Router();
  router.get(paths.healthz, (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get(paths.readyz, async (_req, res) => {
    const reasons: string[] = [];
    try {
      await ping(db);
    } catch {
      reasons.push('database unreachable');
    }
    const storage = replicatedStorage.health();
    if (!storage.hasWriteQuorum) {
      const writable = storage.volumes.filter((v) => v.writable).map((v) => v.name);
      reasons.push(
        `storage below write quorum: ${writable.length} of ${storage.writeQuorum} required volumes writable (${writable.join(', ') || 'none'})`,
      );
    }
    res
      .set('Cache-Control', 'no-store')
      .status(reasons.length ? 503 : 200)
      .json({
        status: reasons.length ? 'unavailable' : 'ready',
        reasons,
        storage: {
          writeQuorum: storage.writeQuorum,
          volumes: storage.volumes.map((v) => ({ name: v.name, writable: v.writable, paths: v.paths.map((p) => ({ state: p.state })) })),
        },
      });
  });
  router.get(paths.metrics, async (_req, res) => {
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
