// The fault sequence on real GlusterFS, driven at the storage-library level while writes go on at
// a steady rate: brick kill -9 + restart, brick SIGSTOP (Gluster's 42 s ping-timeout hang) + CONT,
// FUSE client SIGSTOP + CONT, FUSE client kill -9 (ENOTCONN) + remount, one volume filled up.
// After each: every acknowledged write has a good copy on >= quorum volumes, the event loop never
// stalled >= 200 ms, and after recovery verify finds nothing left to repair.
// Run by run.sh after setup.sh; exits non-zero on any failed check. Prints the figures.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createStorage, type ReplicatedStorage, type StorageEvent } from '@rollcall/storage';
import { MemoryRepairQueue } from '@rollcall/storage/testing';
import * as bed from './bed.js';
import { StallTracer, type Stall } from './stalls.js';
import { bytesFor, SteadyWriter, type Ack } from './writer.js';

const WRITES_PER_SECOND = Number(process.env.ROLLCALL_GLUSTER_RATE ?? 10);
const LOOP_LIMIT_MS = 200;
const MIN_FREE = 8 * 1024 * 1024;
const HOLD_BRICK_STOP_MS = Number(process.env.ROLLCALL_GLUSTER_HOLD_MS ?? 50_000);

interface PhaseReport {
  name: string;
  failures: string[];
  figures: Record<string, number | string | null>;
}

const events: Array<StorageEvent & { at: number }> = [];
const queue = new MemoryRepairQueue();
const volumes = [
  { name: 'gluster', paths: [bed.MNT1, bed.MNT2] },
  { name: 'local', paths: [bed.LOCAL] },
  { name: 'small', paths: [bed.SMALL] },
];
const storage = createStorage({
  volumes,
  repairQueue: queue,
  catalog: { keys: async function* () {}, rederive: async (key) => bytesFor(key) },
  minFreeBytes: MIN_FREE,
  repairIntervalMs: 1000,
  onEvent: (e) => events.push({ ...e, at: performance.now() }),
  logger: {
    info: () => {},
    warn: (o, m) => console.log(`  [warn] ${m} ${JSON.stringify(o)}`),
    error: (o, m) => console.log(`  [error] ${m} ${JSON.stringify(o)}`),
  },
});
// one single-volume view per volume, to count good copies per key
const inspectors = new Map<string, ReplicatedStorage>(
  volumes.map((v) => [
    v.name,
    createStorage({ volumes: [v], repairQueue: new MemoryRepairQueue(), minFreeBytes: 0, probeIntervalMs: 2000, repairIntervalMs: 0 }),
  ]),
);
const writer = new SteadyWriter(storage, WRITES_PER_SECOND);
const loop = monitorEventLoopDelay({ resolution: 10 });
const stalls = new StallTracer();
const ONLY = process.env.ROLLCALL_GLUSTER_PHASES?.split(',');

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const since = (t: number): number => Math.round(performance.now() - t);
const pathState = (path: string): string | undefined =>
  storage
    .health()
    .volumes.flatMap((v) => v.paths)
    .find((p) => p.path === path)?.state;
const allHealthy = (s: ReplicatedStorage = storage): boolean =>
  s.health().volumes.every((v) => v.writable && v.paths.every((p) => p.state === 'up' || p.state === 'slow'));

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<number | null> {
  const t = performance.now();
  while (!(await condition())) {
    if (performance.now() - t > timeoutMs) {
      console.log(`  ! gave up waiting for ${what} after ${timeoutMs} ms`);
      return null;
    }
    await sleep(everyMs);
  }
  return since(t);
}

function firstStateAfter(t: number, path: string, to: string[]): number | null {
  const e = events.find((x) => x.at >= t && x.type === 'path_state' && x.path === path && to.includes(x.to));
  return e ? Math.round(e.at - t) : null;
}

function firstVolumeUnwritable(t: number, volume: string): number | null {
  const e = events.find((x) => x.at >= t && x.type === 'path_state' && x.volume === volume && (x.to === 'hung' || x.to === 'failed'));
  return e ? Math.round(e.at - t) : null;
}

/** When (after t) a gluster path last came back up while the fault was still on. */
function lastUpWhileStopped(t: number): number | null {
  const ups = events.filter((x) => x.at >= t && x.type === 'path_state' && x.volume === 'gluster' && x.to === 'up');
  const last = ups[ups.length - 1];
  return last ? Math.round(last.at - t) : null;
}

/** Time from the fault to the first write started after it that was acknowledged. */
function failoverMs(t: number): number | null {
  const first = writer.ackedSince(t).sort((a, b) => a.ackedAt - b.ackedAt)[0];
  return first ? Math.round(first.ackedAt - t) : null;
}

