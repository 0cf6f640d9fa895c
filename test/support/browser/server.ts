// Starts the real Rollcall server as a child process (`rollcall serve`) on a free port with a
// fresh data directory, and stops it again. Tests talk to it over HTTP like any browser would.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../../../server/project-root.js';

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  /** Everything the server wrote (its pino log lines at warn and above, and stderr). */
  logs(): string;
  /** False once the server process has exited (it should not, until stop()). */
  alive(): boolean;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-browser-'));
  const entry = projectPath('dist/bin/rollcall.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: build first (npx tsc -p tsconfig.json)`);
  // The developer's own settings (a PostgreSQL URL, real volumes, a BASE_URL) must not leak in.
  const inherited = { ...process.env };
  for (const key of ['BASE_URL', 'DATABASE_URL', 'STORAGE_VOLUMES', 'STORAGE_WRITE_QUORUM', 'APP_KEY', 'RETENTION_DAYS'])
    delete inherited[key];
  const child: ChildProcess = spawn(process.execPath, [entry, 'serve'], {
    cwd: projectPath('.'),
    env: { ...inherited, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s\n${out}\n${err}`)), 20_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Rollcall is running: (http:\/\/[^\s]+?)\/?\s/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready\n${out}\n${err}`));
    });
  });
  let exit = '';
  child.once('exit', (code, signal) => (exit = `\n[server exited: ${signal ?? `code ${code}`}]`));
  return {
    baseUrl,
    dataDir,
    logs: () => out + err + exit,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
