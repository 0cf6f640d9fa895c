// Runs the built command line (dist/bin/rollcall.js) as an operator would, in a fresh data directory,
// with the developer's own settings (a PostgreSQL URL, real volumes, a BASE_URL) kept out.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../../server/project-root.js';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-cli-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }) };
}

export function runCli(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string | null; timeoutMs?: number } = {},
): Promise<CliRun> {
  const inherited = { ...process.env };
  for (const key of [
    'BASE_URL',
    'DATABASE_URL',
    'STORAGE_VOLUMES',
    'STORAGE_WRITE_QUORUM',
    'STORAGE_FAULTS_FILE',
    'APP_KEY',
    'APP_KEY_PREVIOUS',
    'PORT',
    'HOST',
    'WORKERS',
  ])
    delete inherited[key];
  const started = performance.now();
  const child = spawn(process.execPath, [projectPath('dist/bin/rollcall.js'), ...args], {
    env: { ...inherited, APP_KEY: crypto.randomBytes(32).toString('base64'), LOG_LEVEL: 'warn', ...options.env },
    // stdin: a string is piped in; null is an empty pipe closed at once
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdin.end(options.stdin ?? undefined);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rollcall ${args.join(' ')} still running after ${options.timeoutMs ?? 30_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}