async function goodCopies(ack: Ack): Promise<number> {
  let n = 0;
  for (const inspector of inspectors.values()) {
    try {
      await inspector.get(ack.key, ack.sha256);
      n++;
    } catch {
      // missing, corrupt or unreachable: not a good copy
    }
  }
  return n;
}

async function checkAfterRecovery(report: PhaseReport, acks: Ack[]): Promise<void> {
  const f = report.failures;
  for (let i = 0; i < 3 && queue.entries.length > 0; i++) await storage.repairNow();
  report.figures.repairsLeftInQueue = queue.entries.length;
  let short = 0;
  for (const ack of acks) if ((await goodCopies(ack)) < 2) short++;
  report.figures.ackedWrites = acks.length;
  if (short > 0) f.push(`${short} acknowledged writes have fewer than quorum good copies`);
  const catalog = {
    keys: async function* () {
      for (const a of writer.acks.values()) yield { key: a.key, sha256: a.sha256 };
    },
    rederive: async (key: string) => bytesFor(key),
  };
  const fixed = await storage.verify(catalog, { repair: true });
  report.figures.verifyRepaired = Object.values(fixed.volumes).reduce((n, v) => n + v.repaired, 0);
  const after = await storage.verify(catalog, { repair: false });
  const bad = Object.entries(after.volumes).filter(([, v]) => v.missing + v.corrupt + v.unavailable > 0);
  report.figures.verifiedKeys = after.keys;
  if (bad.length > 0 || after.lost.length > 0) f.push(`verify after recovery: ${JSON.stringify(after.volumes)} lost=${after.lost.length}`);
}

async function phase(name: string, body: (r: PhaseReport, t: number) => Promise<void>): Promise<PhaseReport> {
  const report: PhaseReport = { name, failures: [], figures: {} };
  if (ONLY && !ONLY.some((o) => name.includes(o))) return report;
  console.log(`\n== ${name}`);
  const unavailableBefore = writer.unavailableErrors;
  writer.maxPutMs = 0;
  stalls.label = name;
  loop.reset();
  const t = performance.now();
  try {
    await body(report, t);
  } catch (error) {
    report.failures.push(`phase threw: ${(error as Error).stack ?? error}`);
  }
  report.figures.failoverMs = failoverMs(t);
  report.figures.maxPutMs = Math.round(writer.maxPutMs);
  report.figures.putsBelowQuorum = writer.unavailableErrors - unavailableBefore;
  report.figures.recoveredToAllUpMs = await until('all paths up', () => allHealthy(), 120_000);
  if (report.figures.recoveredToAllUpMs === null) report.failures.push('paths did not all come back up');
  report.figures.maxEventLoopDelayMs = Math.round(loop.max / 1e6);
  const phaseStalls = stalls.since(t);
  for (const s of phaseStalls)
    console.log(`   stall ${s.gapMs} ms (main thread ran ${s.ranMs} ms, waited for a CPU ${s.waitedForCpuMs} ms) during: ${s.label}`);
  if (loop.max / 1e6 >= LOOP_LIMIT_MS) {
    // What a hung mount does to a thread is block it in the kernel: off the CPU without waiting
    // for one. So a stall is ours when the main thread sat blocked (gap - ran - waited) or ran
    // for as long as the limit; the rest of a gap is waiting for a CPU, which on 2 cores shared
    // with three bricks, two FUSE clients and the heal daemon is the machine's load, not the app.
    const blockedMs = (s: Stall) => s.gapMs - s.ranMs - s.waitedForCpuMs;
    const long = phaseStalls.filter((s) => s.gapMs >= LOOP_LIMIT_MS);
    const ours = long.filter((s) => s.ranMs >= LOOP_LIMIT_MS || blockedMs(s) >= LOOP_LIMIT_MS / 2);
    report.figures.stallsFromCpuWait = long.length - ours.length;
    if (ours.length > 0 || long.length === 0) report.failures.push(`event loop blocked ${Math.round(loop.max / 1e6)} ms`);
    else
      console.log(
        `   note: max event-loop delay ${Math.round(loop.max / 1e6)} ms, but in every such stall the main thread ran < ${LOOP_LIMIT_MS} ms and sat blocked in the kernel < ${LOOP_LIMIT_MS / 2} ms (the rest: waiting for a CPU)`,
      );
  }
  await checkAfterRecovery(report, writer.ackedSince(t));
  console.log(`   figures: ${JSON.stringify(report.figures)}`);
  for (const failure of report.failures) console.log(`   FAIL: ${failure}`);
  return report;
}

async function healGluster(r: PhaseReport): Promise<void> {
  const t = performance.now();
  stalls.label = 'gluster heal';
  await bed.triggerHeal();
  r.figures.glusterHealMs = await until('gluster self-heal', async () => (await bed.healPending()) === 0, 90_000, 1000); // each poll forks the gluster CLI
  if (r.figures.glusterHealMs === null) r.figures.glusterHealMs = `>${since(t)}`;
}

