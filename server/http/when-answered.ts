// Runs `release` once when a request is over: its answer sent ('finish') or its client gone
// ('close'), whichever comes first. The slot counters (admission.ts, per-client.ts) give their
// place back with it.
import type { Response } from 'express';

export function whenAnswered(res: Response, release: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    release();
  };
  res.on('finish', once);
  res.on('close', once);
}
