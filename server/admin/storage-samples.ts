// Probe samples for the storage page's latency chart. Every node records its own probes (one
// sample per path at most every SAMPLE_EVERY_MS, and at once on a state change) into
// storage_samples; the page reads the last hour from every node. Old samples are pruned here.
// main.ts starts the recorder and ctx.close() stops it; its writes are tracked by `background`.
import os from 'node:os';
import type { ReplicatedStorage, StorageEvent } from '@rollcall/storage';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { InFlight } from '../jobs/in-flight.js';
import type { Logger } from '../logger.js';

export const SAMPLE_EVERY_MS = 10_000;
const KEEP_MS = 2 * 60 * 60_000;
const NODE = `${os.hostname()}:${process.pid}`;

export interface Sample {
  at: number;
  node: string;
  volume: string;
  path: string;
  state: string;
  probe_ms: number | null;
}

export class SampleRecorder {
  private readonly lastAt = new Map<string, number>();
  private writes = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly storage: ReplicatedStorage,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly background: InFlight,
  ) {}

  start(): void {
    this.unsubscribe ??= this.storage.on((e) => this.onEvent(e));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private onEvent(e: StorageEvent): void {
    const isProbe = e.type === 'op' && e.op === 'probe';
    if (!isProbe && e.type !== 'path_state') return;
    const now = this.clock.now();
    const last = this.lastAt.get(e.path);
    if (isProbe && last !== undefined && now - last < SAMPLE_EVERY_MS) return;
    this.lastAt.set(e.path, now);
    const ms = isProbe ? Math.round(e.ms * 10) / 10 : null;
    // The probe's event comes just before the path's new state is set: read the state a tick later.
    void this.background.track(new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.write(e.volume, e.path, ms, now)));
  }

  private async write(volume: string, path: string, ms: number | null, at: number): Promise<void> {
    const health = this.storage
      .health()
      .volumes.find((v) => v.name === volume)
      ?.paths.find((p) => p.path === path);
    try {
      await this.db('storage_samples').insert({
        at,
        node: NODE,
        volume,
        path,
        state: health?.state ?? 'unknown',
        probe_ms: ms,
        free_bytes: health?.freeBytes ?? null,
      });
      if (++this.writes % 200 === 0)
        await this.db('storage_samples')
          .where('at', '<', at - KEEP_MS)
          .delete();
    } catch (err) {
      // The database closing under a last probe (shutdown, tests) is not worth more than a debug line.
      this.logger.debug({ error: (err as Error).message }, 'storage sample not recorded');
    }
  }
}

export async function lastHour(db: Db, now: number): Promise<Sample[]> {
  return (await db('storage_samples')
    .select('at', 'node', 'volume', 'path', 'state', 'probe_ms')
    .where('at', '>=', now - 60 * 60_000)
    .orderBy('at')
    .limit(50_000)) as Sample[];
}
