// A cap on the requests one client has open at once (its address, an IPv6 client's /64:
// client-address.ts), counted from the moment a request arrives, before its body is read. A client
// that opens hundreds of connections and sends their bodies a byte at a time holds at most this
// many; the rest are refused at once (429 with Retry-After), and other clients never notice. The
// global shedding (admission.ts) counts only requests whose bodies are in, so it measures the work
// the server does, not the patience of a slow sender.
import type { RequestHandler } from 'express';
import { TooManyRequests } from '../errors.js';
import { clientOf } from './client-address.js';
import { whenAnswered } from './when-answered.js';

export interface PerClientOptions {
  maxPerClient: number;
  /** Counts each refusal (a Prometheus counter in production). */
  onRefused?: () => void;
}

export function perClientLimit(opts: PerClientOptions): RequestHandler & { openFor(client: string): number } {
  const open = new Map<string, number>();
  const handler: RequestHandler = (req, res, next) => {
    const client = clientOf(req);
    const count = open.get(client) ?? 0;
    if (count >= opts.maxPerClient) {
      opts.onRefused?.();
      res.set('Retry-After', '1');
      return next(new TooManyRequests(1));
    }
    open.set(client, count + 1);
    whenAnswered(res, () => {
      const left = (open.get(client) ?? 1) - 1;
      if (left > 0) open.set(client, left);
      else open.delete(client);
    });
    next();
  };
  return Object.assign(handler, { openFor: (client: string) => open.get(client) ?? 0 });
}
