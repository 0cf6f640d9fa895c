// Crash safety: the real server (`rollcall serve`, embedded default: SQLite and two local volumes
// in a fresh DATA_DIR) takes a steady stream of API registrations and is SIGKILLed at random
// moments, then restarted, CRASH_KILLS times. Kill moments are drawn from a seeded generator (the
// seed is printed; CRASH_SEED=<n> replays the same schedule) and aimed at interesting places:
// right after boot (first probe, sweep, reclaiming expired leases), at a random delay, the moment
// a PDF is between its temp file and its rename, the moment render jobs are claimed. The servers
// sweep temp files every second with a 5 s age limit, so kills also land in sweeps (the last
// server does not sweep, leaving the last kills' temp files to the final sweep). Then, with
// the stream stopped and the queue drained:
//   - every registration answered 2xx is in the database and pdf_ready; no job or repair left;
//   - its PDF is on every volume with the recorded sha256, and every file under a final name on any
//     volume is a complete PDF (%PDF- … %%EOF; or a sealed blob, security/blob-cipher.ts) belonging to a
//     registration with the same sha256;
//   - re-rendering every registration whose job ran more than once gives the stored bytes;
//   - after one sweep (`rollcall storage sweep --older-than 0`, server stopped) no temp file is left;
//   - PRAGMA integrity_check is ok; `rollcall storage verify` finds nothing missing or corrupt;
//   - each planted fault (plant.ts) is caught, so the checks themselves can fail.
// Exit code 0 when everything holds. Run through run.sh.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { watchSqlite, type DbWatch } from '../../../support/db-watch.js';
import { createPartner, runCli, startServer, type ServerProcess } from '../../../support/server-process.js';
import { loadConfig } from '../../../server/config.js';
import { buildContext } from '../../../server/context.js';
import { createLogger } from '../../../server/logger.js';
import { checkDatabase, checkNoScratch, checkVolumes, snapshot, waitForDrain } from './checks.js';
import { selfTest } from './plant.js';
import { seeded } from './seeded.js';
import { RegistrationStream } from './stream.js';
import { scratchFiles, writeInFlight, type VolumeDirs } from './volumes.js';
import { sqliteFileIn } from '../../../server/db/connect.js';

const SEED = Number(process.env.CRASH_SEED ?? crypto.randomInt(2 ** 31));
const KILLS = Number(process.env.CRASH_KILLS ?? 10);
const PORT = Number(process.env.CRASH_PORT ?? 42510);
const CLIENTS = Number(process.env.CRASH_CLIENTS ?? 6);
const HARD_LIMIT_S = Number(process.env.CRASH_HARD_LIMIT_S ?? 170);
const DRAIN_TIMEOUT_MS = 75_000; // the last killed server's leases run out after 30 s; retries back off from 1 s

