// How long a thread ran on a CPU and how long it waited for one, from /proc/<pid>/task/<tid>/schedstat
// (a procfs read, never a mount; the kernel updates both when the thread is next put on a CPU).
// Waiting for a CPU is the machine's load; running, or sitting blocked in the kernel, is our code.
// Used by stalls.ts (this process, per late tick) and api.ts (the server's main thread, sampled).
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

export interface CpuSample extends CpuTime {
  at: number; // performance.now()
}

/**
 * A thread's schedstat read every few milliseconds, to bound how long it waited for a CPU during
 * a delay known only by its length and the window it fell in (prom-client's lag max, api.ts).
 */
export class CpuLog {
  readonly samples: CpuSample[] = [];
  private timer: NodeJS.Timeout | null = null;

  /** bornAfter: a time before the thread started (its totals were zero then), if known. */
  constructor(
    private readonly pid: number,
    bornAfter?: number,
  ) {
    if (bornAfter !== undefined) this.samples.push({ at: bornAfter, ranMs: 0, waitedMs: 0 });
  }

  start(everyMs = 10): void {
    this.read();
    this.timer = setInterval(() => this.read(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.read();
  }

  read(): void {
    try {
      this.samples.push({ at: performance.now(), ...readSchedstat(this.pid) });
    } catch {
      // the thread is gone: no more samples, so later windows are not covered
    }
  }

  /** What the thread did from the last sample at or before `from` to the first at or after `to`; null if not covered. */
  over(from: number, to: number): CpuTime | null {
    const [a, b] = this.cover(from, to);
    return a === null || b === null ? null : cpuTimeBetween(this.samples[a]!, this.samples[b]!);
  }

  /**
   * The most the thread can have waited for a CPU in any stretch of `lengthMs` between `from` and
   * `to`: for each stretch starting between two samples, the wait from the sample before its start
   * to the first sample after its latest possible end (an upper bound); null if not covered.
   */
  mostWaited(from: number, to: number, lengthMs: number): number | null {
    const [first, last] = this.cover(from, to);
    if (first === null || last === null) return null;
    const s = this.samples;
    let most = 0;
    let end = first;
    for (let a = first; a < last; a++) {
      while (end < last && s[end]!.at < s[a + 1]!.at + lengthMs) end++;
      most = Math.max(most, s[end]!.waitedMs - s[a]!.waitedMs);
    }
    return most;
  }

  private cover(from: number, to: number): [number | null, number | null] {
    let before: number | null = null;
    for (let i = 0; i < this.samples.length; i++) {
      if (this.samples[i]!.at > from) break;
      before = i;
    }
    const after = this.samples.findIndex((x) => x.at >= to);
    return [before, after < 0 ? null : after];
  }
}
