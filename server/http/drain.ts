// Draining before a stop (SIGTERM). A balancer learns that a node is going only from /readyz: so
// the node first answers /readyz 503 while it still serves everything that reaches it, for
// DRAIN_SECONDS (long enough for the balancer's health checks to take it out of rotation), and
// only then stops listening. Meanwhile its answers carry `Connection: close`, so the balancer's
// kept-alive connections end after the request in hand and its next requests open connections to
// the nodes still in rotation. main.ts starts the drain; health.ts and app.ts read it.
import type { RequestHandler } from 'express';

export interface Drain {
  /** From now on /readyz says 503 and answers close their connections. */
  start(): void;
  draining(): boolean;
  /** Express middleware: `Connection: close` on every answer while draining. */
  closeConnections: RequestHandler;
}

export function createDrain(): Drain {
  let draining = false;
  return {
    start: () => void (draining = true),
    draining: () => draining,
    closeConnections: (_req, res, next) => {
      if (draining) res.set('Connection', 'close');
      next();
    },
  };
}
