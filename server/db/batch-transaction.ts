// The group commit's transaction, answered in two steps: committed (the connection is free for
// other queries), then durable (its callers may be told). On a SQLite file the commit runs with
// synchronous=NORMAL and the WAL is fsynced afterwards on libuv's thread pool (WalSync), so the
// event loop never waits for the disk. Every other write on the connection keeps
// synchronous=FULL: the pragma is switched only while the batch holds the process's one
// connection. PostgreSQL commits are durable when they return.
import path from 'node:path';
import type { Knex } from 'knex';
import { isPostgres, type Db } from './connect.js';
import { WalSync, type FsyncFile } from './wal-sync.js';

export interface BatchCommit<R> {
  value: R;
  /** Settles once the commit is on disk; rejects if the fsync failed. */
  durable: Promise<void>;
}

export type BatchTransaction = <R>(work: (trx: Knex.Transaction) => Promise<R>) => Promise<BatchCommit<R>>;

/**
 * SQLite: take the write lock first, as BEGIN IMMEDIATE would (knex begins deferred). Otherwise a
 * batch that starts with a read (a claim's SELECT) holds a read snapshot, and when another process
 * on the same file (WORKERS>1, a CLI command) wrote meanwhile, its first write fails at once with
 * SQLITE_BUSY_SNAPSHOT instead of waiting busy_timeout. A write statement takes the lock even when
 * it changes no row.
 */
const TAKE_WRITE_LOCK = 'update jobs set id = id where 0';

/** The part of a better-sqlite3 connection used here. */
interface SqliteConnection {
  name: string;
  memory: boolean;
  pragma(sql: string): unknown;
}

const DURABLE = Promise.resolve();

export function batchTransaction(db: Db, fsync?: FsyncFile): BatchTransaction {
  if (isPostgres(db)) return async (work) => ({ value: await db.transaction(work), durable: DURABLE });
  let walSync: WalSync | undefined;
  return async (work) => {
    const conn = (await db.client.acquireConnection()) as SqliteConnection;
    const deferSync = !conn.memory;
    let value;
    try {
      // The pragma cannot change inside a transaction, so it is set around it, on the held connection.
      if (deferSync) conn.pragma('synchronous = NORMAL');
      try {
        value = await db.transaction(
          async (trx) => {
            await trx.raw(TAKE_WRITE_LOCK);
            return work(trx);
          },
          { connection: conn },
        );
      } finally {
        if (deferSync) conn.pragma('synchronous = FULL');
      }
    } finally {
      await db.client.releaseConnection(conn);
    }
    if (!deferSync) return { value, durable: DURABLE };
    walSync ??= new WalSync(`${path.resolve(conn.name)}-wal`, path.resolve(conn.name), fsync);
    return { value, durable: walSync.sync() };
  };
}
