// `rollcall purge [--dry-run]`: wipe personal data and PDFs past RETENTION_DAYS now (the server
// also does it on a schedule); --dry-run says what it would do.
import type { Config } from '../config.js';
import { buildContext } from '../context.js';
import { createLogger } from '../logger.js';
import { ONE_SHOT_STORAGE } from './storage.js';

export async function runPurgeCommand(config: Config, flags: { dryRun: boolean }): Promise<number> {
  const ctx = await buildContext(config, createLogger('warn', process.stderr), ONE_SHOT_STORAGE);
  try {
    const report = await ctx.privacy.purger.run({ dryRun: flags.dryRun });
    const verb = report.dryRun ? 'would purge' : 'purged';
    process.stdout.write(
      `${verb} ${report.registrations} registration(s) created before ${report.cutoff} (retention ${config.retentionDays} days), deleting ${report.pdfs} PDF(s) from every volume\n`,
    );
    return 0;
  } finally {
    await ctx.close();
  }
}
