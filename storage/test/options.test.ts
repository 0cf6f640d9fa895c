// createStorage's options: one volume-name rule (shared with the server's configuration), the
// probe-file prefix, and configuration errors that are StorageErrors naming every problem.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  applyFaultSpec,
  createStorage,
  DEFAULT_PROBE_PREFIX,
  FaultSwitch,
  isVolumeName,
  StorageConfigError,
  StorageError,
  type StorageOptions,
} from '../src/index.js';
import { FAST, MemoryRepairQueue, tempRoots } from '../src/testing/support.js';

const HOUR = 60 * 60_000;

function open(volumes: StorageOptions['volumes'], options: Partial<StorageOptions> = {}): ReturnType<typeof createStorage> {
  return createStorage({ ...FAST, volumes, repairQueue: new MemoryRepairQueue(), ...options });
}

describe('storage options', () => {
  it('volume names: letters, digits, - and _, starting with a letter or digit, at most 32', () => {
    for (const good of ['a', 'local-a', 'gluster_1', 'B2', 'x'.repeat(32)]) assert.equal(isVolumeName(good), true, good);
    // the library used to accept the first four, which the server's configuration refused
    for (const bad of ['a.b', '.', '..', '-a', '_a', 'x'.repeat(33), '', 'a/b', 'a b', 7])
      assert.equal(isVolumeName(bad), false, String(bad));
  });

  it('createStorage refuses a bad volume name with a StorageConfigError naming every problem', () => {
    const error = (() => {
      try {
        open([
          { name: '..', paths: ['/nonexistent/a'] },
          { name: 'b'.repeat(33), paths: ['relative'] },
        ]);
      } catch (e) {
        return e;
      }
      assert.fail('createStorage accepted bad volumes');
    })();
    assert.ok(error instanceof StorageConfigError);
    assert.ok(error instanceof StorageError);
    assert.match(error.message, /bad volume name "\.\."/);
    assert.match(error.message, /bad volume name "b{33}"/);
    assert.match(error.message, /is not absolute/);
    assert.equal(error.problems.length, 3);
  });

  it('probeFilePrefix must be a dot-file prefix', () => {
    for (const bad of ['probe-', '.', '../x', '.a/b', '']) {
      assert.throws(
        () => open([{ name: 'a', paths: ['/nonexistent/a'] }], { probeFilePrefix: bad }),
        StorageConfigError,
        JSON.stringify(bad),
      );
    }
  });

  it("the sweep removes stale canaries with this storage's probe prefix, and only those", async () => {
    const t = tempRoots('a');
    const root = t.roots.a as string;
    const plant = (name: string): string => {
      const file = path.join(root, name);
      fs.writeFileSync(file, 'x');
      const then = new Date(Date.now() - 2 * HOUR);
      fs.utimesSync(file, then, then);
      return file;
    };
    const mine = plant('.node7-probe-1-ab');
    const notMine = plant(`${DEFAULT_PROBE_PREFIX}1-cd`);
    const storage = open([{ name: 'a', paths: [root] }], { probeFilePrefix: '.node7-probe-' });
    try {
      await storage.probeNow();
      assert.ok(['up', 'slow'].includes(storage.health().volumes[0]?.paths[0]?.state ?? ''), 'probes with the prefix');
      const report = await storage.sweepNow({ olderThanMs: HOUR });
      assert.equal(report.removed, 1);
      assert.equal(fs.existsSync(mine), false);
      assert.equal(fs.existsSync(notMine), true);
      assert.deepEqual(
        fs.readdirSync(root).filter((n) => n.startsWith('.node7-probe-')),
        [],
        'the probe leaves no canary behind',
      );
    } finally {
      await storage.close();
      t.cleanup();
    }
  });

  it('other misuse is a StorageError too: an unknown fault, a negative sweep age', async () => {
    assert.throws(() => applyFaultSpec(new FaultSwitch(), 'melt'), StorageConfigError);
    const t = tempRoots('a');
    const storage = open([{ name: 'a', paths: [t.roots.a as string] }]);
    try {
      assert.throws(() => storage.sweepNow({ olderThanMs: -1 }), StorageConfigError);
    } finally {
      await storage.close();
      t.cleanup();
    }
  });
});
