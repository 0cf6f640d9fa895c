// /healthz: the process answers. /readyz: the database answers and storage has its write quorum
// and its request slots are not all stuck and it is not draining for a stop (503 with the reason
// otherwise, so a load balancer takes the node out of rotation). /metrics: Prometheus.
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
  /** How long every request slot has been taken without a break (admission.ts), in ms. */
  saturatedForMs?: () => number;
  /** True once the node drains for a stop (SIGTERM, drain.ts): the balancer must send no more work. */
  draining?: () => boolean;
}

/** Every slot taken this long without a break: the node is stuck, not busy (a surge frees slots every few ms). */
export const READY_SATURATED_MS = 10_000;

export function healthRoutes({ db, storage: replicatedStorage, metrics, saturatedForMs, draining }: HealthDeps): Router {
  const router = Router();
  router.get(paths.healthz, (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get(paths.readyz, async (_req, res) => {
    const reasons: string[] = [];
    // Draining: say so at once (no database ping to wait for): the balancer must stop sending work.
    if (draining?.()) {
      res
        .set('Cache-Control', 'no-store')
        .status(503)
        .json({ status: 'unavailable', reasons: ['draining: the node is stopping (SIGTERM)'] });
      return;
    }
    try {
      await ping(db);
    } catch {
      reasons.push('database unreachable');
    }
    const saturated = saturatedForMs?.() ?? 0;
    if (saturated >= READY_SATURATED_MS)
      reasons.push(`every request slot (MAX_IN_FLIGHT) has been taken for ${Math.round(saturated / 1000)} s without a break`);
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
