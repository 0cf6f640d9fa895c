// A hung mount: the call that meets it fails over within the same call, the path turns `hung`
// within its deadline, the event loop keeps running, and only a probe on a fresh worker brings it back.
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, it } from 'node:test';
import { rig, state, type Rig } from '../src/testing/harness.js';
import { pdfLike, waitFor } from '../src/testing/support.js';

describe('hung path', { timeout: 60_000 }, () => {
  let r: Rig;
  afterEach(async () => r.close());

  it('marks the path hung, fails over in the same call and keeps the event loop free', async () => {
    r = rig({ a: 2, b: 1 });
    await r.storage.probeNow();
    r.fault('a1').hang();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const result = await r.storage.put('pdfs/2026/11/25/hang.pdf', pdfLike(1));
    clearInterval(ticker);
    delay.disable();
    assert.deepEqual(result.acknowledged, ['a', 'b']);
    assert.equal(state(r, 'a', 0), 'hung');
    assert.ok(ticks >= 5, `timers kept firing while the path hung (${ticks} ticks)`);
    // behaviour check, not a speed test: nothing blocked the loop for anything like a deadline
    assert.ok(delay.max / 1e6 < 1000, `event loop blocked ${delay.max / 1e6} ms`);
    const change = r.events.find((e) => e.type === 'path_state' && e.to === 'hung');
    assert.deepEqual(change && { from: change.type === 'path_state' && change.from, path: change.type === 'path_state' && change.path }, {
      from: 'up',
      path: r.dir('a1'),
    });
  });

  it('takes no calls while hung, and comes back only through a probe on a new worker', async () => {
    r = rig({ a: 2 }, { writeQuorum: 1 });
    r.fault('a1').hang();
    await r.storage.probeNow();
    assert.equal(state(r, 'a', 0), 'hung');
    const before = r.events.filter((e) => e.type === 'op' && e.path === r.dir('a1')).length;
    await r.storage.put('pdfs/x/1.pdf', pdfLike(2));
    await r.storage.get('pdfs/x/1.pdf', (await r.storage.put('pdfs/x/1.pdf', pdfLike(2))).sha256);
    assert.equal(r.events.filter((e) => e.type === 'op' && e.path === r.dir('a1')).length, before, 'no call reached the hung path');
    r.fault('a1').release();
    await waitFor(async () => (await r.storage.probeNow(), state(r, 'a', 0) === 'up'), 30_000, 'path back up');
    assert.ok(r.storage.health().volumes[0]?.paths[0]?.lastGoodProbeAt);
  });

  it('with every path of every volume hung, put fails fast with StorageUnavailable', async () => {
    r = rig({ a: 1, b: 1 });
    r.fault('a1').hang();
    r.fault('b1').hang();
    await assert.rejects(r.storage.put('pdfs/x/2.pdf', pdfLike(3)), (e: { code?: string }) => e.code === 'STORAGE_UNAVAILABLE');
    assert.equal(r.storage.health().hasWriteQuorum, false);
    // now the paths are known hung: the next call does not wait for any deadline
    const started = performance.now();
    await assert.rejects(r.storage.get('pdfs/x/2.pdf', 'x'), (e: { code?: string }) => e.code === 'STORAGE_UNAVAILABLE');
    assert.ok(performance.now() - started < 200, 'known-hung paths are skipped, not waited on');
  });

  it('close() returns while a call is stuck on a hung path', async () => {
    r = rig({ a: 1 });
    await r.storage.probeNow();
    r.fault('a1').hang();
    const stuck = r.storage.put('pdfs/x/3.pdf', pdfLike(4)).catch((e: Error) => e);
    await r.storage.close();
    assert.ok((await stuck) instanceof Error);
  });

  it('keeps at most a bounded number of stuck workers per path while probes keep failing', async () => {
    r = rig({ a: 1 }, { maxStuckWorkersPerPath: 2 });
    r.fault('a1').hang();
    for (let i = 0; i < 5; i++) await r.storage.probeNow();
    assert.equal(r.storage.health().volumes[0]?.paths[0]?.stuckWorkers, 2);
    assert.equal(r.storage.stuckWorkers(), 2);
    r.fault('a1').release();
    await waitFor(async () => (await r.storage.probeNow(), state(r, 'a', 0) === 'up'), 30_000, 'path back up');
  });
});
