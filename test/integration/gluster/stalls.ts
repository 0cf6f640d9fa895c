// Explains event-loop stalls: a 10 ms ticker that, when a tick comes late, records how long the
// main thread ran on a CPU and how long it waited for one in the meantime (schedstat.ts).
// Waiting for a CPU is the machine's load; running is our code.
import { cpuTimeBetween, readSchedstat } from './schedstat.js';

export interface Stall {
  at: number;
  gapMs: number;
  ranMs: number;
  waitedForCpuMs: number;
  label: string;
}

export class StallTracer {
  readonly stalls: Stall[] = [];
  label = '';
  private timer: NodeJS.Timeout | null = null;

  start(thresholdMs = 80): void {
    let last = performance.now();
    let lastCpu = readSchedstat();
    this.timer = setInterval(() => {
      const now = performance.now();
      const cpu = readSchedstat();
      const gap = now - last;
      if (gap > thresholdMs) {
        const { ranMs, waitedMs } = cpuTimeBetween(lastCpu, cpu);
        this.stalls.push({
          at: now,
          gapMs: Math.round(gap),
          ranMs: Math.round(ranMs),
          waitedForCpuMs: Math.round(waitedMs),
          label: this.label,
        });
      }
      last = now;
      lastCpu = cpu;
    }, 10);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  since(t: number): Stall[] {
    return this.stalls.filter((s) => s.at >= t);
  }
}
