// npm run bench -- multinode: the end-to-end load of e2e.ts on PostgreSQL with several nodes on
// this machine (loopback ports, the same APP_KEY and volumes), requests sent round-robin.
// Volumes: two local directories shared by the nodes, or --volumes '<STORAGE_VOLUMES JSON>' for
// real mounts (e.g. the Gluster FUSE mounts). Needs BENCH_DATABASE_URL: a PostgreSQL URL whose
// role may create databases; a fresh database is created for the run and dropped after.
//
//   BENCH_DATABASE_URL=postgres://rollcall_ci:rollcall_ci@127.0.0.1:5432/rollcall_ci \
//     node dist/bench/multinode.js [--nodes 3] [--rates 50,100,200] [--duration 20] [--job-workers 4]
//                                  [--pdf-threads 1] [--volumes JSON] [--out FILE]
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import knexFactory from 'knex';
import { fsyncWriteRate } from './support/baselines.js';
import { watchPostgres, waitForDrain } from '../support/db-watch.js';
import { runOpenLoop, voterBody } from '../support/load.js';
import { createPartner, mib, RssSampler, startServer, treeCpuSeconds, type ServerProcess } from '../support/server-process.js';
import { figures, stepTable, sustained, type StepFigures } from './support/report.js';

// A 503, a connection error or a timeout is retried like a client would (same Idempotency-Key),
// for this long after the request was due: longer than the 30 s request timeout, so a request
// that timed out is retried too. The step tables count such registrations under "retried".
const RETRY_MS = 120_000;

const { values: args } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    rates: { type: 'string', default: '50,100,200' },
    duration: { type: 'string', default: '20' },
    'job-workers': { type: 'string', default: '4' },
    'pdf-threads': { type: 'string', default: '1' },
    volumes: { type: 'string' },
    out: { type: 'string' },
    'drain-timeout': { type: 'string', default: '120' },
  },
});

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) throw new Error('set BENCH_DATABASE_URL=postgres://… (a role that may create databases)');
  const dbName = `rollcall_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl });
  await admin.raw(`create database ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-bench-mn-'));
  const volumes = args.volumes
    ? (JSON.parse(args.volumes) as Array<{ name: string; paths: string[] }>)
    : [
        { name: 'a', paths: [path.join(dir, 'a')] },
        { name: 'b', paths: [path.join(dir, 'b')] },
      ];
  if (!args.volumes) for (const v of volumes) fs.mkdirSync(v.paths[0]!, { recursive: true });
  const n = Number(args.nodes);
  const rates = args.rates.split(',').map(Number);
  const durationS = Number(args.duration);
  console.log(`# Rollcall multi-node benchmark — ${new Date().toISOString()}`);
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `${n} node(s) on PostgreSQL, volumes ${JSON.stringify(volumes.map((v) => v.paths))}, JOB_WORKERS=${args['job-workers']} PDF_THREADS=${args['pdf-threads']} per node`,
  );
  const fsync = await fsyncWriteRate(path.join(volumes[0]!.paths[0]!, '.fsync-baseline'), 5);
  console.log(`baseline fsync-write on the first volume: ${fsync.perSecond.toFixed(0)}/s`);
  const env: Record<string, string> = {
    DATABASE_URL: url.toString(),
    STORAGE_VOLUMES: JSON.stringify(volumes),
    APP_KEY: crypto.randomBytes(32).toString('base64'),
    PORT: '0',
    LOG_LEVEL: 'warn',
    JOB_WORKERS: args['job-workers'],
    PDF_THREADS: args['pdf-threads'],
  };
  const partner = createPartner({ ...env, DATA_DIR: path.join(dir, 'cli') }, 'bench');
  const nodes: ServerProcess[] = [];
  const watch = watchPostgres(url.toString());
  const steps: StepFigures[] = [];
  let rss: RssSampler | null = null;
  try {
    for (let i = 0; i < n; i++)
      nodes.push(
        await startServer({
          name: `node${i + 1}`,
          env: { ...env, DATA_DIR: path.join(dir, `node${i + 1}`) },
          logFile: path.join(dir, `node${i + 1}.log`),
        }),
      );
    rss = new RssSampler(() => nodes.map((x) => ({ label: x.name, pid: x.pid }))).start();
    const targets = nodes.map((x) => ({ name: x.name, url: x.url }));
    const treeCpu = () => treeCpuSeconds(...nodes.map((x) => x.pid));
    let seq = 0;
    const warm = await runOpenLoop({ targets, apiKey: partner.apiKey, rate: 20, durationS: 3, body: voterBody, retryForMs: RETRY_MS });
    seq += warm.sent.length;
    await waitForDrain(watch, 60_000);
    for (const rate of rates) {
      const cpu0 = treeCpu();
      const result = await runOpenLoop({
        targets,
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
      const rows = await watch.rows(result.sent.filter((s) => s.id).map((s) => s.id!));
      const step = figures(rate, durationS, result, rows, loadEndedAt, treeCpu() - cpu0);
      steps.push(step);
      console.log(
        `rate ${rate}/s: accepted ${step.acceptedPerS.toFixed(1)}/s, p99 ${step.submitP99Ms.toFixed(1)} ms, durable ${step.durablePerS.toFixed(1)}/s, submit→ready p99 ${step.readyP99Ms.toFixed(0)} ms, errors ${step.errors}${step.errorSamples.length ? ` ${JSON.stringify(step.errorSamples)}` : ''}, drained ${drain.drained}`,
      );
      if (!drain.drained) break;
    }
  } finally {
    rss?.stop();
    await watch.close();
    await Promise.all(nodes.map((x) => x.stop()));
    await admin.raw(`drop database if exists ${dbName} with (force)`);
    await admin.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log('\n' + stepTable(steps));
  const best = steps.filter(sustained).sort((a, b) => b.durablePerS - a.durablePerS)[0];
  console.log(
    best
      ? `highest sustained step: ${best.rate}/s → ${best.durablePerS.toFixed(1)} durable/s, p99 submit ${best.submitP99Ms.toFixed(1)} ms`
      : 'no step was sustained',
  );
  for (const s of rss?.samples.values() ?? [])
    console.log(`RSS ${s.label}: first ${mib(s.first)}, peak ${mib(s.peak)}, last ${mib(s.last)}`);
  if (args.out) {
    fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
    fs.writeFileSync(args.out, JSON.stringify({ at: new Date().toISOString(), nodes: n, volumes, fsync, steps }, null, 2));
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
