// npm run bench:e2e — end to end on the embedded default (SQLite + two local volumes, a fresh
// DATA_DIR): the real server as a child process, a partner, and an open-loop load of
// POST /api/v1/registrations at rising fixed rates. Prints accepted/s, p50/p99 submit latency,
// PDFs made durable per second and submit→pdf_ready time for each rate, against two baselines
// measured in the same run: the disk's raw fsync-write rate and the bare pipeline (render + two
// fsynced copies, no HTTP, no database). Figures only; nothing here asserts a time.
//
//   node dist/bench/e2e.js [--rates 50,100,200,300] [--duration 20] [--workers 1] [--job-workers 4]
//                          [--pdf-threads 1] [--no-baselines] [--cpu-prof DIR] [--out FILE.json] [--keep]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { barePipelineRate, fsyncWriteRate, type RateFigure } from './support/baselines.js';
import { watchSqlite, waitForDrain } from '../support/db-watch.js';
import { runOpenLoop, voterBody } from '../support/load.js';
import { createPartner, mib, RssSampler, startServer, treeCpuSeconds } from '../support/server-process.js';
import { figures, stepTable, sustained, type StepFigures } from './support/report.js';
import { sqliteFileIn } from '../server/db/connect.js';

// A 503, a connection error or a timeout is retried like a client would (same Idempotency-Key),
// for this long after the request was due: longer than the 30 s request timeout, so a request
// that timed out is retried too. The step tables count such registrations under "retried".
const RETRY_MS = 120_000;

const { values: args } = parseArgs({
  options: {
    rates: { type: 'string', default: '50,100,200,300' },
    duration: { type: 'string', default: '20' },
    workers: { type: 'string', default: '1' },
    'job-workers': { type: 'string', default: '4' },
    'pdf-threads': { type: 'string' },
    'no-baselines': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'drain-timeout': { type: 'string', default: '120' },
  },
});

