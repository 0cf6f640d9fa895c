// createStorage: the replicated store. Writes go to every volume in parallel and succeed at the
// write quorum; reads take the healthiest volume's copy whose checksum matches and queue a repair
// for bad copies they passed on the way. Every file call runs in a path's worker (see mount-path.ts).
import { InvalidKey, NotFoundInStorage, StorageConfigError, StorageUnavailable } from './errors.js';
import { byHealth, inspectCopy, sha256 } from './copies.js';
import { EventHub } from './events.js';
import { FaultSwitch } from './faults.js';
import { watchFaultFile } from './fault-control.js';
import { keySegments, prefixSegments } from './keys.js';
import { MountPath } from './mount-path.js';
import { resolveOptions, type StorageOptions } from './options.js';
import { Repairer } from './repairer.js';
import { Sweeper } from './sweeper.js';
import type { KeyCatalog, PutResult, Storage, StorageHealth, StorageListener, SweepReport, VerifyReport } from './types.js';
import { verifyVolumes } from './verify.js';
import { Volume } from './volume.js';

export interface ReplicatedStorage extends Storage {
  /** Keys under a prefix ('' = all, 'pdfs/2026/' = a directory), union of reachable volumes, sorted. */
  list(prefix: string): Promise<string[]>;
  verify(catalog: KeyCatalog, options: { repair: boolean }): Promise<VerifyReport>;
  /** Runs one pass of the background repairer now; returns the number of entries completed. */
  repairNow(): Promise<number>;
  /** Probes every path now (also done on the probe interval). */
  probeNow(): Promise<void>;
  /**
   * Removes scratch files left by interrupted writes and probes, older than `olderThanMs`
   * (default: the tempMaxAgeMs option). Also runs on open and every sweepIntervalMs. Pass 0 only
   * when no process can be writing to the volumes (the CLI's `--older-than 0` on a stopped app).
   */
  sweepNow(options?: { olderThanMs?: number }): Promise<SweepReport>;
  /** health() plus the repair queue's pending counts per volume. */
  status(): Promise<StorageHealth & { pendingRepairs: Record<string, number> }>;
  /** Subscribe to state changes and per-operation latencies; returns an unsubscribe function. */
  on(listener: StorageListener): () => void;
  /**
   * Abandoned worker threads still blocked in the kernel on a hung mount. Node joins every worker
   * thread when the process exits, so process.exit() waits for these until their mount answers:
   * a host shutting down with stuckWorkers() > 0 should end with process.kill(process.pid, 'SIGKILL').
   */
  stuckWorkers(): number;
}

