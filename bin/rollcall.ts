// The command line: `rollcall serve`, `rollcall partner create`, `rollcall storage status|verify`.
// Uses the same configuration (environment) as the server.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { serve } from '../server/main.js';
import { runPartnerCommand } from '../server/cli/partner.js';
import { runStorageCommand } from '../server/cli/storage.js';
import { runPurgeCommand } from '../server/cli/purge.js';
import { runAdminCommand } from '../server/cli/admin.js';
import { runPartnerUserCommand } from '../server/partners/cli-user.js';

const USAGE = `usage:
  rollcall serve                                   start the web server and job workers
  rollcall partner create --name NAME [--email E]  create a partner; prints {"id","apiKey"}
  rollcall partner user create --partner ID --email E   a partner portal account; password on stdin
  rollcall admin create --email E [--role R]       create an admin (or support) account; password on stdin
  rollcall storage status [--json]                 each volume and path: state, latency, free space, repairs
  rollcall storage verify [--repair]               check every stored PDF on every volume (and sweep temp files)
  rollcall storage sweep [--older-than SECONDS]    remove temp files left by interrupted writes (default age:
                                                   STORAGE_TEMP_MAX_AGE_SECONDS; 0 only with every server stopped)
  rollcall purge [--dry-run]                       wipe personal data and PDFs past RETENTION_DAYS`;

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  if (command === 'serve') {
    await serve();
    return -1; // keep running (the server, or the cluster primary, owns the process now)
  }
  if (command === 'partner' && sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, email: { type: 'string' } }, strict: true });
    return runPartnerCommand(loadConfig(), { name: values.name, email: values.email });
  }
  if (command === 'partner' && sub === 'user' && rest[0] === 'create') {
    const { values } = parseArgs({ args: rest.slice(1), options: { partner: { type: 'string' }, email: { type: 'string' } }, strict: true });
    return runPartnerUserCommand(loadConfig(), { partner: values.partner, email: values.email });
  }
  if (command === 'admin' && sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, role: { type: 'string' } }, strict: true });
    return runAdminCommand(loadConfig(), { email: values.email, role: values.role });
  }
  if (command === 'storage' && (sub === 'status' || sub === 'verify' || sub === 'sweep')) {
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' }, repair: { type: 'boolean' }, 'older-than': { type: 'string' } }, strict: true });
    const olderThan = values['older-than'];
    if (olderThan !== undefined && !/^\d+$/.test(olderThan)) {
      process.stderr.write('--older-than: a whole number of seconds\n');
      return 2;
    }
    return runStorageCommand(loadConfig(), sub, { json: values.json ?? false, repair: values.repair ?? false, olderThanSeconds: olderThan === undefined ? undefined : Number(olderThan) });
  }
  if (command === 'purge') {
    const { values } = parseArgs({ args: [sub, ...rest].filter((a) => a !== undefined), options: { 'dry-run': { type: 'boolean' } }, strict: true });
    return runPurgeCommand(loadConfig(), { dryRun: values['dry-run'] ?? false });
  }
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    createLogger('error').error({ err }, 'rollcall failed');
    process.stderr.write(`${(err as Error)?.message ?? err}\n`);
    process.exit(1);
  },
);
