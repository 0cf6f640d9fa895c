// npm run bench:surge — National Voter Registration Day in a minute: an open-loop burst of 20×
// the sustained rate (default 20 × 200/s = 4000/s) for 60 s on the embedded default, then wait
// for the render queue to drain. The server sheds what it cannot take (503 + Retry-After) and the
// driver retries like a real client, with the registration's Idempotency-Key (a 503 after its
// Retry-After; a connection error or timeout too), within a bounded budget. Reports: requests
// due, accepted first try, shed and retried, eventually accepted, given up, errors other than 503,
// lost (answered 201 but absent, or never pdf_ready), duplicates (registrations without their
// key), drain time, and the RSS of every process (first, peak, last, every 30 s) sampled every
// 500 ms. Exits non-zero on any loss, duplicate, error other than a retried 503, or give-up.
// Bounded: at most rate × duration requests, at most --max-in-flight at once, a request
// timeout, a retry budget and a drain deadline.
//
//   node dist/bench/surge.js [--sustained 200] [--factor 20] [--duration 60] [--workers 1]
//                            [--job-workers 8] [--pdf-threads 1] [--retry-busy 900] [--max-attempts 40]
//                            [--drain-timeout 1800] [--out FILE]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { watchSqlite, waitForDrain } from '../support/db-watch.js';
import { percentile, runOpenLoop, voterBody } from '../support/load.js';
import { outcomes } from '../support/outcomes.js';
import { createPartner, mib, RssSampler, startServer } from '../support/server-process.js';
import { sqliteFileIn } from '../server/db/connect.js';

