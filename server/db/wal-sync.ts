// fsync of SQLite's write-ahead log on libuv's thread pool, shared by every caller that asks while
// one is pending. With synchronous=NORMAL a WAL commit only write()s its frames; an fsync of the WAL
// file that *starts after* the commit returned puts those frames, and every frame before them, on
// disk — what synchronous=FULL would have done inside the commit, on the event loop.
import fs from 'node:fs';

export type FsyncFile = (file: string) => Promise<void>;

/**
 * Opens, fsyncs and closes: a fresh descriptor each time, so it is always the WAL file SQLite
 * writes now. Callback style: three thread-pool calls with no FileHandle or promise per step.
 */
export function fsyncFile(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    fs.open(file, 'r', (openErr, fd) => {
      if (openErr) return reject(openErr);
      fs.fsync(fd, (syncErr) => {
        fs.close(fd, (closeErr) => {
          const err = syncErr ?? closeErr;
          if (err) reject(err);
          else resolve();
        });
      });
    });
  });
}

export class WalSync {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  /** fsyncs started (for tests and metrics). */
  syncs = 0;

  constructor(
    private readonly walFile: string,
    private readonly dbFile: string,
    private readonly fsync: FsyncFile = fsyncFile,
  ) {}

  /** Resolves after an fsync that began after this call, so it covers every commit made before it. */
  sync(): Promise<void> {
    if (this.queued) return this.queued; // not started yet: it will cover this caller too
    if (!this.running) return this.start();
    // The running fsync may have started before the caller's commit: queue one more after it.
    const queued = this.running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued = null;
        return this.start();
      });
    this.queued = queued;
    return queued;
  }

  private start(): Promise<void> {
    this.syncs++;
    const run = this.syncWal().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async syncWal(): Promise<void> {
    try {
      await this.fsync(this.walFile);
    } catch (err) {
      // No WAL file: SQLite checkpointed it into the database file and removed it (it syncs both
      // before removing), so syncing the database file is what is left to be sure of.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await this.fsync(this.dbFile);
    }
  }
}
