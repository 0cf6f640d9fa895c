// Load shedding. Past `maxInFlight` requests at once in this process, a new request is answered
// 503 with Retry-After at once instead of joining a queue whose wait would grow without bound:
// during a surge, the accepted requests keep a short latency and the rest get a fast, honest
// "busy, retry" (the widget, the API clients and the bench driver retry; a voter's saved answers
// are safe). Health, readiness, metrics and static files are never shed: a load balancer must
// still see the node, and pages already served must still get their CSS.
import type { RequestHandler } from 'express';
import { Overloaded } from '../errors.js';
import { paths } from '../paths.js';
import { whenAnswered } from './when-answered.js';

export interface AdmissionOptions {
  maxInFlight: number;
  retryAfterSeconds: number;
  /** Counts each shed request (a Prometheus counter in production). */
  onShed?: () => void;
}

const NEVER_SHED: string[] = [paths.healthz, paths.readyz, paths.metrics];
const STATIC_PREFIXES = [paths.assets, paths.uswds];

export interface Admission extends RequestHandler {
  inFlight(): number;
  /**
   * How long every slot has been taken without a break (0 when one is free). A surge frees and
   * retakes slots all the time; slots that stay taken for seconds mean the node is stuck, and
   * /readyz then says so (a balancer sends the work elsewhere).
   */
  saturatedForMs(): number;
}

export function admission(opts: AdmissionOptions): Admission {
  let inFlight = 0;
  let fullSince: number | null = null;
  const handler: RequestHandler = (req, res, next) => {
    if (NEVER_SHED.includes(req.path) || STATIC_PREFIXES.some((p) => req.path.startsWith(p + '/'))) return next();
    if (inFlight >= opts.maxInFlight) {
      opts.onShed?.();
      res.set('Retry-After', String(opts.retryAfterSeconds));
      return next(new Overloaded(opts.retryAfterSeconds));
    }
    inFlight++;
    if (inFlight >= opts.maxInFlight && fullSince === null) fullSince = performance.now();
    whenAnswered(res, () => {
      inFlight--;
      if (inFlight < opts.maxInFlight) fullSince = null;
    });
    next();
  };
  return Object.assign(handler, {
    inFlight: () => inFlight,
    saturatedForMs: () => (fullSince === null ? 0 : performance.now() - fullSince),
  });
}