const { values: args } = parseArgs({
  options: {
    sustained: { type: 'string', default: '200' },
    factor: { type: 'string', default: '20' },
    duration: { type: 'string', default: '60' },
    workers: { type: 'string', default: '1' },
    'job-workers': { type: 'string', default: '8' },
    'pdf-threads': { type: 'string' },
    'max-in-flight': { type: 'string', default: '6000' },
    timeout: { type: 'string', default: '60' },
    // A 503 (load shed) is retried after Retry-After, as the widget and API clients do, for this long.
    'retry-busy': { type: 'string', default: '900' },
    'max-attempts': { type: 'string', default: '40' },
    'drain-timeout': { type: 'string', default: '1800' },
    out: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const rate = Number(args.sustained) * Number(args.factor);
  const durationS = Number(args.duration);
  const pdfThreads = args['pdf-threads'] ?? String(Math.max(1, os.availableParallelism() - 1));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-surge-'));
  console.log(`# Rollcall surge — ${new Date().toISOString()}`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `burst: ${rate}/s (${args.factor} × ${args.sustained}/s) for ${durationS} s = ${rate * durationS} requests; WORKERS=${args.workers} JOB_WORKERS=${args['job-workers']} PDF_THREADS=${pdfThreads}`,
  );
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    APP_KEY: crypto.randomBytes(32).toString('base64'),
    PORT: '0',
    LOG_LEVEL: 'warn',
    WORKERS: args.workers,
    JOB_WORKERS: args['job-workers'],
    PDF_THREADS: pdfThreads,
  };
  const partner = createPartner(env, 'surge');
  const server = await startServer({ name: 'surge', env, logFile: path.join(dataDir, 'server.log') });
  // The server process (its render worker threads live inside it) and, with WORKERS>1, each worker process.
  const rss = new RssSampler(() => [{ label: 'server', pid: server.pid }]).start();
  const watch = watchSqlite(sqliteFileIn(dataDir));
  let serverDied = false;
  void server.exited.then(() => (serverDied = true));
  try {
    const t0 = Date.now();
    const result = await runOpenLoop({
      targets: [{ name: 'surge', url: server.url }],
      apiKey: partner.apiKey,
      rate,
      durationS,
      body: voterBody,
      maxInFlight: Number(args['max-in-flight']),
      timeoutMs: Number(args.timeout) * 1000,
      retryForMs: Number(args['retry-busy']) * 1000,
      maxAttempts: Number(args['max-attempts']),
      onSecond: (s, t) => {
        if (s % 10 === 0)
          console.log(
            `  t=${s}s sent ${t.sent} accepted ${t.ok} failed ${t.failed} in flight ${t.inFlight} waiting to retry a 503 ${t.waiting}`,
          );
      },
    });
    const loadS = (Date.now() - t0) / 1000;
    const burstEndMs = Date.now();
    const ok = result.sent.filter((s) => s.status === 201 && s.id);
    const bad = result.sent.filter((s) => !(s.status === 201 && s.id));
    const o = outcomes(result.sent);
    const lat = result.sent.map((s) => s.latencyMs);
    const due = Math.round(rate * durationS);
    console.log(`burst (and its retries) over after ${loadS.toFixed(1)} s; load average ${loadAverage()}`);
    console.log(
      `requests due ${due}: not sent (driver in-flight cap) ${result.skipped}; accepted first try ${o.acceptedFirstTry}; shed (503) and retried ${o.shedAndRetried} (${o.shedAnswers} 503 answers); ` +
        `eventually accepted ${o.eventuallyAccepted}; given up ${o.gaveUp} (retry budget ${args['retry-busy']} s / ${args['max-attempts']} tries); errors other than 503: ${o.otherErrors} answers + ${o.connectionErrors} connection errors/timeouts`,
    );
    console.log(
      `accepted ${ok.length} in all (${(ok.length / loadS).toFixed(0)}/s over the burst and its retries), ${o.replayed} of them answered as a replay (Idempotent-Replayed)`,
    );
    console.log(
      `submit latency from due time to final answer (retries included) p50 ${percentile(lat, 50).toFixed(0)} ms, p99 ${percentile(lat, 99).toFixed(0)} ms, max ${lat.reduce((a, b) => Math.max(a, b), 0).toFixed(0)} ms; at most ${result.sent.reduce((a, b) => Math.max(a, b.attempts), 0)} tries for one`,
    );
    if (bad.length)
      console.log(`failures: ${JSON.stringify([...new Set(bad.map((b) => `${b.status} ${b.error ?? ''}`.slice(0, 100)))].slice(0, 5))}`);
    const backlogAtEnd = await watch.backlog();
    console.log(`render backlog when the burst ended: ${backlogAtEnd}`);
    const drain = await waitForDrain(watch, Number(args['drain-timeout']) * 1000);
    console.log(
      `queue ${drain.drained ? 'drained' : 'NOT drained'} ${(drain.ms / 1000).toFixed(1)} s after the burst (${(backlogAtEnd / Math.max(0.001, drain.ms / 1000)).toFixed(0)} PDFs/s while draining)`,
    );
    const rows = await watch.rows(ok.map((s) => s.id!));
    const byUid = new Map(rows.map((r) => [r.uid, r]));
    const missing = ok.filter((s) => !byUid.has(s.id!)).length;
    const notReady = rows.filter((r) => r.status !== 'pdf_ready').length;
    const stored = await watch.keyCounts();
    // Every request carries a key, so every registration has its key row; one more registration than
    // keys would be a duplicate. Registrations beyond the 201s were made by a try whose answer never came.
    const duplicates = stored.registrations - stored.keys;
    console.log(
      `lost: ${missing + notReady} (${missing} answered 201 but not in the database, ${notReady} not pdf_ready); jobs ${JSON.stringify(await watch.jobCounts())}`,
    );
    console.log(
      `in the database: ${stored.registrations} registrations, ${stored.keys} idempotency keys (duplicates ${duplicates}); ${stored.registrations - ok.length} made but never answered 201`,
    );
    const diedDuringRun = serverDied;
    console.log(`server process ${diedDuringRun ? 'DIED during the run' : 'stayed up'}`);
    // Not a timing assertion: a lost registration, a duplicate, an undrained queue, a dead server or
    // an error other than a shed 503 (or a 503 retried past the budget) is a failure.
    if (
      missing > 0 ||
      notReady > 0 ||
      duplicates !== 0 ||
      !drain.drained ||
      diedDuringRun ||
      o.otherErrors > 0 ||
      o.connectionErrors > 0 ||
      o.gaveUp > 0 ||
      result.skipped > 0
    )
      process.exitCode = 1;
    rss.stop();
    const rssReport = [...rss.samples.values()].map((smp) => rssFigures(smp, rss.startedAt, burstEndMs));
    for (const r of rssReport) {
      console.log(
        `RSS ${r.label}: first ${mib(r.first)}, peak ${mib(r.peak)}, last ${mib(r.last)}; peak during the burst ${mib(r.peakBurst)}, during the drain ${mib(r.peakDrain)}; every 30 s: ${r.every30s.map(mib).join(' ')}`,
      );
    }
    if (args.out) {
      fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      fs.writeFileSync(
        args.out,
        JSON.stringify(
          {
            at: new Date().toISOString(),
            loadAverageAtEnd: os.loadavg(),
            settings: {
              rate,
              durationS,
              workers: args.workers,
              jobWorkers: args['job-workers'],
              pdfThreads,
              maxInFlight: Number(args['max-in-flight']),
              retryBudgetS: Number(args['retry-busy']),
              maxAttempts: Number(args['max-attempts']),
            },
            due,
            skipped: result.skipped,
            ...o,
            accepted: ok.length,
            p50: percentile(lat, 50),
            p99: percentile(lat, 99),
            backlogAtEnd,
            drain,
            missing,
            notReady,
            stored,
            duplicates,
            rss: rssReport.map(({ label, first, peak, last, peakBurst, peakDrain, every30s }) => ({
              label,
              first,
              peak,
              last,
              peakBurst,
              peakDrain,
              every30s,
            })),
          },
          null,
          2,
        ),
      );
    }
  } finally {
    rss.stop();
    await watch.close();
    await server.stop();
    if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    else console.log(`kept ${dataDir}`);
  }
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** One process's RSS: first, peak, last, the peaks of the burst and of the drain, and a point every 30 s. */
function rssFigures(
  s: { label: string; first: number; peak: number; last: number; series: Array<[number, number]> },
  seriesStart: number,
  burstEndMs: number,
) {
  const at = (ms: number) => seriesStart + ms;
  const burst = s.series.filter(([ms]) => at(ms) <= burstEndMs).map(([, v]) => v);
  const drain = s.series.filter(([ms]) => at(ms) > burstEndMs).map(([, v]) => v);
  const every30s: number[] = [];
  let next = 0;
  for (const [ms, v] of s.series) {
    if (ms >= next) {
      every30s.push(v);
      next = ms + 30_000;
    }
  }
  return {
    label: s.label,
    first: s.first,
    peak: s.peak,
    last: s.last,
    peakBurst: Math.max(0, ...burst),
    peakDrain: Math.max(0, ...drain),
    every30s,
  };
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
