// Explains event-loop stalls: a 10 ms ticker that, when a tick comes late, records how long the
// main thread ran on a CPU and how long it waited for one (from /proc/self/task/<tid>/schedstat,
// a procfs read, never a mount). Waiting for a CPU is the machine's load; running is our code.
import { readFileSync } from 'node:fs';

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
    const file = `/proc/self/task/${process.pid}/schedstat`;
    const read = (): [number, number] => {
      const [run, wait] = readFileSync(file, 'utf8').split(' ').map(Number);
      return [(run ?? 0) / 1e6, (wait ?? 0) / 1e6];
    };
    let last = performance.now();
    let [lastRun, lastWait] = read();
    this.timer = setInterval(() => {
      const now = performance.now();
      const [run, wait] = read();
      const gap = now - last;
      if (gap > thresholdMs) {
        this.stalls.push({
          at: now,
          gapMs: Math.round(gap),
          ranMs: Math.round(run - lastRun),
          waitedForCpuMs: Math.round(wait - lastWait),
          label: this.label,
        });
      }
      last = now;
      lastRun = run;
      lastWait = wait;
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
