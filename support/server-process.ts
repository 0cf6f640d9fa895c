// Process helpers for the benchmarks and the multi-node test: start `rollcall serve` as a child
// process and wait for its URL, run CLI commands, and sample the resident memory of a process
// tree (a cluster primary and its workers) from /proc. Linux only (reads /proc).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectPath } from '../server/project-root.js';

export const CLI = projectPath('dist', 'bin', 'rollcall.js');

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  /** Resolves with the exit code (or null after a signal) once the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<number | null>;
  /** SIGKILL this process (not its cluster workers: they lose their primary and exit by themselves). */
  kill(): Promise<number | null>;
}

export interface StartOptions {
  name: string;
  env: Record<string, string>;
  logFile: string;
  timeoutMs?: number;
  nodeArgs?: string[];
}

/** Starts `rollcall serve` with exactly `env` (plus PATH/HOME and no per-client cap) and waits for "Rollcall is running: URL". */
export function startServer(options: StartOptions): Promise<ServerProcess> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      // A load driver is many clients from one address (loopback): the per-client cap (tested on
      // its own, test/unit/server/http/slow-senders.test.ts) would answer its surges 429.
      MAX_IN_FLIGHT_PER_CLIENT: '100000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', log],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  exited.then(() => fs.closeSync(log)).catch(() => {});
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name}: no "Rollcall is running" within ${options.timeoutMs ?? 30_000} ms; see ${options.logFile}`));
    }, options.timeoutMs ?? 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      fs.appendFileSync(options.logFile, chunk);
      if (out === null) return;
      out += chunk.toString();
      const m = /Rollcall is running: (http:\/\/[^/\s]+)\//.exec(out);
      if (!m) return;
      clearTimeout(timer);
      out = null as unknown as string;
      const proc: ServerProcess = {
        name: options.name,
        url: m[1]!,
        pid: child.pid!,
        child,
        logFile: options.logFile,
        exited,
        async stop(graceMs = 20_000) {
          if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
          child.kill('SIGTERM');
          const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
          const code = await exited;
          clearTimeout(t);
          return code;
        },
        async kill() {
          if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
          child.kill('SIGKILL');
          return exited;
        },
      };
      resolve(proc);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${code ?? signal}) before it was ready; see ${options.logFile}`));
    });
  });
}

/** Runs the CLI (`rollcall partner create …`) and returns its stdout; throws on a non-zero exit. */
export function runCli(args: string[], env: Record<string, string>): string {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`rollcall ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
  return r.stdout;
}

export function createPartner(env: Record<string, string>, name: string): { id: string; apiKey: string } {
  const out = runCli(['partner', 'create', '--name', name], env);
  const line = out
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (!line) throw new Error(`partner create printed no JSON: ${out}`);
  return JSON.parse(line) as { id: string; apiKey: string };
}

/** The pid and every descendant (cluster workers), from /proc. */
export function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  return tree.filter((p) => parentOf.has(p));
}

export function rssBytes(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user+system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

/** CPU seconds used so far by the processes under `roots` (a server and its children). */
export function treeCpuSeconds(...roots: number[]): number {
  return roots.flatMap((root) => processTree(root)).reduce((sum, p) => sum + (cpuSeconds(p) ?? 0), 0);
}

/** Samples the RSS of every process under the given roots; keeps first, last and peak per pid. */
export class RssSampler {
  readonly samples = new Map<number, { label: string; first: number; peak: number; last: number; series: Array<[number, number]> }>();
  private timer: NodeJS.Timeout | null = null;
  /** Wall-clock ms of the sampler's start: series times are relative to it. */
  readonly startedAt = Date.now();

  constructor(
    private readonly roots: () => Array<{ label: string; pid: number }>,
    private readonly everyMs = 500,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
  }

  sample(): void {
    for (const root of this.roots()) {
      for (const pid of processTree(root.pid)) {
        const rss = rssBytes(pid);
        if (rss === null) continue;
        const label = pid === root.pid ? root.label : `${root.label}/worker ${pid}`;
        const s = this.samples.get(pid) ?? { label, first: rss, peak: rss, last: rss, series: [] };
        s.peak = Math.max(s.peak, rss);
        s.last = rss;
        s.series.push([Date.now() - this.startedAt, rss]);
        this.samples.set(pid, s);
      }
    }
  }
}

export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
