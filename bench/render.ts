// npm run bench:render — how fast Rollcall renders the voter's PDF, against the way Rocky did it.
// Prints: CPU ms and PDFs/s on one core (in-thread), PDFs/s on the worker pool, and the baseline:
// the same form as an HTML page converted by wkhtmltopdf, one process per PDF. Figures only;
// nothing here asserts a time. Run it on an idle machine: other load skews every number.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createPdfRenderer } from '../server/pdf/pool.js';
import { renderPages, renderRegistrationPdf } from '../server/pdf/render.js';
import type { PdfRegistration } from '../server/pdf/types.js';
import { californiaVoter, texasVoter } from '../support/pdf-voters.js';
import { fillRockyForm, loadRockyTemplate } from './rocky-form/fill.js';

const VOTERS: PdfRegistration[] = [californiaVoter, texasVoter];
const ROUNDS = 5;
const IN_THREAD_COUNT = 1000;
const POOL_COUNT = 2000;
const POOL_THREADS = 2;
const BASELINE_COUNT = 10;

/** Voters with distinct uids and names, so no render repeats the previous one. */
function voter(index: number): PdfRegistration {
  const base = VOTERS[index % VOTERS.length] ?? californiaVoter;
  return { ...base, uid: `${base.uid.slice(0, -6)}${String(index).padStart(6, '0')}`, lastName: `${base.lastName} ${index % 97}` };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

interface InThreadFigures {
  cpuMsPerPdf: number;
  pdfsPerSecond: number;
}

/** In-thread loop: CPU time of this process per PDF, and wall-clock throughput. */
function inThread(render: (reg: PdfRegistration) => Buffer): InThreadFigures {
  for (let i = 0; i < 300; i++) render(voter(i)); // warm the JIT and the static-layer caches
  const cpu: number[] = [];
  const rate: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    for (let i = 0; i < IN_THREAD_COUNT; i++) render(voter(i));
    const wallMs = performance.now() - wallStart;
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000 / IN_THREAD_COUNT);
    rate.push(IN_THREAD_COUNT / (wallMs / 1000));
  }
  return { cpuMsPerPdf: median(cpu), pdfsPerSecond: median(rate) };
}

/** Pool throughput (wall clock), and the CPU of the whole process (all threads) per PDF. */
async function onPool(): Promise<InThreadFigures> {
  const renderer = createPdfRenderer({ threads: POOL_THREADS });
  try {
    await Promise.all(Array.from({ length: 200 }, (_, i) => renderer.render(voter(i))));
    const rates: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < 3; round++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await Promise.all(Array.from({ length: POOL_COUNT }, (_, i) => renderer.render(voter(i))));
      rates.push(POOL_COUNT / ((performance.now() - start) / 1000));
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000 / POOL_COUNT);
    }
    return { pdfsPerSecond: median(rates), cpuMsPerPdf: median(cpu) };
  } finally {
    await renderer.close();
  }
}

/** CPU seconds used by this process's waited-for children (Linux /proc), or NaN elsewhere. */
function childrenCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // After the command name: state is field 3; cutime and cstime are fields 16 and 17.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

interface BaselineFigures {
  pdfsPerSecond: number;
  cpuMsPerPdf: number;
}

function wkhtmltopdfBaseline(): BaselineFigures | string {
  const probe = spawnSync('wkhtmltopdf', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'wkhtmltopdf is not installed (Debian: apt-get install wkhtmltopdf): baseline skipped';
  const dir = mkdtempSync(path.join(tmpdir(), 'rollcall-bench-'));
  try {
    const template = loadRockyTemplate();
    const env = { ...process.env, XDG_RUNTIME_DIR: dir, QT_QPA_PLATFORM: process.env.QT_QPA_PLATFORM ?? 'offscreen' };
    const convert = (index: number) => {
      const html = path.join(dir, `form-${index}.html`);
      const pdf = path.join(dir, `form-${index}.pdf`);
      writeFileSync(html, fillRockyForm(template, voter(index)));
      const run = spawnSync('wkhtmltopdf', ['--quiet', '--page-size', 'Letter', '--encoding', 'utf-8', html, pdf], {
        env,
        stdio: 'ignore',
      });
      if (run.status !== 0) throw new Error(`wkhtmltopdf exited with ${run.status}`);
    };
    convert(-1);
    const cpuStart = childrenCpuSeconds();
    const start = performance.now();
    for (let i = 0; i < BASELINE_COUNT; i++) convert(i);
    const seconds = (performance.now() - start) / 1000;
    return { pdfsPerSecond: BASELINE_COUNT / seconds, cpuMsPerPdf: ((childrenCpuSeconds() - cpuStart) * 1000) / BASELINE_COUNT };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function loadNote(): string {
  const [oneMinute = 0] = loadavg();
  const cpus = availableParallelism();
  return oneMinute > cpus * 0.5
    ? `NOTE: load average ${oneMinute.toFixed(1)} on ${cpus} CPUs: other work shares the CPUs, wall-clock figures are low; CPU-time figures hold better.`
    : `load average ${oneMinute.toFixed(1)} on ${cpus} CPUs`;
}

async function main(): Promise<void> {
  console.log(
    `bench:render: ${IN_THREAD_COUNT} PDFs x ${ROUNDS} rounds in-thread (median), ${POOL_COUNT} x 3 on the pool, ${BASELINE_COUNT} through wkhtmltopdf`,
  );
  console.log(loadNote() + '\n');
  const sample = renderRegistrationPdf(californiaVoter);
  console.log(`PDF size: ${(sample.length / 1024).toFixed(1)} KiB, 3 pages\n`);
  console.log('                                           CPU ms/PDF   PDFs/s (wall)   PDFs per CPU-second');

  const row = (name: string, figures: InThreadFigures) =>
    console.log(
      `${name.padEnd(43)}${fmt(figures.cpuMsPerPdf, 2).padStart(10)}   ${fmt(figures.pdfsPerSecond, 1).padStart(13)}   ${fmt(1000 / figures.cpuMsPerPdf, 1).padStart(19)}`,
    );
  const pageOnly = inThread((reg) => renderPages(reg, ['application']));
  row('filled application page alone, in-thread', pageOnly);
  const full = inThread(renderRegistrationPdf);
  row('full 3-page PDF, in-thread (one core)', full);
  const pool = await onPool();
  row(`full 3-page PDF, pool of ${POOL_THREADS} threads`, pool);

  const baseline = wkhtmltopdfBaseline();
  if (typeof baseline === 'string') {
    console.log(`\n${baseline}`);
    return;
  }
  row('baseline: HTML form through wkhtmltopdf', baseline);
  console.log(
    `\nratios against the baseline: one core ${fmt(full.pdfsPerSecond / baseline.pdfsPerSecond, 0)}x the PDFs/s, ` +
      `${fmt(baseline.cpuMsPerPdf / full.cpuMsPerPdf, 0)}x less CPU per PDF; pool ${fmt(pool.pdfsPerSecond / baseline.pdfsPerSecond, 0)}x the PDFs/s ` +
      `(pool / one core: x${fmt(pool.pdfsPerSecond / full.pdfsPerSecond, 2)})`,
  );
  console.log("(baseline CPU counts the wkhtmltopdf processes only; its wall time also includes process start and Qt's page load.)");
}

await main();
