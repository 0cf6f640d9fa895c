// Group commit: small writes from concurrent requests and jobs share one database transaction,
// so one fsync makes a whole batch durable. SQLite with synchronous=FULL fsyncs its WAL on every
// commit, and better-sqlite3 does that on the event loop: one commit per registration, per claim
// and per completed job capped the node near the disk's fsync rate. Here:
// - each caller's promise settles only after the commit that holds its write is durable (or
//   failed), so "accepted" still means "committed durably", exactly as with a transaction of its
//   own; on SQLite that fsync runs off the event loop, after the commit (db/batch-transaction.ts);
// - when any write of a batch throws, the whole batch rolls back and each write is redone in a
//   transaction of its own, so only a write that fails on its own rejects its caller (writes are
//   database statements only, safe to redo after a rollback; savepoints per write would cost two
//   round trips each on PostgreSQL);
// - a batch starts on the next turn of the event loop (setImmediate), so the requests parsed in
//   the same turn join it, and while `parallel` batches are in flight new writes queue for the next.
import type { Knex } from 'knex';
import { isPostgres, type Db } from './connect.js';
import { batchTransaction, type BatchCommit, type BatchTransaction } from './batch-transaction.js';

type Work<R> = (trx: Knex.Transaction) => Promise<R>;

interface Pending {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most writes in one transaction (default 256). */
  maxBatch?: number;
  /** Transactions in flight at once (default: 1 on SQLite, which has one writer; 4 on PostgreSQL). */
  parallel?: number;
  /** How a batch commits (default: batchTransaction(db)); tests pass one with a controlled fsync. */
  transaction?: BatchTransaction;
}

export interface GroupCommitStats {
  batches: number;
  writes: number;
  largestBatch: number;
}

export class GroupCommit {
  private readonly queue: Pending[] = [];
  private active = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly parallel: number;
  private readonly transaction: BatchTransaction;
  readonly stats: GroupCommitStats = { batches: 0, writes: 0, largestBatch: 0 };

  constructor(
    private readonly db: Db,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 256;
    this.parallel = options.parallel ?? (isPostgres(db) ? 4 : 1);
    this.transaction = options.transaction ?? batchTransaction(db);
  }

  /** Runs `work` inside a shared transaction; settles once that transaction is durable. */
  run<R>(work: Work<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.active >= this.parallel) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.active < this.parallel && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.active++;
      void this.flush(batch).finally(() => {
        this.active--;
        if (this.queue.length > 0) this.schedule();
      });
    }
  }

  /**
   * Settles after the batch is durable (on SQLite its WAL fsync runs after the commit, off the
   * event loop): the slot stays taken meanwhile, so the writes arriving during the fsync gather
   * into the next batch instead of each paying for a small transaction of its own.
   */
  private async flush(batch: Pending[]): Promise<void> {
    this.stats.batches++;
    this.stats.writes += batch.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    let committed: BatchCommit<unknown[]>;
    try {
      committed = await this.transaction(async (trx) => {
        const results: unknown[] = [];
        for (const item of batch) results.push(await item.work(trx));
        return results;
      });
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      // Something in the batch failed, and the whole batch was rolled back. Redo each write in a
      // transaction of its own, so only the one that fails again reports a failure.
      for (const item of batch) {
        try {
          item.resolve(await this.db.transaction((trx) => item.work(trx)));
        } catch (own) {
          item.reject(own);
        }
      }
      return;
    }
    try {
      await committed.durable;
    } catch (err) {
      // Committed but not known to be on disk: no caller may be told it succeeded. (Not redone:
      // the writes are in the database; a client retrying with its Idempotency-Key finds them.)
      for (const item of batch) item.reject(err);
      return;
    }
    batch.forEach((item, i) => item.resolve(committed.value[i]));
  }
}
