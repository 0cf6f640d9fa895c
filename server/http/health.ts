// /healthz: the process answers. /readyz: the database answers and storage has its write quorum
// (503 with the reason otherwise, so a load balancer drains the node). /metrics: Prometheus.
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { ping } from '../db/connect.js';
import { paths } from './paths.js';

export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get(paths.healthz, (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get(paths.readyz, async (_req, res) => {
    const reasons: string[] = [];
    try {
      await ping(ctx.db);
    } catch {
      reasons.push('database unreachable');
    }
    const storage = ctx.storage.health();
    if (!storage.hasWriteQuorum) {
      const writable = storage.volumes.filter((v) => v.writable).map((v) => v.name);
      reasons.push(`storage below write quorum: ${writable.length} of ${storage.writeQuorum} required volumes writable (${writable.join(', ') || 'none'})`);
    }
    res.set('Cache-Control', 'no-store').status(reasons.length ? 503 : 200).json({
      status: reasons.length ? 'unavailable' : 'ready',
      reasons,
      storage: { writeQuorum: storage.writeQuorum, volumes: storage.volumes.map((v) => ({ name: v.name, writable: v.writable, paths: v.paths.map((p) => ({ state: p.state })) })) },
    });
  });
  router.get(paths.metrics, async (_req, res) => {
    res.set('Content-Type', ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  return router;
}
