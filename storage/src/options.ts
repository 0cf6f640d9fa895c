// createStorage options, their production defaults, and their validation.
import { StorageConfigError } from './errors.js';
import type { FaultSwitch } from './faults.js';
import { DEFAULT_PROBE_PREFIX, PROBE_PREFIX_PATTERN } from './scratch-files.js';
import type { KeyCatalog, RepairQueue, StorageListener, StorageLogger, VolumeConfig } from './types.js';
import { isVolumeName, VOLUME_NAME_RULE } from './volume-name.js';

export interface StorageOptions {
  volumes: VolumeConfig[];
  /** Volumes that must acknowledge a put (default: a majority). */
  writeQuorum?: number;
  /** Durable queue of copies to fix, provided by the host (the server keeps it in its database). */
  repairQueue: RepairQueue;
  /** Lets the background repairer rebuild a key whose every copy is lost. */
  catalog?: KeyCatalog;
  logger?: StorageLogger;
  onEvent?: StorageListener;
  /** Fault switches by mount path (tests, drills). */
  faults?: Map<string, FaultSwitch> | Record<string, FaultSwitch>;
  /** A local JSON file polled for faults to inject into a running app (see fault-control.ts). */
  faultControlFile?: string;
  /** A call on a path that takes longer is abandoned and the path marked hung (default 2000). */
  callDeadlineMs?: number;
  /** Deadline of a health probe (default: callDeadlineMs). */
  probeDeadlineMs?: number;
  /** Time between health probes of each path (default 1000); 0 disables the timer. */
  probeIntervalMs?: number;
  /** A probe slower than this marks the path slow (default 500). */
  slowThresholdMs?: number;
  /** Below this free space a volume takes no new writes (default 512 MiB). */
  minFreeBytes?: number;
  /** Time between background repair runs (default 5000); 0 disables the timer. */
  repairIntervalMs?: number;
  /** Abandoned, still-stuck workers per path before probing pauses (default 2). */
  maxStuckWorkersPerPath?: number;
  /**
   * The sweep removes scratch files (put temp files, probe canaries) at least this old (default
   * 1 hour). A live writer's temp file lives from open to rename, at most one call deadline unless
   * its mount hangs; the limit must be more than twice the longest deadline, and is far more by
   * default so that clock skew between nodes sharing a mount (file times are set by whichever
   * clock the filesystem uses) can never make a live writer's file look old.
   */
  tempMaxAgeMs?: number;
  /** Time between temp-file sweeps (default 600000, plus one when storage opens); 0 disables both. */
  sweepIntervalMs?: number;
  /**
   * Name prefix of the probe's canary files at each path's root (default '.rollcall-probe-'). A
   * dot-file prefix, so list() never shows a canary and no key can name one. The sweep removes
   * stale canaries with this prefix only: nodes sharing a volume should use the same one.
   */
  probeFilePrefix?: string;
}

export interface ResolvedOptions {
  volumes: VolumeConfig[];
  writeQuorum: number;
  callDeadlineMs: number;
  probeDeadlineMs: number;
  probeIntervalMs: number;
  slowThresholdMs: number;
  minFreeBytes: number;
  repairIntervalMs: number;
  maxStuckWorkersPerPath: number;
  tempMaxAgeMs: number;
  sweepIntervalMs: number;
  probeFilePrefix: string;
}

export function resolveOptions(options: StorageOptions): ResolvedOptions {
  const problems: string[] = [];
  const volumes = options.volumes ?? [];
  if (volumes.length === 0) problems.push('at least one volume is required');
  const names = new Set<string>();
  const paths = new Set<string>();
  for (const volume of volumes) {
    if (!isVolumeName(volume.name)) problems.push(`bad volume name ${JSON.stringify(volume.name)} (${VOLUME_NAME_RULE})`);
    if (names.has(volume.name)) problems.push(`duplicate volume name ${volume.name}`);
    names.add(volume.name);
    if (!Array.isArray(volume.paths) || volume.paths.length === 0) problems.push(`volume ${volume.name} has no paths`);
    for (const path of volume.paths ?? []) {
      if (typeof path !== 'string' || !path.startsWith('/'))
        problems.push(`volume ${volume.name}: path ${JSON.stringify(path)} is not absolute`);
      if (paths.has(path)) problems.push(`path ${path} is listed twice`);
      paths.add(path);
    }
  }
  const writeQuorum = options.writeQuorum ?? Math.floor(volumes.length / 2) + 1;
  if (!Number.isInteger(writeQuorum) || writeQuorum < 1 || writeQuorum > volumes.length) {
    problems.push(`writeQuorum must be an integer from 1 to ${volumes.length}`);
  }
  const callDeadlineMs = positive(options.callDeadlineMs, 2000, 'callDeadlineMs', problems);
  const resolved: ResolvedOptions = {
    volumes,
    writeQuorum,
    callDeadlineMs,
    probeDeadlineMs: positive(options.probeDeadlineMs, callDeadlineMs, 'probeDeadlineMs', problems),
    probeIntervalMs: nonNegative(options.probeIntervalMs, 1000, 'probeIntervalMs', problems),
    slowThresholdMs: positive(options.slowThresholdMs, 500, 'slowThresholdMs', problems),
    minFreeBytes: nonNegative(options.minFreeBytes, 512 * 1024 * 1024, 'minFreeBytes', problems),
    repairIntervalMs: nonNegative(options.repairIntervalMs, 5000, 'repairIntervalMs', problems),
    maxStuckWorkersPerPath: positive(options.maxStuckWorkersPerPath, 2, 'maxStuckWorkersPerPath', problems),
    tempMaxAgeMs: positive(options.tempMaxAgeMs, 60 * 60_000, 'tempMaxAgeMs', problems),
    sweepIntervalMs: nonNegative(options.sweepIntervalMs, 10 * 60_000, 'sweepIntervalMs', problems),
    probeFilePrefix: options.probeFilePrefix ?? DEFAULT_PROBE_PREFIX,
  };
  if (!PROBE_PREFIX_PATTERN.test(resolved.probeFilePrefix)) {
    problems.push(`probeFilePrefix ${JSON.stringify(resolved.probeFilePrefix)} must be a dot-file name prefix (${PROBE_PREFIX_PATTERN})`);
  }
  const longestDeadline = Math.max(resolved.callDeadlineMs, resolved.probeDeadlineMs);
  if (resolved.tempMaxAgeMs <= 2 * longestDeadline) {
    problems.push(
      `tempMaxAgeMs (${resolved.tempMaxAgeMs}) must be more than twice the longest call deadline (${longestDeadline}): a live write's temp file could be swept`,
    );
  }
  if (!options.repairQueue) problems.push('repairQueue is required');
  if (problems.length > 0) throw new StorageConfigError(problems);
  return resolved;
}

function positive(value: number | undefined, fallback: number, name: string, problems: string[]): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) problems.push(`${name} must be > 0`);
  return v;
}

function nonNegative(value: number | undefined, fallback: number, name: string, problems: string[]): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v < 0) problems.push(`${name} must be >= 0`);
  return v;
}
