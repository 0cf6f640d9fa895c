// Runs jobs in lanes: each lane has its own job kinds and slots, and its dispatcher claims as
// many runnable jobs of its kinds as it has free slots, in one claim. Lanes keep one kind of work
// from waiting on another: a partner's slow webhook receiver holds webhook slots, never the
// slots that render voters' PDFs. Each job, once handled, is completed in the same transaction as the writes
// its handler asks for (the registration's pdf_ready): both go through the queue's group commit,
// so a busy node makes many claims and completions durable with one fsync. Polls the database,
// since jobs can be enqueued by any node; wakes at once when this process enqueues (nudge).
import os from 'node:os';
import type { Knex } from 'knex';
import type { Logger } from '../logger.js';
import type { Job, JobKind, JobQueue } from './queue.js';

/** What a handler asks the runner to commit with the job's completion, and to do after that commit. */
export interface JobResult {
  /** Writes committed in the same transaction as the job's `done`. */
  finish?(trx: Knex.Transaction): Promise<void>;
  afterCommit?(): void;
}

export type JobHandler = (job: Job) => Promise<JobResult | void>;

/**
 * How long a claim holds a job before any node may redo it: the time another node waits to pick
 * up the work of a node killed mid-job. A render_pdf job takes milliseconds; even on a failing
 * mount each storage call gives up after its deadline (2 s by default), so 30 s leaves a wide margin.
 */
export const DEFAULT_LEASE_MS = 30_000;

/** A set of job kinds with its own slots (its own dispatcher). */
export interface JobLane {
  name: string;
  kinds: readonly JobKind[];
  concurrency: number;
}

export interface JobRunnerOptions {
  /** Every kind with a handler must be in exactly one lane. */
  lanes: readonly JobLane[];
  leaseMs?: number;
  pollMs?: number;
  /**
   * Per kind: writes committed with a job's `dead` (its last attempt failed), so what the job
   * worked on shows it too (a voter_mail row ends `dead` with its send_voter_mail job).
   */
  onDead?: Partial<Record<JobKind, (job: Job, trx: Knex.Transaction) => Promise<void>>>;
}

export class JobRunner {
  private readonly workerId = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private running = false;
  private dispatchers: Promise<void>[] = [];
  private readonly inHand = new Set<Promise<void>>();
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly queue: JobQueue,
    private readonly handlers: Record<JobKind, JobHandler>,
    private readonly logger: Logger,
    private readonly options: JobRunnerOptions,
  ) {
    const laned = options.lanes.flatMap((l) => l.kinds);
    for (const kind of Object.keys(handlers) as JobKind[])
      if (laned.filter((k) => k === kind).length !== 1) throw new Error(`job kind ${kind} must be in exactly one lane`);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.dispatchers = this.options.lanes.filter((lane) => lane.concurrency >= 1).map((lane) => this.dispatch(lane));
  }

  /** Something was enqueued here: skip the poll wait. */
  nudge(): void {
    for (const wake of this.sleepers) wake();
  }

  /** Stop claiming; wait for the jobs in hand to finish (their completion is committed). */
  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await Promise.all(this.dispatchers);
    this.dispatchers = [];
    await Promise.all(this.inHand);
  }

  /** Run until no job of any kind is due, one at a time (tests and the CLI). Returns how many jobs ran. */
  async drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const [job] = await this.claim(1);
      if (!job) return ran;
      await this.handle(job);
      ran++;
    }
  }

  private claim(limit: number, kinds?: readonly JobKind[]): Promise<Job[]> {
    return this.queue.commits.run((trx) =>
      this.queue.claimBatch(trx, this.workerId, this.options.leaseMs ?? DEFAULT_LEASE_MS, limit, kinds),
    );
  }

  private async dispatch(lane: JobLane): Promise<void> {
    const inHand = new Set<Promise<void>>();
    while (this.running) {
      const free = lane.concurrency - inHand.size;
      if (free <= 0) {
        await Promise.race(inHand);
        continue;
      }
      let jobs: Job[] = [];
      try {
        jobs = await this.claim(free, lane.kinds);
      } catch (err) {
        this.logger.error({ err, lane: lane.name }, 'job claim failed (database unavailable?)');
      }
      for (const job of jobs) {
        const p: Promise<void> = this.handle(job).finally(() => {
          inHand.delete(p);
          this.inHand.delete(p);
        });
        inHand.add(p);
        this.inHand.add(p);
      }
      if (jobs.length === 0 && this.running) await this.sleep(this.options.pollMs ?? 500);
    }
  }

  private async handle(job: Job): Promise<void> {
    const handler = this.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await handler(job);
      await this.queue.commits.run(async (trx) => {
        await result?.finish?.(trx);
        await this.queue.complete(job, this.workerId, trx);
      });
      result?.afterCommit?.();
    } catch (err) {
      const message = String((err as Error)?.message ?? err);
      try {
        const onDead = this.options.onDead?.[job.kind];
        const outcome = await this.queue.commits.run(async (trx) => {
          const failed = await this.queue.fail(job, this.workerId, message, trx);
          if (failed === 'dead' && onDead) await onDead(job, trx);
          return failed;
        });
        const log = outcome === 'dead' ? this.logger.error.bind(this.logger) : this.logger.warn.bind(this.logger);
        log({ jobId: job.id, kind: job.kind, attempts: job.attempts, outcome, error: message }, 'job failed');
      } catch (failErr) {
        // The failure could not be recorded: the lease expires and the job is redone.
        this.logger.error({ jobId: job.id, err: failErr, error: message }, 'job failed and its failure could not be recorded');
      }
    }
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
