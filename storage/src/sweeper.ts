// Removes the scratch files (put temp files, probe canaries) that a process killed mid-write left
// on the volumes: once when storage opens, then every `sweepIntervalMs`, and on demand (CLI,
// tests). Each volume is walked through its healthiest path, in slices that run in the path's
// worker with the path's normal call deadline (thread/sweep-slice.ts), so a hung mount costs the sweep one
// deadline and never blocks the caller. Sweeps never overlap: a second request waits its turn.
import type { EventHub } from './events.js';
import type { ResultOf } from './protocol.js';
import type { StorageLogger, SweepReport, VolumeSweep } from './types.js';
import type { Volume } from './volume.js';

export interface SweepSettings {
  /** Scratch files younger than this are left alone (see options.ts for why it is safe). */
  tempMaxAgeMs: number;
  /** Work per worker call; well under the call deadline so puts queued behind a slice wait little. */
  sliceBudgetMs: number;
}

export class Sweeper {
  private timer: NodeJS.Timeout | null = null;
  private turn: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly volumes: Volume[],
    private readonly events: EventHub,
    private readonly logger: StorageLogger | undefined,
    private readonly settings: SweepSettings,
  ) {}

  /** A sweep after `first` resolves (storage's first probe), then one every `intervalMs`; 0 = never on its own. */
  start(intervalMs: number, first: Promise<unknown>): void {
    if (intervalMs <= 0 || this.timer) return;
    void first.then(() => this.runQuietly());
    this.timer = setInterval(() => this.runQuietly(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sweeps every volume once; waits for a sweep already under way to end first. */
  run(olderThanMs = this.settings.tempMaxAgeMs): Promise<SweepReport> {
    const mine = this.turn.then(() => this.sweepAll(olderThanMs));
    this.turn = mine.catch(() => {});
    return mine;
  }

  private runQuietly(): void {
    if (this.stopped) return;
    this.run().catch((error: Error) => this.logger?.error({ err: error.message }, 'storage: temp-file sweep failed'));
  }

  private async sweepAll(olderThanMs: number): Promise<SweepReport> {
    const report: SweepReport = { olderThanMs, removed: 0, volumes: {} };
    const results = await Promise.all(this.volumes.map((v) => this.sweepVolume(v, olderThanMs)));
    results.forEach((result, i) => {
      report.volumes[(this.volumes[i] as Volume).name] = result;
      report.removed += result.removed;
    });
    return report;
  }

  private async sweepVolume(volume: Volume, olderThanMs: number): Promise<VolumeSweep> {
    let removed = 0;
    let young = 0;
    let error: string | null = null;
    let cursor: string[] | null = null;
    do {
      if (this.stopped) {
        error = 'storage closed';
        break;
      }
      try {
        const slice: ResultOf<'sweep'> = await volume.run({ op: 'sweep', olderThanMs, budgetMs: this.settings.sliceBudgetMs, cursor });
        removed += slice.removed;
        young += slice.young;
        cursor = slice.cursor;
      } catch (failure) {
        // close() ends the workers under a sweep in flight: that says nothing about the mount
        error = this.stopped ? 'storage closed' : (failure as Error).message;
        break;
      }
    } while (cursor !== null);
    const result: VolumeSweep = { at: new Date().toISOString(), removed, young, error };
    volume.lastSweep = result;
    this.events.emit({ type: 'swept', volume: volume.name, removed, young });
    if (removed > 0) this.logger?.warn({ volume: volume.name, removed, young }, 'storage: removed temp files left by interrupted writes');
    if (error && !this.stopped) this.logger?.warn({ volume: volume.name, err: error }, 'storage: temp-file sweep stopped early');
    return result;
  }
}
