// Power cut: the real server (`rollcall serve`, SQLite and its two local volumes) with its whole
// DATA_DIR on a LazyFS mount (lazyfs.ts: written data stays in LazyFS's cache until fsync), under
// a stream of API registrations and of web voters going through the form to the end page. At
// POWERCUT_CUTS seeded random moments (the seed is printed; POWERCUT_SEED=<n> replays them) the
// server is SIGKILLed, LazyFS drops every byte not fsynced and is unmounted and mounted again (the
// files are read back from its backing directory), and the server restarts on those files. Then,
// with the streams stopped, the queue drained, the server stopped and one last cut:
//   - every registration the API answered 201 and every web voter sent to the end page is in the
//     database and pdf_ready, its PDF on both volumes with the sha256 the database holds; no job
//     or repair left (the crash loop's checks, test/integration/crash/checks.ts);
//   - PRAGMA integrity_check is ok; `rollcall storage verify` finds nothing missing or corrupt.
// The test is not vacuous: first it shows on the mount that a cut drops a file written without
// fsync and keeps one fsynced; at the end, that a PDF rewritten without fsync is lost by a cut and
// caught by the checks, and each of the crash loop's planted faults is caught (crash/plant.ts).
// POWERCUT_WITHOUT_FSYNC=1 (a demonstration, never in CI) starts the server with the storage
// library's fsyncs turned off (no-fsync.ts): the run then fails (2026-12-06, seed 11: all 228
// PDFs read back as 0 bytes on both volumes after the last cut).
// Exit code 0 when everything holds. Run through run.sh (which builds LazyFS).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { createPartner, runCli, startServer, type ServerProcess } from '../../../support/server-process.js';
import { sqliteFileIn } from '../../../server/db/connect.js';
import { sha256Hex } from '../../../server/security/tokens.js';
import { checkDatabase, checkVolumes, snapshot, waitForDrain, type Snapshot } from '../crash/checks.js';
import { selfTest } from '../crash/plant.js';
import { seeded } from '../crash/seeded.js';
import { RegistrationStream } from '../crash/stream.js';
import { writeInFlight, type VolumeDirs } from '../crash/volumes.js';
import { LazyFs } from './lazyfs.js';
import { WebVoterStream } from './web-stream.js';

const SEED = Number(process.env.POWERCUT_SEED ?? crypto.randomInt(2 ** 31));
const CUTS = Number(process.env.POWERCUT_CUTS ?? 5);
const PORT = Number(process.env.POWERCUT_PORT ?? 42530);
const API_CLIENTS = Number(process.env.POWERCUT_API_CLIENTS ?? 4);
const WEB_VOTERS = Number(process.env.POWERCUT_WEB_VOTERS ?? 4);
const HARD_LIMIT_S = Number(process.env.POWERCUT_HARD_LIMIT_S ?? 150);
const LAZYFS_BIN = process.env.POWERCUT_LAZYFS_BIN ?? '';
// Demonstration only: the server's JavaScript fsyncs (the storage library's) do nothing (no-fsync.ts); the run must fail.
const WITHOUT_FSYNC = process.env.POWERCUT_WITHOUT_FSYNC === '1';
const DRAIN_TIMEOUT_MS = 75_000; // a killed server's leases run out after 30 s

