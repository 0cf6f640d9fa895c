// How long a thread ran on a CPU and how long it waited for one, from /proc/<pid>/task/<tid>/schedstat
// (a procfs read, never a mount; the kernel updates both when the thread is next put on a CPU).
// Waiting for a CPU is the machine's load; running, or sitting blocked in the kernel, is our code.
// Used by stalls.ts (this process, per late tick) and api.ts (the server's main thread, per scrape).
import { readFileSync } from 'node:fs';

export interface CpuTime {
  ranMs: number;
  waitedMs: number;
}

/** The thread's totals since it started (tid defaults to the main thread, whose tid is the pid). */
export function readSchedstat(pid: number = process.pid, tid: number = pid): CpuTime {
  const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);
  return { ranMs: (run ?? 0) / 1e6, waitedMs: (wait ?? 0) / 1e6 };
}

/** What the thread did between two readings. */
export function cpuTimeBetween(before: CpuTime, after: CpuTime): CpuTime {
  return { ranMs: after.ranMs - before.ranMs, waitedMs: after.waitedMs - before.waitedMs };
}
