// /healthz: the process answers. /readyz: the database answers and storage has its write quorum
// and its request slots are not all stuck and it is not draining for a stop (503 with the reason
// otherwise, so a load balancer takes the node out of rotation). /metrics: Prometheus.
//
// What they tell whom (issue 16, Low d): /metrics names every storage path (mount points) in its
// labels, so with METRICS_TOKEN set it answers only `Authorization: Bearer <token>` (401
// otherwise). /readyz answers everyone with its status code and reasons that name no volume or
// path; the volume names and path states only with the same token. Its status never depends on
// the token (a load balancer checks it without one).
import crypto from 'node:crypto';
import { Router, type Request } from 'express';
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
  /** METRICS_TOKEN: required for /metrics and for /readyz's details; undefined: /metrics open, /readyz no details. */
  metricsToken?: string;
}

/** Whether the request carries `Authorization: Bearer <token>` (compared in constant time). */
export function carriesToken(req: Request, token: string | undefined): boolean {
  if (!token) return false;
  const m = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
  if (!m) return false;
  const given = crypto.createHash('sha256').update(m[1]!).digest();
  return crypto.timingSafeEqual(given, crypto.createHash('sha256').update(token).digest());
}

/** Every slot taken this long without a break: the node is stuck, not busy (a surge frees slots every few ms). */
export const READY_SATURATED_MS = 10_000;

export function healthRoutes({ db, storage: replicatedStorage, metrics, saturatedForMs, metricsToken, draining }: HealthDeps): Router {
  const router = Router();
  router.get(paths.healthz, (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });
  router.get(paths.readyz, async (req, res) => {
    const detailed = carriesToken(req, metricsToken);
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
        `storage below write quorum: ${writable.length} of ${storage.writeQuorum} required volumes writable` +
          (detailed ? ` (${writable.join(', ') || 'none'})` : ''),
      );
    }
    res
      .set('Cache-Control', 'no-store')
      .status(reasons.length ? 503 : 200)
      .json({
        status: reasons.length ? 'unavailable' : 'ready',
        reasons,
        ...(detailed && {
          storage: {
            writeQuorum: storage.writeQuorum,
            volumes: storage.volumes.map((v) => ({ name: v.name, writable: v.writable, paths: v.paths.map((p) => ({ state: p.state })) })),
          },
        }),
      });
  });
  router.get(paths.metrics, async (req, res) => {
    if (metricsToken && !carriesToken(req, metricsToken)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"').set('Cache-Control', 'no-store').status(401).json({ error: 'unauthorized' });
      return;
    }
    res.set('Content-Type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