const t0 = performance.now();
const log = (msg: string) => console.log(`[crash ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Moment = 'boot' | 'delay' | 'mid-write' | 'jobs-claimed';
const MOMENTS: Moment[] = ['boot', 'delay', 'mid-write', 'jobs-claimed'];

/** Waits for the kill moment; says what it waited for and whether the aimed-at state was seen. */
async function waitForMoment(
  moment: Moment,
  random: () => number,
  server: ServerProcess,
  volumes: VolumeDirs[],
  watch: DbWatch,
): Promise<string> {
  const pollUntil = async (seen: () => boolean | Promise<boolean>, everyMs: number): Promise<boolean> => {
    const giveUpAt = performance.now() + 3000;
    while (performance.now() < giveUpAt) {
      if (await seen()) return true;
      await sleep(everyMs);
    }
    return false;
  };
  switch (moment) {
    case 'boot': {
      const ms = Math.round(random() * 150);
      await sleep(ms);
      return `${ms} ms after boot`;
    }
    case 'delay': {
      const ms = 100 + Math.round(random() * 2400);
      await sleep(ms);
      return `after ${ms} ms`;
    }
    case 'mid-write': {
      await sleep(100 + Math.round(random() * 500));
      return (await pollUntil(() => writeInFlight(volumes), 1)) ? 'with a PDF temp file open' : 'no write seen within 3 s';
    }
    case 'jobs-claimed': {
      await sleep(100 + Math.round(random() * 500));
      return (await pollUntil(async () => (await watch.runningBy(`:${server.pid}:`)) > 0, 5))
        ? 'holding claimed render jobs'
        : 'no claim seen within 3 s';
    }
  }
}

/** Temp files the servers' own sweeps removed, from their logs (one JSON line per volume and sweep). */
function sweptByServers(logFile: string): number {
  let removed = 0;
  for (const line of fs.readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('removed temp files left by interrupted writes')) continue;
    try {
      removed += Number((JSON.parse(line) as { removed?: number }).removed ?? 0);
    } catch {
      // not a log line of ours
    }
  }
  return removed;
}

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-crash-'));
  const dataDir = path.join(dir, 'data');
  const sqliteFile = sqliteFileIn(dataDir);
  const volumes: VolumeDirs[] = [
    { name: 'local-a', root: path.join(dataDir, 'volumes', 'a') },
    { name: 'local-b', root: path.join(dataDir, 'volumes', 'b') },
  ];
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PORT: String(PORT),
    HOST: '127.0.0.1',
    APP_KEY: crypto.randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    JOB_WORKERS: '4',
    PDF_THREADS: '1',
    STORAGE_TEMP_MAX_AGE_SECONDS: '5',
    STORAGE_SWEEP_INTERVAL_SECONDS: '1',
  };
  const logFile = path.join(dir, 'server.log');
  const random = seeded(SEED);
  const failures: string[] = [];
  const check = (problems: string[], what: string) => {
    log(`${problems.length ? 'FAIL' : 'ok  '} ${what}`);
    for (const p of problems) log(`       ${p}`);
    failures.push(...problems);
  };
  let server: ServerProcess | null = null;

  // Bounded whatever happens: on SIGTERM/SIGINT or after HARD_LIMIT_S, kill our server (by pid) and exit 1.
  const abort = (why: string) => {
    log(`aborting: ${why}; files kept in ${dir}`);
    server?.child.kill('SIGKILL');
    process.exit(1);
  };
  process.once('SIGTERM', () => abort('SIGTERM'));
  process.once('SIGINT', () => abort('SIGINT'));
  setTimeout(() => abort(`still running after ${HARD_LIMIT_S} s (CRASH_SEED=${SEED})`), HARD_LIMIT_S * 1000).unref();

  log(`seed ${SEED} (replay: CRASH_SEED=${SEED}), ${KILLS} kills, ${CLIENTS} clients, port ${PORT}, data in ${dir}`);
  const start = async (extraEnv: Record<string, string> = {}) => {
    server = await startServer({ name: 'rollcall', env: { ...env, ...extraEnv }, logFile });
    if (process.env.CRASH_PIDFILE) fs.appendFileSync(process.env.CRASH_PIDFILE, `${server.pid}\n`);
    return server;
  };
  try {
    const partner = createPartner(env, 'Crash Test Org'); // also migrates the fresh database
    const stream = new RegistrationStream(() => `http://127.0.0.1:${PORT}`, partner.apiKey, CLIENTS);
    const scratchSeen = new Set<string>();
    const watch = watchSqlite(sqliteFile);
    try {
      for (let kill = 1; kill <= KILLS; kill++) {
        const running = await start();
        const moment = MOMENTS[Math.floor(random() * MOMENTS.length)] as Moment;
        const when = await waitForMoment(moment, random, running, volumes, watch);
        running.child.kill('SIGKILL');
        await running.exited;
        const scratch = scratchFiles(volumes);
        for (const s of scratch) scratchSeen.add(s);
        log(
          `kill ${kill}/${KILLS}: SIGKILL pid ${running.pid} ${when}; accepted so far ${stream.totals.accepted.length}, temp files on the volumes now ${scratch.length}`,
        );
        await sleep(Math.round(random() * 300));
      }
    } finally {
      await watch.close();
    }
    // The last server does not sweep on its own, so the temp files of the last kills are left
    // for the final sweep below (the servers' own sweeps were exercised in the loop).
    await start({ STORAGE_SWEEP_INTERVAL_SECONDS: '0' });
    await sleep(3000);
    const totals = await stream.stop();
    log(
      `stream stopped: ${totals.accepted.length} accepted (2xx), ${totals.down} failed while the server was down or dying, ${totals.refused.length} answered non-2xx`,
    );
    log(`why requests failed: ${JSON.stringify(totals.downReasons)}`);
    // Not a check (its cause is not known yet): one clean-clone CI run accepted 2
    // registrations in 10 server lives while its seed replayed normally. Show what to look at.
    if (totals.accepted.length < 10 * KILLS) {
      log(`WARNING: only ${totals.accepted.length} registrations got through; the end of the server log:`);
      for (const line of fs.readFileSync(logFile, 'utf8').split('\n').slice(-60)) log(`  | ${line.slice(0, 300)}`);
    }
    check(totals.refused.map((r) => `answered ${r.status}: ${r.text}`).slice(0, 5), 'every answered request was accepted (2xx)');

    const drain = await waitForDrain(sqliteFile, DRAIN_TIMEOUT_MS);
    check(
      drain.drained ? [] : [`not drained after ${drain.ms} ms: ${drain.last}`],
      `queue drained ${(drain.ms / 1000).toFixed(1)} s after the stream stopped (${drain.last})`,
    );
    const exitCode = await server!.stop(30_000);
    check(exitCode === 0 ? [] : [`exit code ${exitCode}`], 'graceful shutdown on SIGTERM exits 0');
    const bySweeps = sweptByServers(logFile);

    const before = scratchFiles(volumes);
    const sweepOut = runCli(['storage', 'sweep', '--older-than', '0', '--json'], { ...env, STORAGE_SWEEP_INTERVAL_SECONDS: '0' });
    const sweep = JSON.parse(sweepOut.trim().split('\n').pop() as string) as { removed: number };
    log(
      `temp files: ${scratchSeen.size} seen right after kills, ${bySweeps} removed by the servers' own sweeps (from their logs: a line being written at a kill is lost), ${before.length} left before the final sweep, ${sweep.removed} removed by it`,
    );
    check(checkNoScratch(volumes), 'no temp file on any volume after one sweep');
    check(
      sweep.removed === before.length ? [] : [`the sweep reported ${sweep.removed} removed, ${before.length} were there`],
      'the sweep removed exactly the temp files that were there',
    );

    const snap = await snapshot(sqliteFile);
    check(
      checkDatabase(snap, totals.accepted),
      `database: integrity ${snap.integrity}; ${totals.accepted.length} accepted all present and pdf_ready (${snap.rows.size} rows in all); jobs ${JSON.stringify(snap.jobs)}; repairs ${snap.pendingRepairs}`,
    );
    const stored = checkVolumes(snap, volumes);
    check(
      stored.problems,
      `volumes: ${stored.files} files under final names, each a complete PDF with its registration's sha256; every pdf_ready PDF on both volumes`,
    );

    // Re-render every registration whose job ran more than once: the same bytes as stored.
    const ctx = await buildContext(loadConfig({ ...env, JOB_WORKERS: '0', STORAGE_SWEEP_INTERVAL_SECONDS: '0' }), createLogger('silent'));
    try {
      const redone = (await ctx.db('jobs').where('attempts', '>', 1).select('payload')) as Array<{ payload: string }>;
      const ids = [...new Set(redone.map((j) => Number((JSON.parse(j.payload) as { registrationId: number }).registrationId)))];
      const differ: string[] = [];
      for (const id of ids) {
        const row = await ctx.registrations.service.store.byId(id);
        if (!row || !row.pdf_sha256) continue;
        const bytes = await ctx.registrations.pdfs.render(row);
        // The volumes hold it sealed (deterministically): the render, sealed as stored, has the row's sha256.
        if (!ctx.registrations.pdfs.matchesStored(row, bytes)) differ.push(row.uid);
      }
      check(
        differ.length ? [`${differ.length} re-rendered into different bytes: ${differ.slice(0, 5).join(', ')}`] : [],
        `re-render equals the stored sha256 for all ${ids.length} registrations whose job ran more than once`,
      );
    } finally {
      await ctx.close();
    }

    const verify = JSON.parse(
      runCli(['storage', 'verify', '--json'], { ...env, STORAGE_SWEEP_INTERVAL_SECONDS: '0' })
        .trim()
        .split('\n')
        .pop() as string,
    ) as {
      keys: number;
      volumes: Record<string, { missing: number; corrupt: number }>;
      lost: string[];
      unrepaired: number;
    };
    const bad = Object.entries(verify.volumes).filter(([, v]) => v.missing + v.corrupt > 0);
    check(
      bad.length || verify.lost.length || verify.unrepaired ? [`rollcall storage verify: ${JSON.stringify(verify)}`] : [],
      `rollcall storage verify: ${verify.keys} keys, nothing missing, corrupt or lost`,
    );

    check(selfTest(snap, totals.accepted, volumes), 'the checks catch each planted fault');
    log(
      `figures: ${KILLS} kills, ${totals.accepted.length} registrations accepted, ${totals.down} requests failed while the server was down, ${scratchSeen.size} temp files left by kills, ${bySweeps + sweep.removed} removed by sweeps (${bySweeps} by the servers, ${sweep.removed} by the final one)`,
    );
  } catch (err) {
    failures.push(`error: ${(err as Error).stack ?? err}`);
    console.error(err);
  } finally {
    await (server as ServerProcess | null)?.kill();
    if (failures.length || process.env.CRASH_KEEP === '1') log(`files kept in ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  log(failures.length ? `FAILED (CRASH_SEED=${SEED}): ${failures.length} problem(s)` : `all checks passed (seed ${SEED})`);
  return failures.length ? 1 : 0;
}

process.exitCode = await main();
