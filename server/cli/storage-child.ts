// The child process of `rollcall storage status|verify|sweep` (see isolated.ts): runs the command
// and reports its exit code to the parent, which ends this process if a hung mount keeps it alive.
import { loadConfig } from '../config.js';
import { EXIT_FAILED } from './exit.js';
import { reportExit } from './isolated.js';
import { runStorageCommand, type StorageCommand, type StorageFlags } from './storage.js';

const { command, flags } = JSON.parse(process.argv[2] ?? '{}') as { command: StorageCommand; flags: StorageFlags };

runStorageCommand(loadConfig(), command, flags).then(reportExit, (error: unknown) => {
  process.stderr.write(`storage ${command}: ${(error as Error)?.message ?? error}\n`);
  reportExit(EXIT_FAILED);
});
