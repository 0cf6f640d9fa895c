// How many ZIPs of each state reach a county or town office: decided by the ZIP alone, by a
// question to the voter, or not at all (the state office). Printed by bin/build-election-offices.ts
// and checked by the tests; the figures are in docs/election-offices.md.
import { parseCsv } from './csv.js';
import type { OfficeData } from './types.js';

export interface StateCoverage {
  state: string;
  zips: number;
  decided: number;
  question: number;
}

/** Over the ZIPs of the source file that are not military (APO/FPO have no county). */
export function coverageByState(data: OfficeData, zipCsv: string): StateCoverage[] {
  const byState = new Map<string, StateCoverage>();
  for (const z of parseCsv(zipCsv)) {
    if (z.type === 'MILITARY') continue;
    const state = z.state!;
    const entry = byState.get(state) ?? { state, zips: 0, decided: 0, question: 0 };
    const candidates = data.zips[z.zip!]?.length ?? 0;
    entry.zips++;
    if (candidates === 1) entry.decided++;
    else if (candidates > 1) entry.question++;
    byState.set(state, entry);
  }
  return [...byState.values()].sort((a, b) => a.state.localeCompare(b.state));
}

const percent = (n: number, of: number) => `${((100 * n) / Math.max(of, 1)).toFixed(1)} %`;

export function formatCoverage(rows: readonly StateCoverage[]): string {
  const lines = rows.map(
    (r) =>
      `| ${r.state} | ${r.zips} | ${percent(r.decided, r.zips)} | ${percent(r.question, r.zips)} | ${percent(r.zips - r.decided - r.question, r.zips)} |`,
  );
  const total = rows.reduce((t, r) => ({ zips: t.zips + r.zips, decided: t.decided + r.decided, question: t.question + r.question }), {
    zips: 0,
    decided: 0,
    question: 0,
  });
  return [
    '| state | ZIPs | office by ZIP | question | state office |',
    '|---|---|---|---|---|',
    ...lines,
    `| all | ${total.zips} | ${percent(total.decided, total.zips)} | ${percent(total.question, total.zips)} | ${percent(total.zips - total.decided - total.question, total.zips)} |`,
    '',
  ].join('\n');
}
