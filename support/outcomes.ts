// What became of each registration a load driver tried to make, once retries are counted: the
// categories the surge report and the multi-node checks print (see load.ts for the retry rules).
import type { Sent } from './load.js';

export interface Outcomes {
  /** Registrations tried (each with its own Idempotency-Key; retries are not counted again). */
  tried: number;
  acceptedFirstTry: number;
  /** Registrations that got at least one 503 (load shed) and were retried. */
  shedAndRetried: number;
  /** 503 answers in all. */
  shedAnswers: number;
  /** Accepted (201) after one or more retries. */
  eventuallyAccepted: number;
  /** Accepted on a retry whose answer said Idempotent-Replayed: an earlier, unanswered try had made it. */
  replayed: number;
  /** Out of retry budget, still without a 201 (last answer a 503 or no answer). */
  gaveUp: number;
  /** Answers other than 201 and 503 (a 4xx, a 500), the final ones included. */
  otherErrors: number;
  /** Connection errors and timeouts (retried with the same key, or, out of budget, given up). */
  connectionErrors: number;
}

export function outcomes(sent: Sent[]): Outcomes {
  const ok = sent.filter((s) => s.status === 201 && s.id);
  return {
    tried: sent.length,
    acceptedFirstTry: ok.filter((s) => s.attempts === 1).length,
    shedAndRetried: sent.filter((s) => s.shed > 0 && s.attempts > 1).length,
    shedAnswers: sent.reduce((n, s) => n + s.shed, 0),
    eventuallyAccepted: ok.filter((s) => s.attempts > 1).length,
    replayed: ok.filter((s) => s.replayed).length,
    gaveUp: sent.filter((s) => s.status === 503 || s.status === 0).length,
    otherErrors: sent.reduce((n, s) => n + s.otherErrors, 0),
    connectionErrors: sent.reduce((n, s) => n + s.connectionErrors, 0),
  };
}
