// `rollcall storage status [--json]`, `rollcall storage verify [--repair]` and
// `rollcall storage sweep [--older-than SECONDS]`.
import type { Config } from '../config.js';
import { buildContext } from '../context.js';
import { createLogger } from '../logger.js';
import { PdfCatalog } from '../storage-host/pdf-catalog.js';

export type StorageCommand = 'status' | 'verify' | 'sweep';

export async function runStorageCommand(config: Config, command: StorageCommand, flags: { json: boolean; repair: boolean; olderThanSeconds?: number }): Promise<number> {
  const ctx = await buildContext(config, createLogger('warn', process.stderr));
  try {
    if (command === 'status') {
      await ctx.storage.probeNow();
      const health = await ctx.storage.status();
      const repairs = health.pendingRepairs;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(health)}\n`);
      } else {
        process.stdout.write(`write quorum: ${health.writeQuorum} of ${health.volumes.length} volumes — ${health.hasWriteQuorum ? 'OK' : 'BELOW QUORUM'}\n`);
        for (const v of health.volumes) {
          process.stdout.write(`\nvolume ${v.name}: ${v.writable ? 'writable' : 'NOT WRITABLE'}, pending repairs: ${repairs[v.name] ?? 0}\n`);
          for (const p of v.paths) {
            const free = p.freeBytes === null ? '?' : `${(p.freeBytes / 2 ** 30).toFixed(1)} GiB free`;
            const latency = p.lastProbeMs === null ? '-' : `${p.lastProbeMs.toFixed(1)} ms`;
            process.stdout.write(`  ${p.state.padEnd(7)} ${p.path}  probe ${latency}, ${free}, last good ${p.lastGoodProbeAt ?? 'never'}${p.error ? `, error: ${p.error}` : ''}\n`);
          }
          const sweep = v.lastSweep;
          if (sweep) process.stdout.write(`  temp-file sweep at ${sweep.at}: ${sweep.removed} removed, ${sweep.young} too young${sweep.error ? `, stopped: ${sweep.error}` : ''}\n`);
        }
      }
      return health.hasWriteQuorum ? 0 : 1;
    }
    if (command === 'sweep') {
      const olderThanMs = flags.olderThanSeconds === undefined ? undefined : flags.olderThanSeconds * 1000;
      const sweep = await ctx.storage.sweepNow({ olderThanMs });
      process.stdout.write(`${JSON.stringify(sweep, null, flags.json ? 0 : 2)}\n`);
      return Object.values(sweep.volumes).some((v) => v.error) ? 1 : 0;
    }
    const report = await ctx.storage.verify(new PdfCatalog(ctx.db, () => ctx.pdfs), { repair: flags.repair });
    // verify also sweeps (default age): its report then says what interrupted writes left behind
    const sweep = await ctx.storage.sweepNow();
    process.stdout.write(`${JSON.stringify({ ...report, tempFiles: sweep }, null, flags.json ? 0 : 2)}\n`);
    return report.unrepaired === 0 && report.lost.length === 0 ? 0 : 1;
  } finally {
    await ctx.close();
    // A status taken while a mount hangs must still return to the shell: exit would wait for the
    // stuck thread. stdout is synchronous on Linux, so everything printed is out already.
    if (ctx.storage.stuckWorkers() > 0) process.kill(process.pid, 'SIGKILL');
  }
}
