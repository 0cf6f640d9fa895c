// The Gluster test bed built by setup.sh, seen from node: where things are, how to find the
// processes to hurt, and the shell commands to hurt and heal them. Never stats a mount: process
// lookups read /proc, and every command runs asynchronously (a blocked event loop would be a
// failure of the test itself).
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const BASE = process.env.ROLLCALL_GLUSTER_BASE ?? '/tmp/rollcall-gluster';
export const VOL = process.env.ROLLCALL_GLUSTER_VOL ?? 'rollcallv';
export const MNT1 = join(BASE, 'mnt1');
export const MNT2 = join(BASE, 'mnt2');
export const LOCAL = join(BASE, 'local');
export const SMALL = join(BASE, 'small');

export async function sh(command: string, args: string[], timeoutMs = 60_000): Promise<string> {
  const { stdout } = await run(command, args, { timeout: timeoutMs });
  return stdout;
}

export async function isMounted(path: string): Promise<boolean> {
  const mounts = await readFile('/proc/mounts', 'utf8');
  return mounts.split('\n').some((line) => line.split(' ')[1] === path);
}

/** Pids whose command line contains every fragment. */
export async function findPids(...fragments: string[]): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const words = cmdline.split('\0');
    if (fragments.every((f) => words.some((w) => w.includes(f)))) pids.push(Number(entry));
  }
  return pids;
}

export async function brickPid(n: 1 | 2 | 3): Promise<number> {
  const pids = await findPids('glusterfsd', `${VOL}.`, `gluster-b${n}`);
  if (pids.length !== 1) throw new Error(`expected one brick process for b${n}, found ${pids.length}`);
  return pids[0] as number;
}

export async function fuseClientPid(mount: string): Promise<number> {
  const pids = await findPids('glusterfs', '--process-name', mount);
  const exact: number[] = [];
  for (const pid of pids) {
    const words = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (words.includes(mount)) exact.push(pid);
  }
  if (exact.length !== 1) throw new Error(`expected one FUSE client for ${mount}, found ${exact.length}`);
  return exact[0] as number;
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  process.kill(pid, sig);
}

export async function restartBricks(): Promise<void> {
  await sh('gluster', ['--mode=script', 'volume', 'start', VOL, 'force']);
}

export async function triggerHeal(): Promise<void> {
  await sh('gluster', ['--mode=script', 'volume', 'heal', VOL]).catch(() => '');
}

/** Entries waiting for self-heal, summed over bricks (null when gluster cannot tell). */
export async function healPending(): Promise<number | null> {
  const out = await sh('gluster', ['--mode=script', 'volume', 'heal', VOL, 'info'], 30_000).catch(() => null);
  if (out === null) return null;
  const counts = [...out.matchAll(/Number of entries:\s*(\d+|-)/g)].map((m) => m[1]);
  if (counts.length === 0 || counts.includes('-')) return null;
  return counts.reduce((n, c) => n + Number(c), 0);
}

export async function remount(mount: string): Promise<void> {
  if (await isMounted(mount)) await sh('umount', ['-l', mount]);
  await sh('mount', ['-t', 'glusterfs', `localhost:/${VOL}`, mount]);
}

/** Fills the small tmpfs volume, leaving `leaveBytes` free. */
export async function fillSmall(leaveBytes: number): Promise<void> {
  const out = await sh('df', ['-B1', '--output=avail', SMALL]);
  const avail = Number(out.trim().split('\n').pop());
  await sh('fallocate', ['-l', String(Math.max(0, avail - leaveBytes)), join(SMALL, '.filler')]);
}

export async function unfillSmall(): Promise<void> {
  await sh('rm', ['-f', join(SMALL, '.filler')]);
}
