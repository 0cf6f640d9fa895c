// The temp-file sweep: scratch files left by a process killed mid-write (put temp files, probe
// canaries) are removed once old enough; everything else, and anything behind a symlink, is left
// alone; a hung path costs the sweep one deadline and never blocks the caller.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { createStorage, DEFAULT_PROBE_PREFIX, TEMP_PREFIX } from '../src/index.js';
import { sweepSlice } from '../src/thread/sweep-slice.js';
import { rig, type Rig } from '../src/testing/harness.js';
import { FAST, MemoryRepairQueue, pdfLike, tempRoots, waitFor } from '../src/testing/support.js';

const HOUR = 60 * 60_000;

/** Writes a file and sets its mtime `ageMs` in the past. */
function plant(file: string, ageMs: number, bytes: Buffer = Buffer.from('%PDF-1.7 half')): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(file, at, at);
  return file;
}

describe('temp-file sweep', { timeout: 60_000 }, () => {
  let r: Rig | null = null;
  afterEach(async () => {
    await r?.close();
    r = null;
  });

  it('removes old temp files and canaries, keeps fresh ones and every other file', async () => {
    r = rig({ a: 1, b: 1 });
    const { sha256 } = await r.storage.put('pdfs/2026/11/25/kept.pdf', pdfLike(1));
    const day = path.join(r.dir('a1'), 'pdfs/2026/11/25');
    const oldTemp = plant(path.join(day, `${TEMP_PREFIX}x.pdf-0a1b2c`), 2 * HOUR);
    const oldCanary = plant(path.join(r.dir('a1'), `${DEFAULT_PROBE_PREFIX}123-abcd`), 2 * HOUR);
    const freshTemp = plant(path.join(day, `${TEMP_PREFIX}y.pdf-3d4e5f`), 60_000);
    const otherDotFile = plant(path.join(day, '.keep'), 2 * HOUR);
    const lookalike = plant(path.join(day, 'tmp-z.pdf'), 2 * HOUR);
    const oldKey = plant(path.join(r.dir('b1'), 'pdfs/2020/01/01/old.pdf'), 24 * HOUR);
    const inDotDir = plant(path.join(r.dir('a1'), '.snapshot', `${TEMP_PREFIX}snap-1`), 2 * HOUR);

    const report = await r.storage.sweepNow({ olderThanMs: HOUR });

    assert.equal(fs.existsSync(oldTemp), false, 'old temp file removed');
    assert.equal(fs.existsSync(oldCanary), false, 'old probe canary removed');
    for (const kept of [freshTemp, otherDotFile, lookalike, oldKey, inDotDir]) assert.ok(fs.existsSync(kept), `${kept} left alone`);
    assert.deepEqual(
      {
        removed: report.removed,
        a: [report.volumes.a?.removed, report.volumes.a?.young, report.volumes.a?.error],
        b: [report.volumes.b?.removed, report.volumes.b?.young],
      },
      { removed: 2, a: [2, 1, null], b: [0, 0] },
    );
    assert.deepEqual(await r.storage.get('pdfs/2026/11/25/kept.pdf', sha256), pdfLike(1), 'stored keys untouched');
    assert.equal(r.storage.health().volumes[0]?.lastSweep?.removed, 2, 'health() reports the last sweep');
    assert.ok(
      r.events.some((e) => e.type === 'swept' && e.volume === 'a' && e.removed === 2),
      'a swept event for metrics',
    );
  });

  it('never follows a symlink: neither a linked file nor a linked directory is touched', async () => {
    r = rig({ a: 1 });
    const outside = tempRoots('elsewhere');
    try {
      const target = plant(path.join(outside.roots.elsewhere as string, `${TEMP_PREFIX}victim`), 2 * HOUR);
      const behindDirLink = plant(path.join(outside.roots.elsewhere as string, 'sub', `${TEMP_PREFIX}deep`), 2 * HOUR);
      fs.mkdirSync(path.join(r.dir('a1'), 'pdfs'), { recursive: true });
      fs.symlinkSync(target, path.join(r.dir('a1'), 'pdfs', `${TEMP_PREFIX}link`));
      fs.symlinkSync(path.dirname(behindDirLink), path.join(r.dir('a1'), 'pdfs', 'linked-dir'));

      const report = await r.storage.sweepNow({ olderThanMs: 0 });

      assert.ok(fs.existsSync(target), 'the file a temp-named symlink points at survives');
      assert.ok(
        fs.lstatSync(path.join(r.dir('a1'), 'pdfs', `${TEMP_PREFIX}link`)).isSymbolicLink(),
        'the symlink itself is not ours to remove',
      );
      assert.ok(fs.existsSync(behindDirLink), 'nothing behind a directory symlink is swept');
      assert.equal(report.removed, 0);
    } finally {
      outside.cleanup();
    }
  });

  it('a hung path costs one deadline: the sweep fails over to the next path and the caller is never blocked', async () => {
    r = rig({ a: 2 });
    const old = plant(path.join(r.dir('a1'), 'pdfs', `${TEMP_PREFIX}a.pdf-1`), 2 * HOUR);
    await r.storage.probeNow();
    r.fault('a1').hang();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const report = await r.storage.sweepNow({ olderThanMs: HOUR });
    clearInterval(ticker);
    assert.equal(report.volumes.a?.error, null);
    assert.equal(report.removed, 1, 'swept through the second path');
    assert.equal(fs.existsSync(old), false);
    assert.ok(ticks >= 5, `timers kept firing while a path hung (${ticks} ticks)`);
    assert.equal(r.storage.health().volumes[0]?.paths[0]?.state, 'hung');
  });

  it('with its only path hung, the sweep reports the volume unswept instead of waiting', async () => {
    r = rig({ a: 1, b: 1 });
    const stuck = plant(path.join(r.dir('a1'), `${TEMP_PREFIX}q-1`), 2 * HOUR);
    const other = plant(path.join(r.dir('b1'), `${TEMP_PREFIX}q-2`), 2 * HOUR);
    await r.storage.probeNow();
    r.fault('a1').hang();
    const report = await r.storage.sweepNow({ olderThanMs: HOUR });
    assert.match(report.volumes.a?.error ?? '', /unavailable/);
    assert.equal(report.volumes.b?.removed, 1, 'the healthy volume is swept all the same');
    assert.ok(fs.existsSync(stuck));
    assert.equal(fs.existsSync(other), false);
    // once the path is back, the next sweep finishes the job (or the abandoned slice did, when it returned)
    r.fault('a1').release();
    await waitFor(
      async () => (await r!.storage.probeNow(), r!.storage.health().volumes[0]?.paths[0]?.state === 'up'),
      30_000,
      'path back up',
    );
    assert.equal((await r.storage.sweepNow({ olderThanMs: HOUR })).volumes.a?.error, null);
    assert.equal(fs.existsSync(stuck), false);
  });

  it('sweeps on open (after the first probe) with the configured age', async () => {
    const t = tempRoots('a');
    const old = plant(path.join(t.roots.a as string, 'pdfs/2026/11/25', `${TEMP_PREFIX}k.pdf-9`), 2 * HOUR);
    const fresh = plant(path.join(t.roots.a as string, 'pdfs/2026/11/25', `${TEMP_PREFIX}k.pdf-8`), 0);
    const storage = createStorage({
      ...FAST,
      volumes: [{ name: 'a', paths: [t.roots.a as string] }],
      repairQueue: new MemoryRepairQueue(),
      sweepIntervalMs: 60_000,
      tempMaxAgeMs: HOUR,
    });
    try {
      await waitFor(() => storage.health().volumes[0]?.lastSweep != null, 30_000, 'the sweep on open');
      assert.equal(fs.existsSync(old), false);
      assert.ok(fs.existsSync(fresh));
    } finally {
      await storage.close();
      t.cleanup();
    }
  });

  it('close() during a sweep stops it without a warning: a sweep cut short by close says nothing about the mount', async () => {
    const warnings: string[] = [];
    const logger = {
      info: () => {},
      warn: (_: object, msg: string) => warnings.push(msg),
      error: (_: object, msg: string) => warnings.push(msg),
    };
    r = rig({ a: 1, b: 1 }, { logger });
    await r.storage.probeNow();
    r.fault('a1').slow(400);
    r.fault('b1').slow(400);
    const sweep = r.storage.sweepNow({ olderThanMs: HOUR });
    await new Promise((done) => setTimeout(done, 100)); // both slices are in their workers now
    await r.storage.close();
    const report = await sweep;
    assert.deepEqual([report.volumes.a?.error, report.volumes.b?.error], ['storage closed', 'storage closed']);
    assert.deepEqual(warnings, []);
  });

  it('concurrent sweeps take turns and count each file once', async () => {
    r = rig({ a: 1 });
    for (let i = 0; i < 20; i++) plant(path.join(r.dir('a1'), 'pdfs', `d${i % 4}`, `${TEMP_PREFIX}f${i}`), 2 * HOUR);
    const reports = await Promise.all([r.storage.sweepNow({ olderThanMs: HOUR }), r.storage.sweepNow({ olderThanMs: HOUR })]);
    assert.deepEqual(reports.map((x) => x.removed).sort(), [0, 20]);
  });

  it('refuses an age limit that a live write could reach', () => {
    assert.throws(
      () =>
        createStorage({
          volumes: [{ name: 'a', paths: ['/nonexistent'] }],
          repairQueue: new MemoryRepairQueue(),
          callDeadlineMs: 2000,
          tempMaxAgeMs: 4000,
        }),
      /tempMaxAgeMs/,
    );
  });
});

describe('sweepSlice (worker side)', () => {
  it('resumes from its cursor: a walk cut into one-directory slices removes exactly what one walk does', () => {
    const t = tempRoots('v');
    try {
      const root = t.roots.v as string;
      for (let i = 0; i < 12; i++) plant(path.join(root, 'pdfs', `2026/${i % 3}/${i % 4}`, `${TEMP_PREFIX}s${i}`), 2 * HOUR);
      plant(path.join(root, 'pdfs', `${TEMP_PREFIX}fresh`), 0);
      let cursor: string[] | null = null;
      let removed = 0;
      let young = 0;
      let slices = 0;
      do {
        const slice = sweepSlice(root, HOUR, 0, cursor, DEFAULT_PROBE_PREFIX); // budget 0: one directory per slice
        removed += slice.removed;
        young += slice.young;
        cursor = slice.cursor;
        slices++;
      } while (cursor !== null && slices < 100);
      assert.deepEqual({ removed, young }, { removed: 12, young: 1 });
      assert.ok(slices > 5, `the walk was cut into slices (${slices})`);
    } finally {
      t.cleanup();
    }
  });
});
