// npm run bench:surge — National Voter Registration Day in a minute: an open-loop burst of 20×
// the sustained rate (default 20 × 200/s = 4000/s) for 60 s on the embedded default, then wait
// for the render queue to drain. Reports: accepted and refused requests, latency, registrations
// lost (answered 201 but absent from the database, or never pdf_ready), drain time, and the RSS of
// every process (first, peak, last) sampled every 500 ms. The server sheds what it cannot take
// (503 + Retry-After) and the driver retries those like a real client, so "errors" are requests
// that failed for good. Bounded: at most rate × duration
// requests, at most --max-in-flight at once, a request timeout, and a drain deadline.
//
//   node dist/bench/surge.js [--sustained 200] [--factor 20] [--duration 60] [--workers 1]
//                            [--job-workers 8] [--pdf-threads 1] [--drain-timeout 1800] [--out FILE]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { watchSqlite, waitForDrain } from './support/db-watch.js';
import { percentile, runOpenLoop, voterBody } from './support/load.js';
import { createPartner, mib, RssSampler, startServer } from './support/proc.js';

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
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`burst: ${rate}/s (${args.factor} × ${args.sustained}/s) for ${durationS} s = ${rate * durationS} requests; WORKERS=${args.workers} JOB_WORKERS=${args['job-workers']} PDF_THREADS=${pdfThreads}`);
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
  const rss = new RssSampler(() => [{ label: 'server', pid: server.pid }]).start();
  const watch = watchSqlite(path.join(dataDir, 'rollcall.sqlite3'));
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
      retryBusyForMs: Number(args['retry-busy']) * 1000,
      onSecond: (s, t) => {
        if (s % 10 === 0) console.log(`  t=${s}s sent ${t.sent} accepted ${t.ok} failed ${t.failed} in flight ${t.inFlight} waiting to retry a 503 ${t.waiting}`);
      },
    });
    const loadS = (Date.now() - t0) / 1000;
    const ok = result.sent.filter((s) => s.status === 201 && s.id);
    const bad = result.sent.filter((s) => !(s.status === 201 && s.id));
    const lat = result.sent.map((s) => s.latencyMs);
    console.log(`burst (and its retries) over after ${loadS.toFixed(1)} s: ${ok.length} accepted (${(ok.length / durationS).toFixed(0)}/s over the burst), ${bad.length} failed, ${result.skipped} not sent (driver in-flight cap)`);
    const attempts = result.sent.map((s) => s.attempts);
    const retried = attempts.filter((a) => a > 1).length;
    console.log(`submit latency from first try to answer (retries included) p50 ${percentile(lat, 50).toFixed(0)} ms, p99 ${percentile(lat, 99).toFixed(0)} ms, max ${lat.reduce((a, b) => Math.max(a, b), 0).toFixed(0)} ms`);
    console.log(`load shed: ${retried} registrations (${((100 * retried) / Math.max(1, attempts.length)).toFixed(1)} %) got at least one 503 and were retried; ${attempts.reduce((a, b) => a + b, 0) - attempts.length} retries in all, at most ${attempts.reduce((a, b) => Math.max(a, b), 0)} tries for one`);
    if (bad.length) console.log(`failures: ${JSON.stringify([...new Set(bad.map((b) => `${b.status} ${b.error ?? ''}`.slice(0, 100)))].slice(0, 5))}`);
    const backlogAtEnd = await watch.backlog();
    console.log(`render backlog when the burst ended: ${backlogAtEnd}`);
    const drain = await waitForDrain(watch, Number(args['drain-timeout']) * 1000);
    console.log(`queue ${drain.drained ? 'drained' : 'NOT drained'} ${(drain.ms / 1000).toFixed(1)} s after the burst (${(backlogAtEnd / (drain.ms / 1000)).toFixed(0)} PDFs/s while draining)`);
    const rows = await watch.rows(ok.map((s) => s.id!));
    const byUid = new Map(rows.map((r) => [r.uid, r]));
    const missing = ok.filter((s) => !byUid.has(s.id!)).length;
    const notReady = rows.filter((r) => r.status !== 'pdf_ready').length;
    console.log(`lost: ${missing} accepted but not in the database; ${notReady} not pdf_ready; jobs ${JSON.stringify(await watch.jobCounts())}`);
    const diedDuringRun = serverDied;
    console.log(`server process ${diedDuringRun ? 'DIED during the run' : 'stayed up'}`);
    // Not a timing assertion: a lost registration, an undrained queue or a dead server is a failure.
    // A request that failed for good (not a 503 that was retried) is an error voters would see.
    if (missing > 0 || notReady > 0 || !drain.drained || diedDuringRun || bad.length > 0) process.exitCode = 1;
    rss.stop();
    for (const s of rss.samples.values()) console.log(`RSS ${s.label}: first ${mib(s.first)}, peak ${mib(s.peak)}, last ${mib(s.last)}`);
    if (args.out) {
      fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      fs.writeFileSync(args.out, JSON.stringify({ at: new Date().toISOString(), rate, durationS, accepted: ok.length, failed: bad.length, skipped: result.skipped, retried, retries: attempts.reduce((a, b) => a + b, 0) - attempts.length, p50: percentile(lat, 50), p99: percentile(lat, 99), backlogAtEnd, drain, missing, notReady, rss: [...rss.samples.values()] }, null, 2));
    }
  } finally {
    rss.stop();
    await watch.close();
    await server.stop();
    if (!args.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    else console.log(`kept ${dataDir}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
