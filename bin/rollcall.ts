// The command line: `rollcall serve`, `rollcall partner create`, `rollcall storage status|verify`, `rollcall keys reseal`.
// Uses the same configuration (environment) as the server.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import { serve } from '../server/main.js';
import { runPartnerCommand } from '../server/cli/partner.js';
import { runStorageCommandIsolated } from '../server/cli/storage.js';
import { runPurgeCommand } from '../server/cli/purge.js';
import { runAdminCommand } from '../server/cli/admin.js';
import { runKeysResealCommand } from '../server/cli/keys.js';
import { CliError, EXIT_FAILED, EXIT_OK } from '../server/cli/exit.js';
import { runPartnerUserCommand } from '../server/partners/cli-user.js';

const USAGE = `usage:
  rollcall serve                                   start the web server and job workers (HOST, PORT: default
                                                   127.0.0.1:3000); prints the URL once the port is bound
  rollcall partner create --name NAME [--email E]  create a partner; prints {"id","apiKey"}
  rollcall partner user create --partner ID --email E   a partner portal account (password: see below)
  rollcall admin create --email E [--role R]       create an admin (or support) account (password: see below)
  rollcall storage status [--json]                 each volume and path: state, latency, free space, repairs
  rollcall storage verify [--repair]               check every stored PDF on every volume (and sweep temp files)
  rollcall storage sweep [--older-than SECONDS]    remove temp files left by interrupted writes (default age:
                                                   STORAGE_TEMP_MAX_AGE_SECONDS; 0 only with every server stopped)
  rollcall purge [--dry-run]                       wipe personal data and PDFs past RETENTION_DAYS
  rollcall keys reseal [--dry-run] [--batch-size N]
                                                   after rotating APP_KEY: seal every sealed value again
                                                   under APP_KEY (APP_KEY_PREVIOUS opens the old ones); safe
                                                   while servers run, and to run again; prints counts

passwords (admin create, partner user create): on a terminal the command asks twice, without
showing what is typed; otherwise it reads one line from stdin:
  printf '%s\\n' "$PW" | rollcall admin create --email ana@example.org

exit codes: 0 done (storage commands: healthy); 1 usage, configuration or other error (one line on
stderr); 2 storage status|verify|sweep found the storage NOT OK (what it printed says why), or keys
reseal found values no configured key opens (stderr names them)`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
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
    const { values } = parseArgs({
      args: rest.slice(1),
      options: { partner: { type: 'string' }, email: { type: 'string' } },
      strict: true,
    });
    return runPartnerUserCommand(loadConfig(), { partner: values.partner, email: values.email });
  }
  if (command === 'admin' && sub === 'create') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, role: { type: 'string' } }, strict: true });
    return runAdminCommand(loadConfig(), { email: values.email, role: values.role });
  }
  if (command === 'storage' && (sub === 'status' || sub === 'verify' || sub === 'sweep')) {
    const { values } = parseArgs({
      args: rest,
      options: { json: { type: 'boolean' }, repair: { type: 'boolean' }, 'older-than': { type: 'string' } },
      strict: true,
    });
    const olderThan = values['older-than'];
    if (olderThan !== undefined && !/^\d+$/.test(olderThan)) throw new CliError('--older-than: a whole number of seconds');
    loadConfig(); // a configuration error is told here, before the child process starts
    return runStorageCommandIsolated(sub, {
      json: values.json ?? false,
      repair: values.repair ?? false,
      olderThanSeconds: olderThan === undefined ? undefined : Number(olderThan),
    });
  }
  if (command === 'purge') {
    const { values } = parseArgs({
      args: [sub, ...rest].filter((a) => a !== undefined),
      options: { 'dry-run': { type: 'boolean' } },
      strict: true,
    });
    return runPurgeCommand(loadConfig(), { dryRun: values['dry-run'] ?? false });
  }
  if (command === 'keys' && sub === 'reseal') {
    const { values } = parseArgs({
      args: rest,
      options: { 'dry-run': { type: 'boolean' }, 'batch-size': { type: 'string' } },
      strict: true,
    });
    const batchSize = values['batch-size'];
    if (batchSize !== undefined && !/^[1-9]\d{0,5}$/.test(batchSize)) throw new CliError('--batch-size: a whole number from 1 to 999999');
    return runKeysResealCommand(loadConfig(), {
      dryRun: values['dry-run'] ?? false,
      batchSize: batchSize === undefined ? undefined : Number(batchSize),
    });
  }
  if (command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  process.stderr.write(`rollcall: unknown command: ${argv.join(' ')}\n\n${USAGE}\n`);
  return EXIT_FAILED;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
    } else if ((err as NodeJS.ErrnoException)?.code?.startsWith('ERR_PARSE_ARGS_')) {
      // an unknown option, a missing value: what parseArgs says, and where to look
      process.stderr.write(`rollcall: ${(err as Error).message} (rollcall --help lists the commands)\n`);
    } else {
      createLogger('error').error({ err }, 'rollcall failed');
      process.stderr.write(`${(err as Error)?.message ?? err}\n`);
    }
    process.exit(EXIT_FAILED);
  },
);
