// Periodic housekeeping that one node at a time should do: the purge past retention, sweeping
// expired PDF links and old rate-limit windows. Every node runs this loop; a lease-based lock in
// the database picks one per round, and a node that dies mid-round lets its lease run out.
import os from 'node:os';
import type { Logger } from '../logger.js';
import type { Locks } from './locks.js';

export interface MaintenanceTask {
  name: string;
  run(): Promise<unknown>;
}

export class Maintenance {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly holder = `${os.hostname()}:${process.pid}`;

  constructor(
    private readonly locks: Locks,
    private readonly tasks: MaintenanceTask[],
    private readonly logger: Logger,
    private readonly intervalMs = 5 * 60_000,
  ) {}

  start(firstDelayMs = 30_000): void {
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.runOnce()
          .then(
            () => undefined,
            (err: unknown) => this.logger.error({ error: (err as Error).message }, 'maintenance round failed'),
          )
          .finally(() => schedule(this.intervalMs));
      }, delay);
      this.timer.unref();
    };
    schedule(firstDelayMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round, if this node wins the lock. Returns whether it ran. */
  async runOnce(): Promise<boolean> {
    if (!(await this.locks.tryAcquire('maintenance', this.holder, this.intervalMs * 2))) return false;
    try {
      for (const task of this.tasks) {
        try {
          await task.run();
        } catch (err) {
          this.logger.error({ task: task.name, error: (err as Error).message }, 'maintenance task failed');
        }
      }
    } finally {
      await this.locks.release('maintenance', this.holder);
    }
    return true;
  }
}
