// The same contract while faults are active: each volume's first path is sick in a different way
// (hung, dead client), one volume is full (it misses every write) and one volume corrupts every
// read. The contract must still hold.
import { createStorage, FaultSwitch } from '../src/index.js';
import { storageContract } from '../src/testing/contract.js';
import { FAST, MemoryRepairQueue, tempRoots } from '../src/testing/support.js';

storageContract('fault-injected paths', async () => {
  const t = tempRoots('a', 'b', 'c', 'd');
  const r = t.roots as Record<'a' | 'b' | 'c' | 'd', string>;
  const hung = new FaultSwitch().hang();
  const dead = new FaultSwitch().fail('ENOTCONN');
  const full = new FaultSwitch().fill();
  const corrupt = new FaultSwitch().corruptReads();
  const faults = new Map([
    [`${r.a}/.`, hung],
    [`${r.b}/.`, dead],
    [r.c, full],
    [r.d, corrupt],
  ]);
  const storage = createStorage({
    ...FAST,
    volumes: [
      { name: 'a', paths: [`${r.a}/.`, r.a] },
      { name: 'b', paths: [`${r.b}/.`, r.b] },
      { name: 'c', paths: [r.c] },
      { name: 'd', paths: [r.d] },
    ],
    writeQuorum: 3,
    repairQueue: new MemoryRepairQueue(),
    faults,
  });
  return {
    storage,
    writeQuorum: 3,
    volumeNames: ['a', 'b', 'c', 'd'],
    cleanup: async () => {
      await storage.close();
      for (const f of faults.values()) f.clear();
      t.cleanup();
    },
  };
});
