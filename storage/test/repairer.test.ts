// Read-repair and verify: bad copies are found through the checksum and rewritten from a good copy
// or, when every copy is lost, re-derived through the catalog.
import assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { NotFoundInStorage } from '../src/index.js';
import { rig, type Rig } from '../src/testing/harness.js';
import { pdfLike, waitFor } from '../src/testing/support.js';

describe('repair', { timeout: 60_000 }, () => {
  let r: Rig;
  afterEach(async () => r.close());

  const store = async (key: string, seed: number): Promise<string> => {
    const bytes = pdfLike(seed);
    const { sha256 } = await r.storage.put(key, bytes);
    r.catalog.remember(key, sha256, bytes);
    return sha256;
  };

  it('read-repair: a get that meets a missing and a corrupt copy serves the good one and fixes both', async () => {
    r = rig({ a: 1, b: 1, c: 1 });
    const key = 'pdfs/2026/11/25/rr.pdf';
    const sha = await store(key, 1);
    unlinkSync(join(r.dir('a1'), key));
    writeFileSync(join(r.dir('b1'), key), 'not the pdf');
    assert.ok((await r.storage.get(key, sha)).equals(pdfLike(1)));
    assert.deepEqual(r.queue.added.map((e) => e.volume).sort(), ['a', 'b']);
    await waitFor(() => r.queue.entries.length === 0, 30_000, 'read-repair done');
    const report = await r.storage.verify(r.catalog, { repair: false });
    assert.equal(report.unrepaired, 0);
  });

  it('a corrupt read on one volume never reaches the caller', async () => {
    r = rig({ a: 1, b: 1 });
    const sha = await store('pdfs/c/1.pdf', 2);
    r.fault('a1').corruptReads();
    r.fault('b1').corruptReads();
    await assert.rejects(r.storage.get('pdfs/c/1.pdf', sha), NotFoundInStorage);
    assert.equal(r.queue.entries.length, 0, 'no repair without a good copy');
  });

  it('verify reports missing and corrupt copies per volume, and repairs them', async () => {
    r = rig({ a: 1, b: 1 });
    await store('pdfs/v/1.pdf', 3);
    await store('pdfs/v/2.pdf', 4);
    await store('pdfs/v/3.pdf', 5);
    unlinkSync(join(r.dir('a1'), 'pdfs/v/1.pdf'));
    writeFileSync(join(r.dir('b1'), 'pdfs/v/2.pdf'), pdfLike(99));
    const found = await r.storage.verify(r.catalog, { repair: false });
    assert.equal(found.keys, 3);
    assert.deepEqual(found.volumes.a, { checked: 3, ok: 2, missing: 1, corrupt: 0, unavailable: 0, repaired: 0 });
    assert.deepEqual(found.volumes.b, { checked: 3, ok: 2, missing: 0, corrupt: 1, unavailable: 0, repaired: 0 });
    assert.equal(found.unrepaired, 2);
    const fixed = await r.storage.verify(r.catalog, { repair: true });
    assert.equal(fixed.volumes.a?.repaired, 1);
    assert.equal(fixed.volumes.b?.repaired, 1);
    assert.equal(fixed.unrepaired, 0);
    const after = await r.storage.verify(r.catalog, { repair: false });
    assert.equal(after.unrepaired, 0);
    assert.equal(after.volumes.a?.ok, 3);
  });

  it('verify re-derives a key whose every copy is lost', async () => {
    r = rig({ a: 1, b: 1 });
    const sha = await store('pdfs/v/4.pdf', 6);
    unlinkSync(join(r.dir('a1'), 'pdfs/v/4.pdf'));
    unlinkSync(join(r.dir('b1'), 'pdfs/v/4.pdf'));
    const report = await r.storage.verify(r.catalog, { repair: true });
    assert.equal(report.rederived, 1);
    assert.deepEqual(r.catalog.rederived, ['pdfs/v/4.pdf']);
    assert.equal(report.unrepaired, 0);
    assert.ok((await r.storage.get('pdfs/v/4.pdf', sha)).equals(pdfLike(6)));
  });

  it('verify lists a key as lost when nothing can rebuild it', async () => {
    r = rig({ a: 1 });
    await store('pdfs/v/5.pdf', 7);
    unlinkSync(join(r.dir('a1'), 'pdfs/v/5.pdf'));
    r.catalog.canRederive = false;
    const report = await r.storage.verify(r.catalog, { repair: true });
    assert.deepEqual(report.lost, ['pdfs/v/5.pdf']);
    assert.equal(report.unrepaired, 1);
  });

  // restore.ts: a rederive that throws is a failed attempt, never a lost key
  it('verify: a re-derivation that fails leaves the copies unrepaired but does not call the key lost', async () => {
    r = rig({ a: 1, b: 1 });
    const sha = await store('pdfs/v/8.pdf', 10);
    unlinkSync(join(r.dir('a1'), 'pdfs/v/8.pdf'));
    unlinkSync(join(r.dir('b1'), 'pdfs/v/8.pdf'));
    r.catalog.rederiveError = new Error('database is down');
    const failed = await r.storage.verify(r.catalog, { repair: true });
    assert.deepEqual(failed.lost, [], 'a failed rebuild says nothing about the key');
    assert.equal(failed.unrepaired, 2);
    assert.equal(failed.rederived, 0);
    r.catalog.rederiveError = null;
    const fixed = await r.storage.verify(r.catalog, { repair: true });
    assert.equal(fixed.rederived, 1);
    assert.equal(fixed.unrepaired, 0);
    assert.ok((await r.storage.get('pdfs/v/8.pdf', sha)).equals(pdfLike(10)));
  });

  it('repairer: a re-derivation that fails is reported and the entry stays queued until it works', async () => {
    r = rig({ a: 1, b: 1 }, { writeQuorum: 1 });
    r.fault('b1').fail('EIO');
    await store('pdfs/v/9.pdf', 11);
    unlinkSync(join(r.dir('a1'), 'pdfs/v/9.pdf')); // the only copy is gone too
    r.fault('b1').clear();
    await r.storage.probeNow();
    r.catalog.rederiveError = new Error('renderer crashed');
    assert.equal(await r.storage.repairNow(), 0);
    assert.equal(r.queue.for('b').length, 1, 'still queued');
    assert.ok(r.events.some((e) => e.type === 'repair_failed' && e.volume === 'b' && e.error === 'renderer crashed'));
    r.catalog.rederiveError = null;
    assert.equal(await r.storage.repairNow(), 1);
    assert.ok(r.events.some((e) => e.type === 'repaired' && e.volume === 'b' && e.source === 'rederived'));
  });

  it('the background repairer drains entries on its own once the volume is back', async () => {
    r = rig({ a: 1, b: 1 }, { writeQuorum: 1, repairIntervalMs: 50, probeIntervalMs: 50 });
    r.fault('b1').fail('EIO');
    const sha = await store('pdfs/v/6.pdf', 8);
    await store('pdfs/v/7.pdf', 9);
    assert.equal(r.queue.for('b').length, 2);
    r.fault('b1').clear();
    await waitFor(() => r.queue.entries.length === 0, 30_000, 'repairer drained the queue');
    r.fault('a1').fail('EIO');
    assert.ok((await r.storage.get('pdfs/v/6.pdf', sha)).equals(pdfLike(8)));
  });
});
