// `rollcall storage status [--json]`, `rollcall storage verify [--repair]` and
// `rollcall storage sweep [--older-than SECONDS]`. Each exits 0 when the storage is healthy, 2 when
// it is not (see exit.ts), and runs in a child process (storage-child.ts, isolated.ts) so that a
// call stuck on a hung mount can never keep the command from exiting with that code.
import type { StorageHealth } from '@rollcall/storage';
import type { Config } from '../config.js';
import { buildContext } from '../context.js';
import { createLogger } from '../logger.js';
import { EXIT_NOT_OK, EXIT_OK } from './exit.js';
import { runInChild } from './isolated.js';

export type StorageCommand = 'status' | 'verify' | 'sweep';
export interface StorageFlags {
  json: boolean;
  repair: boolean;
  olderThanSeconds?: number;
}

/** Runs the command in a child process (isolated.ts): a hung mount cannot keep it from exiting with its code. */
export function runStorageCommandIsolated(command: StorageCommand, flags: StorageFlags): Promise<number> {
  return runInChild(new URL('./storage-child.js', import.meta.url), [JSON.stringify({ command, flags })], `storage ${command}`);
}

/**
 * Storage for a one-shot command: no background sweep, repair run or probe timer. The command
 * would only cut them short when it closes (and a sweep cut short used to warn, on every run,
 * that healthy volumes were unavailable); the servers do that work.
 */
export const ONE_SHOT_STORAGE = { storageOptions: { sweepIntervalMs: 0, repairIntervalMs: 0, probeIntervalMs: 0 } } as const;

/** The command itself, in this process (the child's side, and tests). */
export async function runStorageCommand(config: Config, command: StorageCommand, flags: StorageFlags): Promise<number> {
  const ctx = await buildContext(config, createLogger('warn', process.stderr), ONE_SHOT_STORAGE);
  try {
    if (command === 'status') {
      await ctx.storage.probeNow();
      const health = await ctx.storage.status();
      const problems = storageProblems(health);
      if (flags.json) process.stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems, ...health })}\n`);
      else process.stdout.write(describeStatus(health, problems));
      return problems.length === 0 ? EXIT_OK : EXIT_NOT_OK;
    }
    if (command === 'sweep') {
      const olderThanMs = flags.olderThanSeconds === undefined ? undefined : flags.olderThanSeconds * 1000;
      const sweep = await ctx.storage.sweepNow({ olderThanMs });
      process.stdout.write(`${JSON.stringify(sweep, null, flags.json ? 0 : 2)}\n`);
      return Object.values(sweep.volumes).some((v) => v.error) ? EXIT_NOT_OK : EXIT_OK;
    }
    const report = await ctx.storage.verify(ctx.storageHost.catalog, { repair: flags.repair });
    // verify also sweeps (default age): its report then says what interrupted writes left behind
    const sweep = await ctx.storage.sweepNow();
    process.stdout.write(`${JSON.stringify({ ...report, tempFiles: sweep }, null, flags.json ? 0 : 2)}\n`);
    return report.unrepaired === 0 && report.lost.length === 0 ? EXIT_OK : EXIT_NOT_OK;
  } finally {
    await ctx.close();
  }
}

/**
 * What is not OK, one sentence each (empty when all is well): below write quorum, or any path that
 * is not serving (hung, failed, full, never probed). A slow path serves and is not a problem here;
 * its latency is in the report.
 */
export function storageProblems(health: StorageHealth): string[] {
  const problems: string[] = [];
  const writable = health.volumes.filter((v) => v.writable).length;
  if (!health.hasWriteQuorum)
    problems.push(`below write quorum: ${writable} of ${health.volumes.length} volumes writable, ${health.writeQuorum} needed`);
  for (const v of health.volumes) {
    for (const p of v.paths) {
      if (p.state === 'up' || p.state === 'slow') continue;
      problems.push(
        `volume ${v.name}: ${p.path} is ${p.state === 'hung' ? 'hung (its probe timed out)' : p.state}${p.error ? `: ${p.error}` : ''}`,
      );
    }
  }
  return problems;
}

function describeStatus(health: StorageHealth & { pendingRepairs: Record<string, number> }, problems: string[]): string {
  const lines = [
    `write quorum: ${health.writeQuorum} of ${health.volumes.length} volumes — ${health.hasWriteQuorum ? 'OK' : 'BELOW QUORUM'}`,
  ];
  for (const v of health.volumes) {
    lines.push('', `volume ${v.name}: ${v.writable ? 'writable' : 'NOT WRITABLE'}, pending repairs: ${health.pendingRepairs[v.name] ?? 0}`);
    for (const p of v.paths) {
      const free = p.freeBytes === null ? '?' : `${(p.freeBytes / 2 ** 30).toFixed(1)} GiB free`;
      const latency = p.lastProbeMs === null ? '-' : `${p.lastProbeMs.toFixed(1)} ms`;
      lines.push(
        `  ${p.state.padEnd(7)} ${p.path}  probe ${latency}, ${free}, last good ${p.lastGoodProbeAt ?? 'never'}${p.error ? `, error: ${p.error}` : ''}`,
      );
    }
  }
  lines.push('', problems.length === 0 ? 'storage: OK' : `storage: NOT OK\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return `${lines.join('\n')}\n`;
}
