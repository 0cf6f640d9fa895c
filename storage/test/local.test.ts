// The contract against plain local directories: one volume, and two volumes of two paths each.
import { createStorage } from '../src/index.js';
import { storageContract } from '../src/testing/contract.js';
import { FAST, MemoryRepairQueue, tempRoots } from '../src/testing/support.js';

storageContract('one local volume', async () => {
  const t = tempRoots('a');
  const storage = createStorage({ ...FAST, volumes: [{ name: 'a', paths: [t.roots.a as string] }], repairQueue: new MemoryRepairQueue() });
  return { storage, writeQuorum: 1, volumeNames: ['a'], cleanup: async () => (await storage.close(), t.cleanup()) };
});

storageContract('two local volumes with two paths each', async () => {
  const t = tempRoots('a', 'b');
  // two paths of one volume reach the same directory, as two mounts of one Gluster volume do
  const storage = createStorage({
    ...FAST,
    volumes: [
      { name: 'a', paths: [t.roots.a as string, `${t.roots.a}/.`] },
      { name: 'b', paths: [t.roots.b as string, `${t.roots.b}/.`] },
    ],
    repairQueue: new MemoryRepairQueue(),
  });
  return { storage, writeQuorum: 2, volumeNames: ['a', 'b'], cleanup: async () => (await storage.close(), t.cleanup()) };
});