const t0 = performance.now();
const log = (msg: string) => console.log(`[powercut ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `bytes` to `file` and fsyncs the file and its directory (what the app's storage does). */
function writeSynced(file: string, bytes: Buffer): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

/** The cut is real: a file written without fsync is gone (or empty) after it, an fsynced one intact. */
async function cutDropsUnsynced(lazy: LazyFs, mountPoint: string): Promise<string[]> {
  const dir = path.join(mountPoint, 'cut-check');
  fs.mkdirSync(dir, { recursive: true });
  const content = 'written before the power cut\n'.repeat(1000);
  fs.writeFileSync(path.join(dir, 'unsynced.txt'), content);
  writeSynced(path.join(dir, 'synced.txt'), Buffer.from(content));
  const before = fs.readFileSync(path.join(dir, 'unsynced.txt'), 'utf8').length;
  await lazy.cut();
  const problems: string[] = [];
  const after = fs.existsSync(path.join(dir, 'unsynced.txt')) ? fs.readFileSync(path.join(dir, 'unsynced.txt'), 'utf8') : '';
  log(
    `cut check: a file written without fsync held ${before} bytes before the cut, ${after.length} after; the fsynced one ${content.length}`,
  );
  if (before !== content.length) problems.push(`the unsynced file read ${before} bytes before the cut, not ${content.length}`);
  if (after === content) problems.push('the file written without fsync survived the cut: LazyFS dropped nothing');
  if (fs.readFileSync(path.join(dir, 'synced.txt'), 'utf8') !== content) problems.push('the fsynced file did not survive the cut intact');
  fs.rmSync(dir, { recursive: true, force: true });
  return problems;
}

/** The uid of each web voter's registration, by the resume token in the end page's path (the database keeps its sha256). */
async function webUids(sqliteFile: string, donePaths: string[]): Promise<{ uids: string[]; missing: string[] }> {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: sqliteFile, options: { readonly: true } },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  try {
    const byHash = new Map<string, string>();
    for (const r of (await db('registrations').whereNotNull('resume_hash').select('uid', 'resume_hash')) as Array<{
      uid: string;
      resume_hash: string;
    }>)
      byHash.set(r.resume_hash, r.uid);
    const uids: string[] = [];
    const missing: string[] = [];
    for (const done of donePaths) {
      const token = /^\/r\/([^/]+)\/done$/.exec(done)?.[1] ?? '';
      const uid = byHash.get(sha256Hex(token));
      if (uid) uids.push(uid);
      else missing.push(done.replace(token, `${token.slice(0, 6)}…`));
    }
    return { uids, missing };
  } finally {
    await db.destroy();
  }
}

/** A PDF rewritten without fsync is lost by a cut, and the volume check reports it; the fsynced original is put back. */
async function unsyncedPdfIsCaught(lazy: LazyFs, snap: Snapshot, volumes: VolumeDirs[]): Promise<string[]> {
  const row = [...snap.rows.values()].find((r) => r.status === 'pdf_ready' && r.pdf_key);
  if (!row) return ['self-test: no pdf_ready registration to rewrite'];
  const volume = volumes[0] as VolumeDirs;
  const file = path.join(volume.root, row.pdf_key!);
  const original = fs.readFileSync(file);
  fs.rmSync(file);
  fs.writeFileSync(file, original); // no fsync: what a store without it would leave
  const before = checkVolumes(snap, volumes).problems;
  await lazy.cut();
  const after = checkVolumes(snap, volumes).problems;
  writeSynced(file, original);
  log(
    `self-test: a PDF rewritten without fsync → before the cut ${before.length ? 'reported (?)' : 'fine'}, after it ${after.length ? `caught (${after[0]})` : 'NOT CAUGHT'}`,
  );
  const problems: string[] = [];
  if (before.length) problems.push(`self-test: the volume check failed before the cut: ${before[0]}`);
  if (!after.length) problems.push('self-test: a PDF written without fsync survived the cut, or the volume check missed its loss');
  return problems;
}

/**
 * SQLite on the mount sometimes cannot open its -shm (SQLITE_IOERR_SHMOPEN) after another process
 * closed the database cleanly (and so deleted -wal and -shm): seen at the server's first start
 * after the CLI's `partner create`, and at a read-only open after `rollcall storage verify`, not
 * every run; the same files open on a fresh mount and on a plain disk. Nothing is unsynced then
 * (the writer is gone, and the -shm is never fsynced: SQLite rebuilds it from the WAL), so the
 * open is retried once after a remount. Counted in `shmRetries` and printed with the figures.
 */
let shmRetries = 0;
async function readingTheDatabase<T>(lazy: LazyFs, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const shm =
      (error as { code?: string }).code === 'SQLITE_IOERR_SHMOPEN' || String((error as Error).message).includes('SQLITE_IOERR_SHMOPEN');
    if (!shm) throw error;
    shmRetries++;
    log(`SQLite could not open its -shm on the mount (SQLITE_IOERR_SHMOPEN): remounting LazyFS and reading again`);
    await lazy.unmount();
    await lazy.mount();
    return read();
  }
}

async function main(): Promise<number> {
  if (!LAZYFS_BIN || !fs.existsSync(path.join(LAZYFS_BIN, 'lazyfs'))) {
    console.error('POWERCUT_LAZYFS_BIN must name the directory holding the built lazyfs (run.sh builds it)');
    return 1;
  }
  // Not 'rollcall-powercut-': a random suffix starting with o or O would put "-o" in LazyFS's config path (lazyfs.ts).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-powercut.'));
  const mountPoint = path.join(dir, 'mnt');
  const lazy = new LazyFs({
    binDir: LAZYFS_BIN,
    backing: path.join(dir, 'disk'),
    mountPoint,
    workDir: path.join(dir, 'lazyfs'),
    pidFile: process.env.POWERCUT_PIDFILE,
  });
  const dataDir = path.join(mountPoint, 'data');
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
    // LazyFS reports 0 free bytes (statfs), which the free-space floor would read as a full disk.
    STORAGE_MIN_FREE_MB: '0',
    // Each web voter's address comes in X-Forwarded-For from this driver, on loopback.
    TRUSTED_PROXIES: 'loopback',
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

  // Bounded whatever happens: kill our server (by pid) and exit 1; run.sh unmounts LazyFS.
  const abort = (why: string) => {
    log(`aborting: ${why}; files kept in ${dir}`);
    server?.child.kill('SIGKILL');
    process.exit(1);
  };
  process.once('SIGTERM', () => abort('SIGTERM'));
  process.once('SIGINT', () => abort('SIGINT'));
  setTimeout(() => abort(`still running after ${HARD_LIMIT_S} s (POWERCUT_SEED=${SEED})`), HARD_LIMIT_S * 1000).unref();

  log(
    `seed ${SEED} (replay: POWERCUT_SEED=${SEED}), ${CUTS} cuts, ${API_CLIENTS} API clients, ${WEB_VOTERS} web voters, port ${PORT}, files in ${dir}`,
  );
  // A server that cannot open SQLite's -shm on the mount (SQLITE_IOERR_SHMOPEN, seen after another
  // process's clean close of the database: see readingTheDatabase) is started once more after a
  // remount; counted in shmRetries.
  const start = async (): Promise<ServerProcess> => {
    for (let attempt = 1; ; attempt++) {
      const logFrom = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
      const nodeArgs = WITHOUT_FSYNC ? ['--import', new URL('./no-fsync.js', import.meta.url).pathname] : [];
      try {
        server = await startServer({ name: 'rollcall', env, logFile, nodeArgs });
      } catch (error) {
        const said = fs.readFileSync(logFile, 'utf8').slice(logFrom);
        if (attempt > 1 || !said.includes('SQLITE_IOERR_SHMOPEN')) throw error;
        shmRetries++;
        log("the server could not open SQLite's -shm on the mount (SQLITE_IOERR_SHMOPEN): remounting LazyFS and starting it again");
        await lazy.unmount();
        await lazy.mount();
        continue;
      }
      if (process.env.POWERCUT_PIDFILE) fs.appendFileSync(process.env.POWERCUT_PIDFILE, `rollcall ${server.pid}\n`);
      return server;
    }
  };
  try {
    await lazy.mount();
    check(await cutDropsUnsynced(lazy, mountPoint), 'a power cut on the mount drops data written without fsync and keeps what was fsynced');

    const partner = createPartner(env, 'Power Cut Org'); // also migrates the fresh database
    const url = () => `http://127.0.0.1:${PORT}`;
    const api = new RegistrationStream(url, partner.apiKey, API_CLIENTS);
    const web = new WebVoterStream(url, WEB_VOTERS);
    for (let cut = 1; cut <= CUTS; cut++) {
      const booting = performance.now();
      const running = await start();
      const bootMs = Math.round(performance.now() - booting);
      let when: string;
      if (random() < 0.5) {
        const ms = 1000 + Math.round(random() * 4000);
        await sleep(ms);
        when = `after ${ms} ms`;
      } else {
        const ms = 500 + Math.round(random() * 1500);
        await sleep(ms);
        const giveUpAt = performance.now() + 3000;
        while (!writeInFlight(volumes) && performance.now() < giveUpAt) await sleep(2);
        when = writeInFlight(volumes) ? `${ms} ms on, with a PDF temp file open` : `${ms} ms on (no PDF write seen within 3 s)`;
      }
      const answered = api.totals.accepted.length;
      const done = web.totals.done.length;
      running.child.kill('SIGKILL');
      await running.exited;
      const cutting = performance.now();
      await lazy.cut();
      const cutMs = Math.round(performance.now() - cutting);
      log(
        `cut ${cut}/${CUTS}: server up in ${bootMs} ms, SIGKILL pid ${running.pid} ${when}, unsynced data dropped and remounted in ${cutMs} ms; so far ${answered} answered 201, ${done} web voters done`,
      );
    }
    await start();
    await sleep(3000);
    const [totals, webTotals] = await Promise.all([api.stop(), web.stop()]);
    log(
      `streams stopped: API ${totals.accepted.length} answered 201, ${totals.down} failed while the server was down; web ${webTotals.done.length} voters shown the end page (${webTotals.resent} requests sent again after a cut), ${webTotals.down} cut off`,
    );
    check(totals.refused.map((r) => `answered ${r.status}: ${r.text}`).slice(0, 5), 'every answered API request was accepted (2xx)');
    check(webTotals.refused.slice(0, 5), 'no web voter was refused (every answer a form or a redirect)');

    const drain = await waitForDrain(sqliteFile, DRAIN_TIMEOUT_MS);
    check(
      drain.drained ? [] : [`not drained after ${drain.ms} ms: ${drain.last}`],
      `queue drained ${(drain.ms / 1000).toFixed(1)} s after the streams stopped`,
    );
    const exitCode = await server!.stop(30_000);
    check(exitCode === 0 ? [] : [`exit code ${exitCode}`], 'graceful shutdown on SIGTERM exits 0');
    // One last cut after the clean shutdown: the checks read only what reached the backing directory.
    await lazy.cut();

    const web2 = await readingTheDatabase(lazy, () => webUids(sqliteFile, webTotals.done));
    check(
      web2.missing.length
        ? [`${web2.missing.length} web voter(s) shown the end page have no registration: ${web2.missing.slice(0, 3).join(', ')}`]
        : [],
      `every web voter shown the end page has a registration (${web2.uids.length})`,
    );
    const owed = [...totals.accepted, ...web2.uids];
    const snap: Snapshot = await readingTheDatabase(lazy, () => snapshot(sqliteFile));
    check(
      checkDatabase(snap, owed),
      `database: integrity ${snap.integrity}; ${totals.accepted.length} API and ${web2.uids.length} web registrations all present and pdf_ready (${snap.rows.size} rows in all); jobs ${JSON.stringify(snap.jobs)}`,
    );
    const stored = checkVolumes(snap, volumes);
    check(
      stored.problems,
      `volumes: ${stored.files} PDFs, each complete with its registration's sha256; every pdf_ready PDF on both volumes`,
    );

    const verifyOut = await readingTheDatabase(lazy, async () => runCli(['storage', 'verify', '--json'], env));
    const verify = JSON.parse(verifyOut.trim().split('\n').pop() as string) as {
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

    check(await unsyncedPdfIsCaught(lazy, snap, volumes), 'a cut without the fsync loses a PDF, and the checks say so');
    check(selfTest(snap, totals.accepted, volumes), 'the checks catch each planted fault');
    const survived = failures.length ? 'NOT ALL survived (see above)' : 'all survived';
    log(
      `figures: ${CUTS} cuts; API: ${totals.accepted.length} answered 201, ${survived}; web: ${webTotals.done.length} voters shown the end page, ${survived}; ${snap.rows.size} rows; ${shmRetries} remount(s) for SQLITE_IOERR_SHMOPEN`,
    );
  } catch (err) {
    failures.push(`error: ${(err as Error).stack ?? err}`);
    console.error(err);
  } finally {
    await (server as ServerProcess | null)?.kill();
    try {
      await lazy.unmount();
    } catch (err) {
      failures.push(`unmount: ${(err as Error).message}`);
    }
    if (failures.length || process.env.POWERCUT_KEEP === '1') log(`files kept in ${dir} (the data in ${path.join(dir, 'disk')})`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
  log(failures.length ? `FAILED (POWERCUT_SEED=${SEED}): ${failures.length} problem(s)` : `all checks passed (seed ${SEED})`);
  return failures.length ? 1 : 0;
}

// Exit at once: the web voters' kept-alive sockets would hold the process for their idle timeout.
process.exit(await main());
