// HAProxy for the balancer test: started by pid in the foreground (never systemd) with the
// repository's configuration (deploy/haproxy/haproxy.cfg, filled through its RC_* environment
// variables), and its servers' states read from the stats socket (`show stat`).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectPath } from '../../../server/project-root.js';

export const HAPROXY_CONFIG = projectPath('deploy', 'haproxy', 'haproxy.cfg');

export interface ServerStat {
  /** UP, DOWN, MAINT, "UP 1/2" (going down), "DOWN 1/2" (coming back), … */
  status: string;
  /** Requests (sessions) the server has been given in all. */
  total: number;
  /** Requests waiting in the queue now, and the most there ever were. */
  queued: number;
  queuedMax: number;
  /** Requests refused by an http-request deny (the frontend's row: the queue-length rule), and 5xx answers given. */
  denied: number;
  answered5xx: number;
}

export interface Balancer {
  url: string;
  pid: number;
  /** The backend's servers by name (node1…node3), the backend itself ("BACKEND") and the "FRONTEND". */
  stats(): Promise<Map<string, ServerStat>>;
  stop(): Promise<void>;
}

export async function startHaproxy(options: {
  dir: string;
  port: number;
  /** The address HAProxy connects to the nodes from (their TRUSTED_PROXIES). */
  source: string;
  nodes: string[];
  pidFile?: string;
}): Promise<Balancer> {
  const socket = path.join(options.dir, 'haproxy.sock');
  const env = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    RC_BIND: `127.0.0.1:${options.port}`,
    RC_SOURCE: options.source,
    RC_ERRORS: path.dirname(HAPROXY_CONFIG),
    RC_STATS_SOCKET: socket,
    ...Object.fromEntries(options.nodes.map((n, i) => [`RC_NODE${i + 1}`, n])),
  };
  const log = fs.openSync(path.join(options.dir, 'haproxy.log'), 'a');
  const child: ChildProcess = spawn('haproxy', ['-db', '-f', HAPROXY_CONFIG], { env, stdio: ['ignore', log, log] });
  if (options.pidFile) fs.appendFileSync(options.pidFile, `${child.pid}\n`);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stats = () => showStat(socket);
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited (${child.exitCode}); see ${options.dir}/haproxy.log`);
    try {
      await stats();
      break;
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url: `http://127.0.0.1:${options.port}`,
    pid: child.pid!,
    stats,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      fs.closeSync(log);
    },
  };
}

function showStat(socket: string): Promise<Map<string, ServerStat>> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket);
    let text = '';
    conn.on('connect', () => conn.write('show stat\n'));
    conn.on('data', (c) => (text += c.toString()));
    conn.on('error', reject);
    conn.on('end', () => {
      const [header, ...lines] = text.replace(/^# /, '').trim().split('\n');
      const cols = header!.split(',');
      const at = (name: string) => cols.indexOf(name);
      const out = new Map<string, ServerStat>();
      for (const line of lines) {
        const f = line.split(',');
        if (f[at('pxname')] !== 'rollcall') continue;
        out.set(f[at('svname')]!, {
          status: f[at('status')]!,
          total: Number(f[at('stot')]),
          queued: Number(f[at('qcur')]),
          queuedMax: Number(f[at('qmax')]),
          denied: Number(f[at('dreq')]) || 0,
          answered5xx: Number(f[at('hrsp_5xx')]) || 0,
        });
      }
      resolve(out);
    });
  });
}

/** Waits until every named server is UP in HAProxy's view (its health checks on /readyz pass). */
export async function waitUntilUp(balancer: Balancer, names: string[], timeoutMs = 30_000): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    const s = await balancer.stats();
    if (names.every((n) => s.get(n)?.status === 'UP')) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}
