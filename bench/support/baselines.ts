// The two baselines the end-to-end figures are measured against, in the same run:
// - the raw fsync-write rate of the disk: write 60 KB to a temp file, fsync, rename, fsync the
//   directory (what one durable copy costs), in a loop;
// - the bare pipeline: render the voter's PDF (worker pool) and store it on two volumes through
//   the storage library (two fsynced copies), no HTTP and no database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createPdfRenderer } from '../../server/pdf/pool.js';
import type { PdfRegistration } from '../../server/pdf/types.js';
import { createStorage, type RepairEntry, type RepairQueue } from '@rollcall/storage';
import { californiaVoter, texasVoter } from '../../support/pdf-voters.js';

export interface RateFigure {
  count: number;
  seconds: number;
  perSecond: number;
}

/** write + fsync + rename + fsync(dir), one at a time (`parallel` loops at once), for `seconds`. */
export async function fsyncWriteRate(dir: string, seconds: number, parallel = 1, bytes = 60 * 1024): Promise<RateFigure> {
  fs.mkdirSync(dir, { recursive: true });
  const payload = crypto.randomBytes(bytes);
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let count = 0;
  const loop = async (lane: number) => {
    const laneDir = path.join(dir, `lane${lane}`);
    fs.mkdirSync(laneDir, { recursive: true });
    for (let i = 0; performance.now() < deadline; i++) {
      const final = path.join(laneDir, `f${i % 500}.bin`);
      const tmp = `${final}.tmp`;
      const fh = await fs.promises.open(tmp, 'w');
      await fh.write(payload);
      await fh.sync();
      await fh.close();
      await fs.promises.rename(tmp, final);
      const dh = await fs.promises.open(laneDir, 'r');
      await dh.sync();
      await dh.close();
      count++;
    }
  };
  await Promise.all(Array.from({ length: parallel }, (_, i) => loop(i)));
  const elapsed = (performance.now() - start) / 1000;
  fs.rmSync(dir, { recursive: true, force: true });
  return { count, seconds: elapsed, perSecond: count / elapsed };
}

class MemoryRepairs implements RepairQueue {
  entries: RepairEntry[] = [];
  async add(entry: RepairEntry) {
    this.entries.push(entry);
  }
  async pending() {
    return [];
  }
  async done() {}
  async count() {
    return {};
  }
}

export function benchVoter(index: number): PdfRegistration {
  const base = index % 2 ? texasVoter : californiaVoter;
  return { ...base, uid: `${base.uid.slice(0, -6)}${String(index).padStart(6, '0')}`, lastName: `${base.lastName} ${index % 97}` };
}

/** Render (pool of `threads`) + storage.put on two local volumes, `inFlight` at once, for `seconds`. */
export async function barePipelineRate(
  dir: string,
  seconds: number,
  threads: number,
  inFlight = 8,
): Promise<RateFigure & { missed: number }> {
  const volumes = [
    { name: 'a', paths: [path.join(dir, 'a')] },
    { name: 'b', paths: [path.join(dir, 'b')] },
  ];
  for (const v of volumes) fs.mkdirSync(v.paths[0]!, { recursive: true });
  const repairs = new MemoryRepairs();
  const storage = createStorage({
    volumes,
    writeQuorum: 2,
    repairQueue: repairs,
    probeIntervalMs: 0,
    repairIntervalMs: 0,
    minFreeBytes: 0,
  });
  await storage.probeNow();
  const renderer = createPdfRenderer({ threads });
  try {
    // warm the threads' static-layer caches and the JIT
    await Promise.all(Array.from({ length: 100 }, (_, i) => renderer.render(benchVoter(i))));
    let count = 0;
    let seq = 0;
    const start = performance.now();
    const deadline = start + seconds * 1000;
    const lane = async () => {
      while (performance.now() < deadline) {
        const i = seq++;
        const bytes = await renderer.render(benchVoter(i));
        const d = new Date(Date.UTC(2026, 9, 1));
        await storage.put(`pdfs/${d.getUTCFullYear()}/10/01/bench-${i}.pdf`, bytes);
        count++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, () => lane()));
    const elapsed = (performance.now() - start) / 1000;
    return { count, seconds: elapsed, perSecond: count / elapsed, missed: repairs.entries.length };
  } finally {
    await renderer.close();
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
