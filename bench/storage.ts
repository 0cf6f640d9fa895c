// Storage benchmark (npm run bench:storage). Prints figures, asserts nothing.
//  1. put throughput (files/s) of 60 KB PDF-sized buffers through 1 and 2 local volumes, against
//     the raw rate of the same durable write (temp file, write, fsync, rename, directory fsync) done
//     directly with fs on the same disk in the same run: the ratio is the figure (aim >= 80 %).
//  2. the same on a Gluster mount when BENCH_GLUSTER_PATHS="/mnt/a1,/mnt/a2" is set.
//  3. failover time: from the moment a path hangs to the first write that succeeds without it.
import { closeSync, fsyncSync, mkdirSync, mkdtempSync, openSync, renameSync, rmSync, writeSync, constants } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage, FaultSwitch, type RepairEntry, type RepairQueue } from '@rollcall/storage';

const FILES = Number(process.env.BENCH_FILES ?? 600);
const SIZE = 60 * 1024;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);

const nullQueue: RepairQueue = {
  add: async (_e: RepairEntry) => {},
  pending: async () => [],
  done: async () => {},
  count: async () => ({}),
};

function payloads(n: number): Buffer[] {
  return Array.from({ length: n }, () => randomBytes(SIZE)); // incompressible, like a PDF's streams
}

/** The same durable write the library does, straight from this thread with sync fs calls. */
function rawRate(dir: string, data: Buffer[]): number {
  const started = performance.now();
  data.forEach((bytes, i) => {
    const sub = join(dir, 'raw', String(i % 16));
    mkdirSync(sub, { recursive: true });
    const temp = join(sub, `.tmp-${i}`);
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
    writeSync(fd, bytes);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, join(sub, `${i}.pdf`));
    const dfd = openSync(sub, constants.O_RDONLY | constants.O_DIRECTORY);
    fsyncSync(dfd);
    closeSync(dfd);
  });
  return data.length / ((performance.now() - started) / 1000);
}

type Volumes = Array<{ name: string; paths: string[] }>;

async function openStorage(volumes: Volumes) {
  for (const v of volumes) for (const p of v.paths) mkdirSync(p, { recursive: true });
  const storage = createStorage({
    volumes,
    repairQueue: nullQueue,
    minFreeBytes: 0,
    probeIntervalMs: 0,
    repairIntervalMs: 0,
    callDeadlineMs: 30_000,
  });
  await storage.probeNow();
  return storage;
}

async function putRate(storage: Awaited<ReturnType<typeof openStorage>>, data: Buffer[], tag: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    for (let i = next++; i < data.length; i = next++)
      await storage.put(`pdfs/2026/11/${String(i % 16).padStart(2, '0')}/${tag}-${i}.pdf`, data[i] as Buffer);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return data.length / ((performance.now() - started) / 1000);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[s.length >> 1] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

/** Alternates raw / 1 volume / 2 volumes in rounds, so drift in the disk's rate hits all three alike. */
async function compare(label: string, rawDir: string, one: Volumes, two: Volumes | null, data: Buffer[], rounds: number): Promise<void> {
  const s1 = await openStorage(one);
  const s2 = two ? await openStorage(two) : null;
  const per = Math.floor(data.length / rounds);
  const raw: number[] = [];
  const r1: number[] = [];
  const r2: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const batch = data.slice(round * per, (round + 1) * per);
    raw.push(rawRate(join(rawDir, `r${round}`), batch));
    r1.push(await putRate(s1, batch, `one-${round}`));
    if (s2) r2.push(await putRate(s2, batch, `two-${round}`));
  }
  await s1.close();
  await s2?.close();
  const fmt = (n: number): string => n.toFixed(0).padStart(6);
  const ratio = (xs: number[]): string => `${(median(xs.map((x, i) => x / (raw[i] as number))) * 100).toFixed(0)} %`;
  console.log(`${label}: ${rounds} rounds of ${per} files (median; per-round figures in brackets)`);
  console.log(`  raw durable write (sync fs, this thread): ${fmt(median(raw))} files/s  [${raw.map((x) => x.toFixed(0)).join(' ')}]`);
  console.log(
    `  storage.put, 1 volume:                    ${fmt(median(r1))} files/s  [${r1.map((x) => x.toFixed(0)).join(' ')}]  ratio to raw: ${ratio(r1)}`,
  );
  if (s2)
    console.log(
      `  storage.put, 2 volumes (same disk):       ${fmt(median(r2))} files/s  [${r2.map((x) => x.toFixed(0)).join(' ')}]  ratio to raw: ${ratio(r2)} (2 copies per put)`,
    );
}