async function main(): Promise<void> {
  loop.enable();
  stalls.start();
  await storage.probeNow();
  await until('all paths up at start', () => allHealthy(), 30_000);
  for (const s of inspectors.values()) await s.probeNow();
  writer.start();
  const reports: PhaseReport[] = [];

  reports.push(
    await phase('baseline (no fault)', async () => {
      await sleep(3000);
    }),
  );

  reports.push(
    await phase('brick kill -9, then restart (self-heal)', async (r, t) => {
      bed.signal(await bed.brickPid(1), 'SIGKILL');
      await sleep(5000);
      r.figures.glusterPathsLeftUp = [bed.MNT1, bed.MNT2].filter((p) => pathState(p) === 'up').length;
      stalls.label = 'gluster volume start force';
      await bed.restartBricks();
      r.figures.restartedAfterMs = since(t);
      await healGluster(r);
    }),
  );

  reports.push(
    await phase('brick SIGSTOP (ping-timeout hang, Gluster defaults), then CONT + heal', async (r, t) => {
      const pid = await bed.brickPid(2);
      bed.signal(pid, 'SIGSTOP');
      try {
        // hold past Gluster's 42 s ping-timeout, so the whole hang is seen
        await sleep(HOLD_BRICK_STOP_MS);
        const bad = ['hung', 'failed'];
        r.figures.mnt1FirstHungOrFailedAfterMs = firstStateAfter(t, bed.MNT1, bad);
        r.figures.mnt2FirstHungOrFailedAfterMs = firstStateAfter(t, bed.MNT2, bad);
        r.figures.glusterVolumeUnwritableAfterMs = firstVolumeUnwritable(t, 'gluster');
        r.figures.glusterBackUpWhileBrickStoppedAfterMs = lastUpWhileStopped(t);
        r.figures.repairsQueuedForGluster = queue.for('gluster').length;
      } finally {
        bed.signal(pid, 'SIGCONT');
      }
      r.figures.continuedAfterMs = since(t);
      await healGluster(r);
    }),
  );

  reports.push(
    await phase('FUSE client SIGSTOP (hung mount), then CONT', async (r, t) => {
      const pid = await bed.fuseClientPid(bed.MNT1);
      bed.signal(pid, 'SIGSTOP');
      try {
        await until('mnt1 hung', () => pathState(bed.MNT1) === 'hung', 30_000);
        r.figures.mnt1HungAfterMs = firstStateAfter(t, bed.MNT1, ['hung']);
        await sleep(8000);
        r.figures.mnt2StateDuringHang = pathState(bed.MNT2) ?? null;
      } finally {
        bed.signal(pid, 'SIGCONT');
      }
    }),
  );

  reports.push(
    await phase('FUSE client kill -9 (ENOTCONN), then remount', async (r, t) => {
      bed.signal(await bed.fuseClientPid(bed.MNT1), 'SIGKILL');
      await until('mnt1 failed', () => pathState(bed.MNT1) === 'failed', 30_000);
      r.figures.mnt1FailedAfterMs = firstStateAfter(t, bed.MNT1, ['failed']);
      r.figures.mnt1Error = storage.health().volumes[0]?.paths[0]?.error ?? null;
      await sleep(4000);
      await bed.remount(bed.MNT1);
      r.figures.remountedAfterMs = since(t);
    }),
  );

  reports.push(
    await phase('one volume filled up, then space freed', async (r, t) => {
      await bed.fillSmall(MIN_FREE / 2);
      await until('small full', () => pathState(bed.SMALL) === 'full', 30_000);
      r.figures.smallFullAfterMs = firstStateAfter(t, bed.SMALL, ['full']);
      await sleep(4000);
      r.figures.repairsQueuedForSmall = queue.for('small').length;
      await bed.unfillSmall();
    }),
  );

  await writer.stop(30_000);
  const final = await phase('final: all writes settled', async () => {});
  reports.push(final);
  const failures = reports.flatMap((r) => r.failures.map((f) => `${r.name}: ${f}`));
  if (writer.inFlight.size > 0) failures.push(`${writer.inFlight.size} writes never acknowledged`);
  if (writer.otherErrors.length > 0) failures.push(`unexpected put errors: ${[...new Set(writer.otherErrors)].slice(0, 5).join(' | ')}`);
  console.log(
    `\nRESULT ${JSON.stringify({ writes: writer.acks.size, perSecond: WRITES_PER_SECOND, phases: reports.map((r) => ({ name: r.name, ...r.figures })) })}`,
  );
  await storage.close();
  for (const s of inspectors.values()) await s.close();
  if (failures.length > 0) {
    console.log(`\nFAILED:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
  console.log('\nall Gluster fault checks passed');
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
