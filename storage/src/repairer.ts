// Background repair: drains the host's repair queue for every volume that can take writes again.
// An entry is done only once its volume holds a copy with the right checksum (or, for a delete,
// no copy). Entries that cannot be fixed yet stay queued for the next run.
import { inspectCopy } from './copies.js';
import type { EventHub } from './events.js';
import { restoreCopy } from './restore.js';
import type { KeyCatalog, RepairEntry, RepairQueue, StorageLogger } from './types.js';
import type { Volume } from './volume.js';

const BATCH = 50;
const MAX_BATCHES_PER_VOLUME = 20;

export class Repairer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(
    private readonly volumes: Volume[],
    private readonly queue: RepairQueue,
    private readonly events: EventHub,
    private readonly logger: StorageLogger | undefined,
    private readonly catalog: KeyCatalog | undefined,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.drain().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Queues a repair durably; failures are logged (verify will still find the copy). */
  async enqueue(entry: RepairEntry): Promise<void> {
    try {
      await this.queue.add(entry);
      this.events.emit({ type: 'repair_queued', volume: entry.volume, key: entry.key, reason: entry.reason });
    } catch (error) {
      this.logger?.error({ volume: entry.volume, key: entry.key, err: (error as Error).message }, 'storage: could not queue a repair');
    }
  }

  /** One pass over the queue; returns how many entries were completed. Concurrent calls share a pass. */
  drain(): Promise<number> {
    this.running ??= this.drainAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Ask for a pass soon (after a read found a bad copy). */
  kick(): void {
    setImmediate(() => void this.drain().catch(() => {}));
  }

  private async drainAll(): Promise<number> {
    let done = 0;
    for (const volume of this.volumes) {
      if (!volume.writable) continue;
      const seen = new Set<string | number>();
      for (let batch = 0; batch < MAX_BATCHES_PER_VOLUME; batch++) {
        const entries = (await this.queue.pending(volume.name, BATCH + seen.size)).filter((e) => !seen.has(e.id));
        if (entries.length === 0) break;
        for (const entry of entries) {
          seen.add(entry.id);
          if (await this.repairOne(volume, entry)) {
            await this.queue.done(entry.id);
            done++;
          }
        }
        if (!volume.writable) break;
      }
    }
    return done;
  }

  private async repairOne(volume: Volume, entry: RepairEntry): Promise<boolean> {
    try {
      if (entry.kind === 'delete') {
        await volume.run({ op: 'delete', key: entry.key });
        this.events.emit({ type: 'repaired', volume: volume.name, key: entry.key, source: 'delete' });
        return true;
      }
      const current = await inspectCopy(volume, entry.key, entry.sha256);
      if (current.state === 'good') return true;
      if (current.state === 'unavailable') return false;
      const { source, failed } = await restoreCopy(this.volumes, this.catalog, entry.key, entry.sha256, [volume]);
      if (source === null || failed[0]) {
        this.events.emit({
          type: 'repair_failed',
          volume: volume.name,
          key: entry.key,
          error: failed[0]?.error ?? 'no good copy anywhere',
        });
        return false;
      }
      this.events.emit({ type: 'repaired', volume: volume.name, key: entry.key, source });
      return true;
    } catch (error) {
      this.events.emit({ type: 'repair_failed', volume: volume.name, key: entry.key, error: (error as Error).message });
      return false;
    }
  }
}