export function createStorage(options: StorageOptions): ReplicatedStorage {
  const config = resolveOptions(options);
  const events = new EventHub();
  if (options.onEvent) events.on(options.onEvent);
  const faults = new Map(options.faults instanceof Map ? options.faults : Object.entries(options.faults ?? {}));
  if (options.faultControlFile)
    for (const v of config.volumes) for (const p of v.paths) if (!faults.has(p)) faults.set(p, new FaultSwitch());
  const timing = {
    callDeadlineMs: config.callDeadlineMs,
    probeDeadlineMs: config.probeDeadlineMs,
    slowThresholdMs: config.slowThresholdMs,
    minFreeBytes: config.minFreeBytes,
    maxStuckWorkers: config.maxStuckWorkersPerPath,
    probePrefix: config.probeFilePrefix,
  };
  const volumes = config.volumes.map(
    (v) =>
      new Volume(
        v.name,
        v.paths.map((p) => new MountPath(v.name, p, timing, events, options.logger, faultBuffer(faults.get(p)))),
      ),
  );
  const allPaths = volumes.flatMap((v) => v.paths);
  const repairer = new Repairer(volumes, options.repairQueue, events, options.logger, options.catalog);
  const sweeper = new Sweeper(volumes, events, options.logger, {
    tempMaxAgeMs: config.tempMaxAgeMs,
    sliceBudgetMs: Math.min(250, config.callDeadlineMs / 4),
  });
  let closed = false;

  const probeNow = async (): Promise<void> => {
    await Promise.all(allPaths.map((p) => p.probe()));
  };
  const firstProbe = probeNow();
  sweeper.start(config.sweepIntervalMs, firstProbe);
  const probeTimer = config.probeIntervalMs > 0 ? setInterval(() => void probeNow(), config.probeIntervalMs) : null;
  probeTimer?.unref();
  repairer.start(config.repairIntervalMs);
  const stopFaultWatch = options.faultControlFile
    ? watchFaultFile(options.faultControlFile, faults, (error) =>
        options.logger?.error({ err: error.message }, 'storage: bad fault control file'),
      )
    : () => {};
  if (options.faultControlFile) options.logger?.warn({ file: options.faultControlFile }, 'storage: fault injection enabled');

  const assertOpen = (): void => {
    if (closed) throw new StorageUnavailable('storage is closed');
  };

  const health = (): StorageHealth => {
    const writable = volumes.filter((v) => v.writable).length;
    return { writeQuorum: config.writeQuorum, hasWriteQuorum: writable >= config.writeQuorum, volumes: volumes.map((v) => v.health()) };
  };

  return {
    async put(key: string, bytes: Buffer): Promise<PutResult> {
      assertOpen();
      keySegments(key);
      const checksum = sha256(bytes);
      const results = await Promise.allSettled(volumes.map((v) => v.run({ op: 'put', key, bytes })));
      const acknowledged: string[] = [];
      const missed: string[] = [];
      const reasons: Record<string, string> = {};
      results.forEach((result, i) => {
        const name = (volumes[i] as Volume).name;
        if (result.status === 'fulfilled') acknowledged.push(name);
        else {
          missed.push(name);
          reasons[name] = (result.reason as Error).message;
        }
      });
      if (acknowledged.length < config.writeQuorum) {
        const invalid = results.find((r) => r.status === 'rejected' && r.reason instanceof InvalidKey);
        if (invalid && acknowledged.length === 0) throw (invalid as PromiseRejectedResult).reason;
        throw new StorageUnavailable(`write quorum not reached for ${key}: ${acknowledged.length}/${config.writeQuorum}`, {
          acknowledged,
          missed,
          reasons,
        });
      }
      for (const volume of missed)
        await repairer.enqueue({ volume, key, kind: 'restore', sha256: checksum, reason: `put missed: ${reasons[volume]}` });
      return { sha256: checksum, acknowledged, missed };
    },

    async get(key: string, expected: string): Promise<Buffer> {
      assertOpen();
      keySegments(key);
      const missing: string[] = [];
      const corrupt: string[] = [];
      const unavailable: Record<string, string> = {};
      for (const volume of byHealth(volumes)) {
        const copy = await inspectCopy(volume, key, expected);
        if (copy.state === 'good') {
          for (const name of missing)
            void repairer.enqueue({ volume: name, key, kind: 'restore', sha256: expected, reason: 'read-repair: missing' });
          for (const name of corrupt)
            void repairer.enqueue({ volume: name, key, kind: 'restore', sha256: expected, reason: 'read-repair: corrupt' });
          if (missing.length + corrupt.length > 0) repairer.kick();
          return copy.bytes;
        }
        if (copy.state === 'missing') missing.push(volume.name);
        else if (copy.state === 'corrupt') corrupt.push(volume.name);
        else unavailable[volume.name] = copy.reason;
      }
      if (Object.keys(unavailable).length > 0 && missing.length + corrupt.length === 0) {
        throw new StorageUnavailable(`no volume could be read for ${key}`, { reasons: unavailable });
      }
      throw new NotFoundInStorage(key, { missing, corrupt });
    },

    async exists(key: string): Promise<boolean> {
      assertOpen();
      keySegments(key);
      let answered = false;
      const reasons: Record<string, string> = {};
      for (const volume of byHealth(volumes)) {
        try {
          const result = await volume.run({ op: 'exists', key });
          if (result.found) return true;
          answered = true;
        } catch (error) {
          if (error instanceof InvalidKey) throw error;
          reasons[volume.name] = (error as Error).message;
        }
      }
      if (!answered) throw new StorageUnavailable(`no volume could be asked about ${key}`, { reasons });
      return false;
    },

    async delete(key: string): Promise<void> {
      assertOpen();
      keySegments(key);
      const results = await Promise.allSettled(volumes.map((v) => v.run({ op: 'delete', key })));
      for (const [i, result] of results.entries()) {
        if (result.status === 'fulfilled') continue;
        if (result.reason instanceof InvalidKey) throw result.reason;
        await repairer.enqueue({
          volume: (volumes[i] as Volume).name,
          key,
          kind: 'delete',
          sha256: '',
          reason: `delete missed: ${(result.reason as Error).message}`,
        });
      }
    },

    async list(prefix: string): Promise<string[]> {
      assertOpen();
      prefixSegments(prefix);
      const results = await Promise.allSettled(volumes.filter((v) => v.readable).map((v) => v.run({ op: 'list', prefix })));
      const ok = results.filter((r): r is PromiseFulfilledResult<{ op: 'list'; keys: string[] }> => r.status === 'fulfilled');
      if (ok.length === 0) throw new StorageUnavailable(`no volume could list ${prefix}`);
      return [...new Set(ok.flatMap((r) => r.value.keys))].sort();
    },

    verify: (catalog, verifyOptions) => {
      assertOpen();
      return verifyVolumes(volumes, catalog, verifyOptions);
    },
    repairNow: () => repairer.drain(),
    probeNow,
    sweepNow: (sweepOptions) => {
      assertOpen();
      const olderThanMs = sweepOptions?.olderThanMs ?? config.tempMaxAgeMs;
      if (!Number.isFinite(olderThanMs) || olderThanMs < 0) throw new StorageConfigError(['olderThanMs must be >= 0']);
      return sweeper.run(olderThanMs);
    },
    health,
    async status() {
      const pendingRepairs = await options.repairQueue.count();
      return { ...health(), pendingRepairs };
    },
    on: (listener) => events.on(listener),
    stuckWorkers: () => allPaths.reduce((n, p) => n + (p.health().stuckWorkers ?? 0), 0),

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (probeTimer) clearInterval(probeTimer);
      repairer.stop();
      sweeper.stop();
      stopFaultWatch();
      // idle workers are terminated (bounded wait); a hung one is left behind unref'd, never awaited
      await Promise.race([Promise.all(allPaths.map((p) => p.close())), new Promise((r) => setTimeout(r, 1000).unref())]);
    },
  };
}

function faultBuffer(fault: FaultSwitch | undefined): SharedArrayBuffer | null {
  return fault ? fault.buffer : null;
}
