// isolated.ts: a child stuck on a thread blocked in the kernel still yields the exit code it
// reported. Without the parent ending it, process.exit in the child waits for that thread forever.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runInChild } from '../../../../server/cli/isolated.js';
import { tempDataDir } from '../../../support/run-cli.js';

describe('runInChild', { timeout: 60_000 }, () => {
  it('returns the reported code of a child that cannot exit (a thread blocked in open(2))', async () => {
    const tmp = tempDataDir();
    const fifo = path.join(tmp.dir, 'hung-mount');
    execFileSync('mkfifo', [fifo]);
    try {
      const started = performance.now();
      const code = await runInChild(new URL('../../../support/stuck-child.js', import.meta.url), [fifo], 'stuck child');
      assert.equal(code, 2);
      assert.ok(performance.now() - started < 30_000, 'ended by the parent, not by the mount');
    } finally {
      tmp.cleanup();
    }
  });
});