async function failover(dir: string, callDeadlineMs: number): Promise<{ failoverMs: number; hungAfterMs: number }> {
  const a1 = join(dir, `fo-${callDeadlineMs}`);
  mkdirSync(a1, { recursive: true });
  const a2 = `${a1}/.`; // a second path to the same directory, as a second mount of one volume
  const fault = new FaultSwitch();
  const storage = createStorage({
    volumes: [{ name: 'a', paths: [a1, a2] }],
    repairQueue: nullQueue,
    minFreeBytes: 0,
    callDeadlineMs,
    probeIntervalMs: 1000,
    repairIntervalMs: 0,
    faults: { [a1]: fault },
  });
  await storage.probeNow();
  let hungAt = 0;
  storage.on((e) => {
    if (e.type === 'path_state' && e.to === 'hung' && !hungAt) hungAt = performance.now();
  });
  const bytes = randomBytes(SIZE);
  for (let i = 0; i < 20; i++) await storage.put(`pdfs/fo/warm-${i}.pdf`, bytes);
  const t = performance.now();
  fault.hang();
  let i = 0;
  for (;;) {
    const result = await storage.put(`pdfs/fo/after-${i++}.pdf`, bytes).catch(() => null);
    if (result?.acknowledged.includes('a')) break;
  }
  const failoverMs = performance.now() - t;
  await storage.close();
  fault.clear();
  return { failoverMs, hungAfterMs: hungAt - t };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-bench-'));
  try {
    console.log(`storage bench: ${FILES} files of ${SIZE / 1024} KB, put concurrency ${CONCURRENCY}, disk of ${dir}`);
    console.log(
      `(load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}: other work on this machine skews both sides)`,
    );
    const data = payloads(FILES);
    rawRate(join(dir, 'warm'), data.slice(0, 50));
    await compare(
      'local disk',
      join(dir, 'raw'),
      [{ name: 'a', paths: [join(dir, 'v1')] }],
      [
        { name: 'a', paths: [join(dir, 'v2a')] },
        { name: 'b', paths: [join(dir, 'v2b')] },
      ],
      data,
      6,
    );

    const gluster = process.env.BENCH_GLUSTER_PATHS?.split(',').filter(Boolean);
    if (gluster && gluster.length > 0) {
      const sub = (p: string): string => join(p, `bench-${process.pid}`);
      await compare(
        'gluster',
        join(sub(gluster[0] as string), 'raw'),
        [{ name: 'g', paths: gluster.map((p) => join(sub(p), 'v')) }],
        null,
        data.slice(0, 240),
        4,
      );
      rmSync(sub(gluster[0] as string), { recursive: true, force: true });
    } else {
      console.log('gluster: skipped (set BENCH_GLUSTER_PATHS to the mount paths of one Gluster volume)');
    }

    for (const deadline of [2000, 500]) {
      const f = await failover(dir, deadline);
      console.log(
        `failover with callDeadlineMs=${String(deadline).padStart(4)}: path hung -> first write without it ${f.failoverMs.toFixed(0)} ms (path marked hung after ${f.hungAfterMs.toFixed(0)} ms); Gluster's own ping-timeout: 42000 ms`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
