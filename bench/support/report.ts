// Turns one load step (what the driver saw + what the database says) into figures.
import type { ReadyRow } from '../../support/db-watch.js';
import { percentile, type LoadResult } from '../../support/load.js';

export interface StepFigures {
  rate: number;
  durationS: number;
  sent: number;
  accepted: number;
  errors: number;
  /** Registrations that needed a retry (a 503 shed, a connection error; same Idempotency-Key). */
  retried: number;
  skipped: number;
  errorSamples: string[];
  acceptedPerS: number;
  submitP50Ms: number;
  submitP99Ms: number;
  submitMaxMs: number;
  /** Registrations made durable (pdf_ready) per second, from the first submit to the last pdf_ready. */
  durablePerS: number;
  /** Of the accepted ones, how many were pdf_ready when the load stopped. */
  readyAtEndOfLoad: number;
  readyP50Ms: number;
  readyP99Ms: number;
  lost: number;
  serverCpuS: number;
  cpuMsPerRegistration: number;
}

export function figures(
  rate: number,
  durationS: number,
  load: LoadResult,
  rows: ReadyRow[],
  loadEndedAt: number,
  serverCpuS: number,
): StepFigures {
  const ok = load.sent.filter((s) => s.status === 201 && s.id);
  const bad = load.sent.filter((s) => !(s.status === 201 && s.id));
  const lat = load.sent.map((s) => s.latencyMs);
  const byUid = new Map(rows.map((r) => [r.uid, r]));
  const ready = ok.map((s) => byUid.get(s.id!)).filter((r): r is ReadyRow => !!r && r.status === 'pdf_ready' && r.pdf_ready_at !== null);
  const firstSubmit = Math.min(...rows.map((r) => r.submitted_at));
  const lastReady = Math.max(...ready.map((r) => r.pdf_ready_at!));
  const toReady = ready.map((r) => r.pdf_ready_at! - r.submitted_at);
  const samples = [...new Set(bad.map((b) => `${b.status} ${b.error ?? ''}`.slice(0, 120)))].slice(0, 5);
  return {
    rate,
    durationS,
    sent: load.sent.length,
    accepted: ok.length,
    errors: bad.length,
    retried: load.sent.filter((s) => s.attempts > 1).length,
    skipped: load.skipped,
    errorSamples: samples,
    acceptedPerS: ok.length / durationS,
    submitP50Ms: percentile(lat, 50),
    submitP99Ms: percentile(lat, 99),
    submitMaxMs: Math.max(...lat),
    durablePerS: ready.length / Math.max(0.001, (lastReady - firstSubmit) / 1000),
    readyAtEndOfLoad: ready.filter((r) => r.pdf_ready_at! <= loadEndedAt).length,
    readyP50Ms: percentile(toReady, 50),
    readyP99Ms: percentile(toReady, 99),
    lost: ok.length - ok.filter((s) => byUid.has(s.id!)).length,
    serverCpuS,
    cpuMsPerRegistration: ok.length ? (serverCpuS * 1000) / ok.length : NaN,
  };
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '-');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');

export function stepTable(steps: StepFigures[]): string {
  const head = [
    'rate/s',
    'sent',
    'accepted/s',
    'errors',
    'retried',
    'p50 ms',
    'p99 ms',
    'max ms',
    'durable/s',
    'submit→ready p50',
    'p99',
    'CPU ms/reg',
  ];
  const rows = steps.map((s) => [
    f0(s.rate),
    f0(s.sent),
    f1(s.acceptedPerS),
    f0(s.errors + s.skipped),
    f0(s.retried ?? 0),
    f1(s.submitP50Ms),
    f1(s.submitP99Ms),
    f0(s.submitMaxMs),
    f1(s.durablePerS),
    `${f0(s.readyP50Ms)} ms`,
    `${f0(s.readyP99Ms)} ms`,
    f1(s.cpuMsPerRegistration),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

/** A step is sustained when every request was accepted at its first try, p99 submit < 250 ms, and
 *  the PDFs kept up (p99 submit→pdf_ready under 5 s, i.e. no backlog growing through the step). */
export function sustained(s: StepFigures): boolean {
  return s.errors === 0 && s.retried === 0 && s.skipped === 0 && s.lost === 0 && s.submitP99Ms < 250 && s.readyP99Ms < 5000;
}
