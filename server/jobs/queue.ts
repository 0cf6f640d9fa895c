// The job queue lives in the database, so any node can take any job (the delayed_job / Solid Queue
// pattern). A claim is a lease: a node that dies mid-job lets its lease expire and another node
// redoes the job. PostgreSQL claims with FOR UPDATE SKIP LOCKED; SQLite has one writer, so a
// conditional UPDATE is enough.
import type { Knex } from 'knex';
import { isPostgres, type Db } from '../db/connect.js';
import type { Clock } from '../clock.js';
import type { GroupCommit } from '../db/group-commit.js';

export type JobKind = 'render_pdf' | 'deliver_webhook' | 'send_voter_mail' | 'send_account_notice';

export interface Job {
  id: number;
  kind: JobKind;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

interface JobRow {
  id: number;
  kind: JobKind;
  payload: string;
  attempts: number;
  max_attempts: number;
}

export const DEFAULT_MAX_ATTEMPTS = 25;

/** Retry delay after the n-th failed attempt: exponential from 1 s, capped at 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 10 * 60_000);
}

type Runner = Knex | Knex.Transaction;

export class JobQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** This process's shared transactions (db/group-commit.ts): the runner's claims and completions commit in batches (one fsync each). */
    readonly commits: GroupCommit,
  ) {}

  /**
   * Enqueue inside the caller's transaction, so the job exists exactly when the data it works on
   * does; due at `runAt` (now if omitted). Returns the job's id.
   */
  async enqueue(
    trx: Knex | Knex.Transaction,
    kind: JobKind,
    payload: Record<string, unknown>,
    maxAttempts = DEFAULT_MAX_ATTEMPTS,
    runAt?: number,
  ): Promise<number> {
    const now = this.clock.now();
    const [inserted] = (await trx('jobs')
      .insert({
        kind,
        payload: JSON.stringify(payload),
        status: 'queued',
        run_at: runAt ?? now,
        attempts: 0,
        max_attempts: maxAttempts,
        created_at: now,
        updated_at: now,
      })
      .returning('id')) as Array<{ id: number } | number>;
    return typeof inserted === 'number' ? inserted : inserted!.id;
  }

  /** Claim the next runnable job for `leaseMs`: a queued job that is due, or a running one whose lease ran out. */
  async claim(workerId: string, leaseMs: number): Promise<Job | null> {
    const [job] = await this.db.transaction((trx) => this.claimBatch(trx, workerId, leaseMs, 1));
    return job ?? null;
  }

  /**
   * Claims up to `limit` runnable jobs inside the caller's transaction (the runner passes the
   * group commit's): first jobs whose lease ran out (a dead worker's), then due queued jobs,
   * oldest first. Two index range scans on (status, run_at) rather than one OR: with tens of
   * thousands of queued jobs (a surge) the OR made SQLite read and sort every queued row on every
   * claim, synchronously on the event loop (36 ms a claim at 50 000 queued). On PostgreSQL the
   * rows are locked FOR UPDATE SKIP LOCKED, so nodes claiming at the same time take different
   * jobs; the UPDATE re-checks that each row is still runnable. `kinds`, when given, limits the
   * claim to those kinds (a runner's lane).
   */
  async claimBatch(trx: Knex.Transaction, workerId: string, leaseMs: number, limit: number, kinds?: readonly JobKind[]): Promise<Job[]> {
    const now = this.clock.now();
    const columns = ['id', 'kind', 'payload', 'attempts', 'max_attempts'] as const;
    const pg = isPostgres(this.db);
    let expired = trx<JobRow>('jobs')
      .select(...columns)
      .where('status', 'running')
      .andWhere('lease_until', '<', now)
      .modify((q) => (kinds ? q.whereIn('kind', kinds) : q))
      .orderBy('lease_until')
      .limit(limit);
    if (pg) expired = expired.forUpdate().skipLocked();
    const candidates = (await expired) as JobRow[];
    if (candidates.length < limit) {
      let queued = trx<JobRow>('jobs')
        .select(...columns)
        .where('status', 'queued')
        .andWhere('run_at', '<=', now)
        .modify((q) => (kinds ? q.whereIn('kind', kinds) : q))
        .orderBy('run_at')
        .orderBy('id')
        .limit(limit - candidates.length);
      if (pg) queued = queued.forUpdate().skipLocked();
      candidates.push(...((await queued) as JobRow[]));
    }
    const runnable = (q: Knex.QueryBuilder) =>
      q
        .where((w) => w.where('status', 'queued').andWhere('run_at', '<=', now))
        .orWhere((w) => w.where('status', 'running').andWhere('lease_until', '<', now));
    const jobs: Job[] = [];
    for (const candidate of candidates) {
      const updated = await trx('jobs')
        .where('id', candidate.id)
        .andWhere(runnable)
        .update({ status: 'running', locked_by: workerId, lease_until: now + leaseMs, attempts: candidate.attempts + 1, updated_at: now });
      if (updated === 1)
        jobs.push({
          id: candidate.id,
          kind: candidate.kind,
          payload: JSON.parse(candidate.payload),
          attempts: candidate.attempts + 1,
          maxAttempts: candidate.max_attempts,
        });
    }
    return jobs;
  }

  async complete(job: Job, workerId: string, trx: Runner = this.db): Promise<number> {
    return trx('jobs')
      .where({ id: job.id, locked_by: workerId })
      .update({ status: 'done', lease_until: null, last_error: null, updated_at: this.clock.now() });
  }

  /** A failed attempt: back off and retry, or end in `dead` with the error, visible, never a silent loop. */
  async fail(job: Job, workerId: string, error: string, trx: Runner = this.db): Promise<'retry' | 'dead'> {
    const now = this.clock.now();
    const dead = job.attempts >= job.maxAttempts;
    await trx('jobs')
      .where({ id: job.id, locked_by: workerId })
      .update({
        status: dead ? 'dead' : 'queued',
        run_at: dead ? now : now + backoffMs(job.attempts),
        lease_until: null,
        locked_by: null,
        last_error: error.slice(0, 2000),
        updated_at: now,
      });
    return dead ? 'dead' : 'retry';
  }

  /**
   * Dead jobs of `kind` start again from their first attempt: what the caller knows has changed
   * (storage has its write quorum back after an outage longer than the render job's ~2.8 h of
   * retries). Returns how many were requeued.
   */
  async requeueDead(kind: JobKind): Promise<number> {
    const now = this.clock.now();
    return this.db('jobs')
      .where({ kind, status: 'dead' })
      .update({ status: 'queued', attempts: 0, run_at: now, lease_until: null, locked_by: null, updated_at: now });
  }

  /** Give a claimed job back untouched (graceful shutdown). */
  async release(job: Job, workerId: string, trx: Runner = this.db): Promise<void> {
    await trx('jobs')
      .where({ id: job.id, locked_by: workerId })
      .update({ status: 'queued', attempts: job.attempts - 1, lease_until: null, locked_by: null, updated_at: this.clock.now() });
  }

  /**
   * Deletes jobs by id inside the caller's transaction: `queued` ones only (what a cancel takes
   * back: a running job finishes and finds nothing to do), or all of them (a purge).
   */
  async deleteJobs(trx: Knex.Transaction, ids: readonly number[], which: 'queued' | 'all'): Promise<number> {
    if (ids.length === 0) return 0;
    let q = trx('jobs').whereIn('id', ids);
    if (which === 'queued') q = q.andWhere('status', 'queued');
    return q.delete();
  }

  async counts(): Promise<Record<string, number>> {
    const rows = (await this.db('jobs').select('status').count({ n: '*' }).groupBy('status')) as Array<{
      status: string;
      n: number | string;
    }>;
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}
