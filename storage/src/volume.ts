// One volume = one independent copy, reached through one or more mount paths. A call goes to the
// healthiest path first and, if that path fails or misses its deadline, to the next one, within
// the same call.
import { InvalidKey, PathUnavailable, StorageError } from './errors.js';
import type { MountPath } from './mount-path.js';
import type { PathRequest, ResultOf } from './protocol.js';
import type { PathState, VolumeHealth, VolumeSweep } from './types.js';

const PREFERENCE: Record<PathState, number> = { up: 0, unknown: 1, slow: 2, full: 3, failed: 9, hung: 9 };

/** Internal: no path of a volume could serve a call. */
export class VolumeUnavailable extends StorageError {
  readonly code = 'STORAGE_VOLUME_UNAVAILABLE';
  constructor(
    readonly volume: string,
    readonly reasons: string[],
  ) {
    super(`volume ${volume} unavailable: ${reasons.join('; ') || 'no usable path'}`);
    this.name = 'VolumeUnavailable';
  }
}

export class Volume {
  /** Set by the sweeper (sweeper.ts) when a sweep of this volume ends. */
  lastSweep: VolumeSweep | null = null;

  constructor(
    readonly name: string,
    readonly paths: MountPath[],
  ) {}

  /** Takes new writes: some path can write and no path reports the volume below its free-space floor. */
  get writable(): boolean {
    return this.paths.some((p) => p.writable) && !this.paths.some((p) => p.state === 'full');
  }

  get readable(): boolean {
    return this.paths.some((p) => p.usable);
  }

  /** Lower is healthier; used to order volumes for reads. */
  get rank(): number {
    return Math.min(...this.paths.map((p) => PREFERENCE[p.state]));
  }

  health(): VolumeHealth {
    return { name: this.name, writable: this.writable, paths: this.paths.map((p) => p.health()), lastSweep: this.lastSweep };
  }

  async run<R extends Exclude<PathRequest, { op: 'probe' }>>(request: R): Promise<ResultOf<R['op']>> {
    const forWrite = request.op === 'put';
    if (forWrite && !this.writable) throw new VolumeUnavailable(this.name, [this.describe()]);
    const candidates = this.paths
      .filter((p) => (forWrite ? p.writable : p.usable))
      .sort((a, b) => PREFERENCE[a.state] - PREFERENCE[b.state]);
    const reasons: string[] = [];
    for (const path of candidates) {
      if (!(forWrite ? path.writable : path.usable)) continue; // went bad while we tried another
      try {
        return await path.call(request);
      } catch (error) {
        if (error instanceof InvalidKey) throw error;
        if (!(error instanceof PathUnavailable)) throw error;
        reasons.push(error.message);
      }
    }
    if (candidates.length === 0) reasons.push(this.describe());
    throw new VolumeUnavailable(this.name, reasons);
  }

  private describe(): string {
    return this.paths.map((p) => `${p.path}: ${p.state}`).join(', ');
  }
}
