// Helpers shared by reads, repair and verify: checksums and "find a good copy elsewhere".
import { createHash } from 'node:crypto';
import { InvalidKey } from './errors.js';
import type { Volume } from './volume.js';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export type CopyState =
  { state: 'good'; bytes: Buffer } | { state: 'missing' } | { state: 'corrupt' } | { state: 'unavailable'; reason: string };

/** What one volume holds for a key, checked against the expected checksum. */
export async function inspectCopy(volume: Volume, key: string, expected: string): Promise<CopyState> {
  if (!volume.readable) return { state: 'unavailable', reason: 'no usable path' };
  try {
    const result = await volume.run({ op: 'get', key });
    if (!result.found) return { state: 'missing' };
    const bytes = Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength);
    return sha256(bytes) === expected ? { state: 'good', bytes } : { state: 'corrupt' };
  } catch (error) {
    // a symlink where the copy should be is never followed: that copy counts as bad
    if (error instanceof InvalidKey) return { state: 'corrupt' };
    return { state: 'unavailable', reason: (error as Error).message };
  }
}

/** The first good copy on any volume but `except`, healthiest volumes first. */
export async function findGoodCopy(volumes: Volume[], key: string, expected: string, except?: Volume): Promise<Buffer | null> {
  for (const volume of byHealth(volumes)) {
    if (volume === except) continue;
    const copy = await inspectCopy(volume, key, expected);
    if (copy.state === 'good') return copy.bytes;
  }
  return null;
}

export function byHealth(volumes: Volume[]): Volume[] {
  return volumes
    .map((volume, index) => ({ volume, index }))
    .sort((a, b) => a.volume.rank - b.volume.rank || a.index - b.index)
    .map((entry) => entry.volume);
}
