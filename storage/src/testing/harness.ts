// Builds a storage over temp directories with a fault switch on every path, for focused tests.
import { createStorage, FaultSwitch, type ReplicatedStorage, type StorageEvent } from '../index.js';
import type { StorageOptions } from '../index.js';
import { FAST, MemoryCatalog, MemoryRepairQueue, tempRoots, waitFor } from './support.js';

export interface Rig {
  storage: ReplicatedStorage;
  queue: MemoryRepairQueue;
  catalog: MemoryCatalog;
  /** Fault switch of a path, by "<volume><n>", e.g. a1, a2, b1. */
  fault: (pathId: string) => FaultSwitch;
  /** Directory of a path, by "<volume><n>". */
  dir: (pathId: string) => string;
  events: StorageEvent[];
  close: () => Promise<void>;
}

/** layout: volume name -> number of paths; paths of one volume share one directory. */
export function rig(layout: Record<string, number>, options: Partial<StorageOptions> = {}): Rig {
  const names = Object.keys(layout);
  const t = tempRoots(...names);
  const faults = new Map<string, FaultSwitch>();
  const dirs = new Map<string, string>();
  const volumes = names.map((name) => {
    const paths: string[] = [];
    for (let n = 1; n <= (layout[name] as number); n++) {
      // distinct path strings that reach the same directory, as two mounts of one volume do
      const path = `${t.roots[name]}${'/.'.repeat(n - 1)}`;
      paths.push(path);
      faults.set(`${name}${n}`, new FaultSwitch());
      dirs.set(`${name}${n}`, path);
    }
    return { name, paths };
  });
  const switches = new Map([...dirs.entries()].map(([id, path]) => [path, faults.get(id) as FaultSwitch]));
  const queue = new MemoryRepairQueue();
  const catalog = new MemoryCatalog();
  const events: StorageEvent[] = [];
  const storage = createStorage({
    ...FAST,
    volumes,
    repairQueue: queue,
    catalog,
    faults: switches,
    onEvent: (e) => events.push(e),
    ...options,
  });
  const pick = <T>(map: Map<string, T>, id: string): T => {
    const value = map.get(id);
    if (value === undefined) throw new Error(`no path ${id}`);
    return value;
  };
  return {
    storage,
    queue,
    catalog,
    fault: (id) => pick(faults, id),
    dir: (id) => pick(dirs, id),
    events,
    close: async () => {
      // release stuck calls first and let them finish, so no late write races the clean-up
      for (const f of faults.values()) f.clear();
      const stuck = (): number =>
        storage
          .health()
          .volumes.flatMap((v) => v.paths)
          .reduce((n, p) => n + (p.stuckWorkers ?? 0), 0);
      await waitFor(() => stuck() === 0, 3000, 'stuck workers to return').catch(() => {});
      await storage.close();
      t.cleanup();
    },
  };
}

export function state(r: Rig, volume: string, index: number): string | undefined {
  return r.storage.health().volumes.find((v) => v.name === volume)?.paths[index]?.state;
}
