// Dead clients, I/O errors, full volumes and quorum arithmetic.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { StorageUnavailable } from '../src/index.js';
import { rig, state, type Rig } from '../src/testing/harness.js';
import { pdfLike } from '../src/testing/support.js';

describe('failing paths and volumes', { timeout: 60_000 }, () => {
  let r: Rig;
  afterEach(async () => r.close());

  it('ENOTCONN on a path marks it failed and the same call uses the next path', async () => {
    r = rig({ a: 2 }, { writeQuorum: 1 });
    await r.storage.probeNow();
    r.fault('a1').fail('ENOTCONN');
    const result = await r.storage.put('pdfs/f/1.pdf', pdfLike(1));
    assert.deepEqual(result.acknowledged, ['a']);
    assert.equal(state(r, 'a', 0), 'failed');
    assert.match(r.storage.health().volumes[0]?.paths[0]?.error ?? '', /ENOTCONN/);
    r.fault('a1').clear();
    await r.storage.probeNow();
    assert.equal(state(r, 'a', 0), 'up');
  });

  it('EIO while reading falls over to the other path', async () => {
    r = rig({ a: 2 }, { writeQuorum: 1 });
    const { sha256 } = await r.storage.put('pdfs/f/2.pdf', pdfLike(2));
    r.fault('a1').fail('EIO');
    assert.ok((await r.storage.get('pdfs/f/2.pdf', sha256)).equals(pdfLike(2)));
  });

  it('a missed volume at quorum gets a repair entry, and the repairer fixes it when the volume is back', async () => {
    r = rig({ a: 1, b: 1, c: 1 });
    await r.storage.probeNow();
    r.fault('c1').fail('EIO');
    const result = await r.storage.put('pdfs/f/3.pdf', pdfLike(3));
    assert.deepEqual(result.acknowledged, ['a', 'b']);
    assert.deepEqual(result.missed, ['c']);
    assert.deepEqual(
      r.queue.for('c').map((e) => [e.key, e.sha256]),
      [['pdfs/f/3.pdf', result.sha256]],
    );
    assert.equal(await r.storage.repairNow(), 0, 'nothing repaired while c is down');
    r.fault('c1').clear();
    await r.storage.probeNow();
    assert.equal(await r.storage.repairNow(), 1);
    assert.equal(r.queue.entries.length, 0);
    const report = await r.storage.verify(
      {
        keys: async function* () {
          yield { key: 'pdfs/f/3.pdf', sha256: result.sha256 };
        },
      },
      { repair: false },
    );
    assert.deepEqual(report.volumes.c, { checked: 1, ok: 1, missing: 0, corrupt: 0, unavailable: 0, repaired: 0 });
  });

  it('below quorum put throws StorageUnavailable and queues nothing', async () => {
    r = rig({ a: 1, b: 1, c: 1 });
    r.fault('b1').fail('ENOTCONN');
    r.fault('c1').fail('EIO');
    await assert.rejects(r.storage.put('pdfs/f/4.pdf', pdfLike(4)), (e: unknown) => {
      assert.ok(e instanceof StorageUnavailable);
      assert.equal(e.code, 'STORAGE_UNAVAILABLE');
      assert.deepEqual(e.detail.acknowledged, ['a']);
      return true;
    });
    assert.equal(r.queue.entries.length, 0);
  });

  it('a volume below the free-space floor takes no new writes', async () => {
    r = rig({ a: 1, b: 1 }, { writeQuorum: 1, minFreeBytes: Number.MAX_SAFE_INTEGER });
    await r.storage.probeNow();
    assert.equal(state(r, 'a', 0), 'full');
    assert.equal(r.storage.health().volumes[0]?.writable, false);
    assert.equal(r.storage.health().hasWriteQuorum, false);
    await assert.rejects(r.storage.put('pdfs/f/5.pdf', pdfLike(5)), StorageUnavailable);
  });

  it('ENOSPC marks the path full; reads still work; the volume comes back when space returns', async () => {
    r = rig({ a: 1, b: 1 }, { writeQuorum: 1 });
    const { sha256 } = await r.storage.put('pdfs/f/6.pdf', pdfLike(6));
    r.fault('a1').fill();
    const result = await r.storage.put('pdfs/f/7.pdf', pdfLike(7));
    assert.deepEqual(result.missed, ['a']);
    assert.equal(state(r, 'a', 0), 'full');
    assert.ok((await r.storage.get('pdfs/f/6.pdf', sha256)).equals(pdfLike(6)));
    r.fault('a1').clear();
    await r.storage.probeNow();
    assert.equal(r.storage.health().volumes[0]?.writable, true);
  });

  it('delete on an unreachable volume is queued and carried out later', async () => {
    r = rig({ a: 1, b: 1 }, { writeQuorum: 1 });
    await r.storage.put('pdfs/f/8.pdf', pdfLike(8));
    r.fault('b1').fail('ENOTCONN');
    await r.storage.delete('pdfs/f/8.pdf');
    assert.deepEqual(
      r.queue.for('b').map((e) => e.kind),
      ['delete'],
    );
    r.fault('b1').clear();
    await r.storage.probeNow();
    await r.storage.repairNow();
    assert.equal(await r.storage.exists('pdfs/f/8.pdf'), false);
    assert.deepEqual(await r.storage.list('pdfs/f/'), []);
  });

  it('reports path states and per-operation latencies through events', async () => {
    // A probe slower than the threshold reports 'slow' instead of 'up': on a loaded machine a
    // canary fsync can take 500 ms, so the threshold is out of reach here.
    r = rig({ a: 1 }, { slowThresholdMs: 60_000 });
    await r.storage.probeNow();
    await r.storage.put('pdfs/f/9.pdf', pdfLike(9));
    const op = r.events.find((e) => e.type === 'op' && e.op === 'put');
    assert.ok(op && op.type === 'op' && op.outcome === 'ok' && op.volume === 'a' && op.ms >= 0);
    assert.ok(r.events.some((e) => e.type === 'path_state' && e.from === 'unknown' && e.to === 'up'));
  });
});

describe('fault control file (drills in a running app)', { timeout: 60_000 }, () => {
  it('a path named in the file fails until the file no longer names it', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const controlDir = mkdtempSync(join(tmpdir(), 'rollcall-faultctl-'));
    const file = join(controlDir, 'faults.json');
    const r = rig({ a: 2 }, { writeQuorum: 1, faults: {}, faultControlFile: file });
    try {
      writeFileSync(file, JSON.stringify({ [r.dir('a1')]: 'fail:EIO' }));
      await new Promise((done) => setTimeout(done, 400));
      await r.storage.put('pdfs/ctl/1.pdf', pdfLike(1));
      assert.equal(state(r, 'a', 0), 'failed');
      writeFileSync(file, '{}');
      await new Promise((done) => setTimeout(done, 400));
      await r.storage.probeNow();
      assert.equal(state(r, 'a', 0), 'up');
    } finally {
      await r.close();
      rmSync(controlDir, { recursive: true, force: true });
    }
  });
});
