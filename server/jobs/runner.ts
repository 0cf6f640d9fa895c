// Runs jobs: N concurrent loops claim, handle, and complete or fail. Polls the database, since
// jobs can be enqueued by any node; wakes at once when this process enqueues (nudge).
import os from 'node:os';
import type { Logger } from '../logger.js';
import type { Job, JobKind, JobQueue } from './queue.js';

export type JobHandler = (job: Job) => Promise<void>;

export interface JobRunnerOptions {
  concurrency: number;
  leaseMs?: number;
  pollMs?: number;
}

export class JobRunner {
  private readonly workerId = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Record<JobKind, JobHandler>,
    private readonly logger: Logger,
    private readonly options: JobRunnerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < this.options.concurrency; i++) this.loops.push(this.loop());
  }

  /** Something was enqueued here: skip the poll wait. */
  nudge(): void {
    for (const wake of this.sleepers) wake();
  }

  /** Stop claiming; wait for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Run until no job is due (tests and the CLI). Returns how many jobs ran. */
  async drain(): Promise<number> {
    let ran = 0;
    while (await this.runOne()) ran++;
    return ran;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let didWork = false;
      try {
        didWork = await this.runOne();
      } catch (err) {
        this.logger.error({ err }, 'job loop error (database unavailable?)');
      }
      if (!didWork && this.running) await this.sleep(this.options.pollMs ?? 500);
    }
  }

  private async runOne(): Promise<boolean> {
    const job = await this.queue.claim(this.workerId, this.options.leaseMs ?? 120_000);
    if (!job) return false;
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job);
      await this.queue.complete(job, this.workerId);
    } catch (err) {
      const outcome = await this.queue.fail(job, this.workerId, String((err as Error)?.message ?? err));
      const log = outcome === 'dead' ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
      log({ jobId: job.id, kind: job.kind, attempts: job.attempts, outcome, error: (err as Error)?.message }, 'job failed');
    }
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.sleepers.add(done);
    });
  }
}
