// Commands that touch the storage mounts run in a child process. A worker thread blocked in the
// kernel on a hung mount cannot be stopped, and node joins every thread before a process ends: the
// process that touched the mount cannot exit by itself (process.exit waits as long as the mount
// hangs; SIGKILL ends it, but the shell then sees 137, not the command's exit code). The parent has
// no threads: once the child has printed everything and reported its code, the parent ends the
// child if it is stuck, and exits normally with that code.
import { fork } from 'node:child_process';
import { EXIT_FAILED } from './exit.js';

/** After the child has reported its exit code, how long it may take to end before it is killed. */
const EXIT_GRACE_MS = 1000;

/** Parent side: runs `module` with `args` (stdout and stderr shared) and resolves to the code it reports. */
export function runInChild(module: URL, args: string[], what: string): Promise<number> {
  return new Promise((resolve) => {
    const child = fork(module, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reported: number | null = null;
    child.on('message', (message: { exitCode?: unknown }) => {
      if (typeof message?.exitCode !== 'number') return;
      reported = message.exitCode;
      setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS).unref();
    });
    child.on('exit', (code, signal) => {
      if (reported !== null) return resolve(reported);
      process.stderr.write(`${what}: ended by ${signal ?? `exit code ${code}`} before reporting how it went\n`);
      resolve(EXIT_FAILED);
    });
  });
}

/** Child side: tells the parent the exit code (everything printed is out: stdout is synchronous on Linux), then tries to exit. */
export function reportExit(exitCode: number): void {
  if (!process.send) process.exit(exitCode); // run by hand, without a parent
  process.send({ exitCode }, undefined, {}, () => process.exit(exitCode));
}
