// Restoring a missing or corrupt copy: the one path shared by the background repairer (one volume
// per queued entry) and verify with repair (every bad volume of a key). The bytes come from a
// good copy on another volume, else from the host's catalog.rederive, checked against the
// expected checksum either way.
//
// A rederive that throws is rethrown, never read as "this key cannot be rebuilt". The error (the
// database is down, the renderer crashed) says nothing about the key: the repairer reports it and
// keeps the entry queued for its next run, and verify counts the copies unrepaired without
// listing the key as lost. (verify used to swallow the error and could report a key lost that the
// next run would rebuild.)
import { findGoodCopy, sha256 } from './copies.js';
import type { KeyCatalog } from './types.js';
import type { Volume } from './volume.js';

export type RestoreSource = 'copy' | 'rederived';

export interface Restored {
  /** Where the bytes came from; null when no volume holds a good copy and the catalog cannot rebuild one. */
  source: RestoreSource | null;
  restored: Volume[];
  failed: Array<{ volume: Volume; error: string }>;
}

/**
 * Writes a good copy of `key` to every volume of `targets`. `good` is what the caller already knows:
 * a good copy it read, or null when it has just inspected every volume and found none (verify); left
 * undefined, a good copy is looked for on the volumes outside `targets` (the repairer).
 */
export async function restoreCopy(
  volumes: Volume[],
  catalog: KeyCatalog | undefined,
  key: string,
  expected: string,
  targets: Volume[],
  good?: Buffer | null,
): Promise<Restored> {
  let bytes =
    good === undefined
      ? await findGoodCopy(
          volumes.filter((v) => !targets.includes(v)),
          key,
          expected,
        )
      : good;
  let source: RestoreSource | null = bytes ? 'copy' : null;
  if (!bytes && catalog?.rederive) {
    const rebuilt = await catalog.rederive(key); // throws: see above
    if (rebuilt && sha256(rebuilt) === expected) {
      bytes = rebuilt;
      source = 'rederived';
    }
  }
  const result: Restored = { source, restored: [], failed: [] };
  if (!bytes) return result;
  for (const volume of targets) {
    try {
      await volume.run({ op: 'put', key, bytes });
      result.restored.push(volume);
    } catch (error) {
      result.failed.push({ volume, error: (error as Error).message });
    }
  }
  return result;
}