const rates = args.rates
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const durationS = Number(args.duration);
const pdfThreads = args['pdf-threads'] ?? String(Math.max(1, os.availableParallelism() - 1));
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-e2e-'));
  console.log(`# Rollcall end-to-end benchmark — ${new Date().toISOString()}`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${mib(os.totalmem())} RAM, node ${process.version}, load average ${load()}`,
  );
  console.log(
    `server: WORKERS=${args.workers} JOB_WORKERS=${args['job-workers']} PDF_THREADS=${pdfThreads}; DATA_DIR=${dataDir} (SQLite WAL synchronous=FULL, two local volumes)`,
  );

  let fsync1: RateFigure | null = null;
  let fsync2: RateFigure | null = null;
  let bare: (RateFigure & { missed: number }) | null = null;
  if (!args['no-baselines']) {
    fsync1 = await fsyncWriteRate(path.join(dataDir, 'fsync-baseline'), 5, 1);
    fsync2 = await fsyncWriteRate(path.join(dataDir, 'fsync-baseline'), 5, 2);
    console.log(
      `baseline fsync-write (60 KB + fsync + rename + dir fsync): ${fsync1.perSecond.toFixed(0)}/s one at a time, ${fsync2.perSecond.toFixed(0)}/s two at a time`,
    );
    bare = await barePipelineRate(path.join(dataDir, 'pipeline-baseline'), 10, Math.max(1, os.availableParallelism()));
    console.log(
      `baseline bare pipeline (render on ${os.availableParallelism()} threads + storage.put on 2 volumes, no HTTP/DB): ${bare.perSecond.toFixed(1)}/s (${bare.count} in ${bare.seconds.toFixed(1)} s)`,
    );
  }

  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    APP_KEY: crypto.randomBytes(32).toString('base64'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    WORKERS: args.workers,
    JOB_WORKERS: args['job-workers'],
    PDF_THREADS: pdfThreads,
  };
  const partner = createPartner(env, 'bench');
  const nodeArgs = args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(args['cpu-prof'])}`] : [];
  const server = await startServer({ name: 'e2e', env, logFile: path.join(dataDir, 'server.log'), nodeArgs });
  let serverDied = false;
  let diedDuringRun = false;
  void server.exited.then(() => (serverDied = true));
  const rss = new RssSampler(() => [{ label: 'server', pid: server.pid }]).start();
  const watch = watchSqlite(sqliteFileIn(dataDir));
  const steps: StepFigures[] = [];
  let seq = 0;
  try {
    // warm-up: JIT, render caches, connections (not counted)
    const warm = await runOpenLoop({
      targets: [{ name: 'e2e', url: server.url }],
      apiKey: partner.apiKey,
      rate: 20,
      durationS: 3,
      body: voterBody,
      seqStart: seq,
      retryForMs: RETRY_MS,
    });
    seq += warm.sent.length;
    await waitForDrain(watch, 60_000);
    for (const rate of rates) {
      const cpu0 = treeCpuSeconds(server.pid);
      const result = await runOpenLoop({
        targets: [{ name: 'e2e', url: server.url }],
        apiKey: partner.apiKey,
        rate,
        durationS,
        body: voterBody,
        seqStart: seq,
        retryForMs: RETRY_MS,
      });
      const loadEndedAt = Date.now();
      seq += result.sent.length;
      const drain = await waitForDrain(watch, Number(args['drain-timeout']) * 1000);
      const cpuS = treeCpuSeconds(server.pid) - cpu0;
      const rows = await watch.rows(result.sent.filter((s) => s.id).map((s) => s.id!));
      const step = figures(rate, durationS, result, rows, loadEndedAt, cpuS);
      steps.push(step);
      console.log(
        `rate ${rate}/s: accepted ${step.acceptedPerS.toFixed(1)}/s, p50 ${step.submitP50Ms.toFixed(1)} ms, p99 ${step.submitP99Ms.toFixed(1)} ms, durable ${step.durablePerS.toFixed(1)}/s, ` +
          `submit→ready p50 ${step.readyP50Ms.toFixed(0)} ms p99 ${step.readyP99Ms.toFixed(0)} ms, drained in ${(drain.ms / 1000).toFixed(1)} s${drain.drained ? '' : ' (NOT drained)'}, ` +
          `errors ${step.errors}${step.errorSamples.length ? ` ${JSON.stringify(step.errorSamples)}` : ''}, load avg ${load()}`,
      );
      if (!drain.drained) break;
    }
  } finally {
    rss.stop();
    await watch.close();
    diedDuringRun = serverDied;
    if (diedDuringRun) {
      console.log(`THE SERVER EXITED DURING THE RUN (code ${server.child.exitCode}, signal ${server.child.signalCode}); its log ends:`);
      console.log(fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n'));
    }
    await server.stop();
  }

  // The machine may be shared: measure the bare pipeline again after the load, and compare with both.
  let bareAfter: (RateFigure & { missed: number }) | null = null;
  const bareBefore = bare;
  if (bare) {
    bareAfter = await barePipelineRate(path.join(dataDir, 'pipeline-baseline'), 10, Math.max(1, os.availableParallelism()));
    console.log(
      `baseline bare pipeline again, after the load: ${bareAfter.perSecond.toFixed(1)}/s (before: ${bare.perSecond.toFixed(1)}/s; the spread is the machine's noise)`,
    );
    if (bareAfter.perSecond > bare.perSecond) bare = bareAfter;
  }

  console.log('\n' + stepTable(steps));
  const best = steps.filter(sustained).sort((a, b) => b.durablePerS - a.durablePerS)[0];
  console.log('\nsustained = no error, p99 submit < 250 ms, p99 submit→pdf_ready < 5 s');
  if (best) {
    console.log(
      `highest sustained step: ${best.rate}/s offered → ${best.durablePerS.toFixed(1)} durable registrations/s, p99 submit ${best.submitP99Ms.toFixed(1)} ms`,
    );
    if (bare)
      console.log(
        `  ratio to the bare pipeline (the faster of its two measurements): ${((100 * best.durablePerS) / bare.perSecond).toFixed(0)} % (${best.durablePerS.toFixed(1)} / ${bare.perSecond.toFixed(1)})`,
      );
    if (fsync1)
      console.log(
        `  ratio to the raw fsync-write rate: ${((100 * best.durablePerS) / fsync1.perSecond).toFixed(0)} % (each registration costs 2 file fsyncs + 2 dir fsyncs + the SQLite commits)`,
      );
  } else console.log('no step was sustained');
  // Each step against the bare pipeline measured before and after the load (both in this run).
  if (bare) {
    for (const s of steps) {
      console.log(
        `  ${s.rate}/s step: ${s.durablePerS.toFixed(1)} durable/s = ${((100 * s.durablePerS) / bare.perSecond).toFixed(0)} % of the bare pipeline's better measurement` +
          ` (before the load ${bareBefore!.perSecond.toFixed(1)}/s: ${((100 * s.durablePerS) / bareBefore!.perSecond).toFixed(0)} %${bareAfter ? `; after ${bareAfter.perSecond.toFixed(1)}/s: ${((100 * s.durablePerS) / bareAfter.perSecond).toFixed(0)} %` : ''})`,
      );
    }
  }
  const maxDurable = Math.max(...steps.map((s) => s.durablePerS));
  if (bare)
    console.log(
      `highest durable rate in any step: ${maxDurable.toFixed(1)}/s = ${((100 * maxDurable) / bare.perSecond).toFixed(0)} % of the bare pipeline`,
    );
  for (const s of rss.samples.values()) console.log(`RSS ${s.label}: first ${mib(s.first)}, peak ${mib(s.peak)}, last ${mib(s.last)}`);

  if (args.out) {
    fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
    fs.writeFileSync(
      args.out,
      JSON.stringify(
        {
          at: new Date().toISOString(),
          machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
          settings: { workers: args.workers, jobWorkers: args['job-workers'], pdfThreads },
          baselines: { fsync1, fsync2, bare, bareAfter },
          steps,
          rss: [...rss.samples.values()].map(({ label, first, peak, last }) => ({ label, first, peak, last })),
        },
        null,
        2,
      ),
    );
    console.log(`figures written to ${args.out}`);
  }
  // Not a timing assertion: an accepted registration missing from the database is a failure.
  if (steps.some((s) => s.lost > 0) || diedDuringRun) process.exitCode = 1;
  if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
  else console.log(`kept ${dataDir}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
