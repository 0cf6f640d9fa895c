// How much the fuzz suite runs, and the tally it reports. FUZZ_RUNS scales the runs of every
// property (cheap properties run a multiple of it); the seed is fixed unless FUZZ_SEED says
// otherwise, so a failure replays exactly. fast-check prints seed, path and the counterexample;
// FUZZ_SHRINK=1 lets it shrink the counterexample first (slow: every try is requests).
import fc from 'fast-check';

export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 30) || 30);
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261205) || 20261205;
/**
 * Time allowed to one property after its first MIN_RUNS cases (ms; FUZZ_BUDGET_MS=0: no limit),
 * so the suite stays well under a minute on a small, shared machine: a sign-in form spends ~1 s of
 * argon2 per case there. The cases come in the same order on every machine (fixed seed); a slower
 * one runs fewer of them, and the tally line says how many ran.
 */
export const FUZZ_BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 500);
const MIN_RUNS = 2;

/**
 * Runs `property` `scale` × FUZZ_RUNS times: MIN_RUNS cases whatever the time, then the rest
 * (other seed) until `budget` × FUZZ_BUDGET_MS runs out. Throws fast-check's report on a failure.
 */
export async function checkProperty<Ts>(property: fc.IAsyncProperty<Ts>, scale = 1, budget = 1): Promise<void> {
  const runs = Math.max(MIN_RUNS, Math.round(scale * FUZZ_RUNS));
  const common = { endOnFailure: process.env.FUZZ_SHRINK !== '1', includeErrorInReport: true };
  await fc.assert(property, { ...common, numRuns: MIN_RUNS, seed: FUZZ_SEED });
  if (runs === MIN_RUNS) return;
  const limit = FUZZ_BUDGET_MS > 0 ? { interruptAfterTimeLimit: budget * FUZZ_BUDGET_MS, markInterruptAsFailure: false } : {};
  const details = await fc.check(property, { ...common, ...limit, numRuns: runs - MIN_RUNS, seed: FUZZ_SEED + 1 });
  // Running out of time is not a failure (fast-check counts "interrupted before any run" as one).
  if (details.failed && (details.counterexample !== null || !details.interrupted))
    throw new Error((await fc.asyncDefaultReportMessage(details)) ?? 'property failed');
}

/** Counts every request the properties send, and the routes they were aimed at. */
export class Tally {
  cases = 0;
  readonly routes = new Set<string>();

  count(route: string): void {
    this.cases++;
    this.routes.add(route);
  }

  line(): string {
    return `fuzz: ${this.cases} cases across ${this.routes.size} routes (FUZZ_RUNS=${FUZZ_RUNS}, FUZZ_BUDGET_MS=${FUZZ_BUDGET_MS}, FUZZ_SEED=${FUZZ_SEED})`;
  }
}
