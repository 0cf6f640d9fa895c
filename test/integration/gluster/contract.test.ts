// The storage contract on real GlusterFS: the replica-3 volume through its two FUSE mounts plus the
// local volume. Needs setup.sh's test bed; skipped when it is not there.
import { existsSync } from 'node:fs';
import { describe } from 'node:test';
import { createStorage } from '@rollcall/storage';
import { MemoryRepairQueue, storageContract } from '@rollcall/storage/testing';
import * as bed from './bed.js';

if (!existsSync(bed.BASE)) {
  describe('storage contract: gluster', { skip: `no test bed at ${bed.BASE} (run setup.sh)` }, () => {});
} else {
  storageContract('gluster replica-3 through two FUSE mounts + local', async () => {
    const storage = createStorage({
      volumes: [
        { name: 'gluster', paths: [bed.MNT1, bed.MNT2] },
        { name: 'local', paths: [bed.LOCAL] },
      ],
      repairQueue: new MemoryRepairQueue(),
      minFreeBytes: 0,
      repairIntervalMs: 0,
    });
    await storage.probeNow();
    return { storage, writeQuorum: 2, volumeNames: ['gluster', 'local'], cleanup: () => storage.close() };
  });
}
