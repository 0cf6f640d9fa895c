// "Verify storage" from the admin page: runs storage.verify in the background on the node that
// got the click, one at a time across nodes (a running task blocks new ones for an hour, which
// also covers a node that died mid-run), and keeps its report in admin_tasks for the page. The
// run is in-process work tracked by `background`, so ctx.close() waits for it (it is no job: a job's
// lease is 30 s and is not renewed, while a verify of a large store takes far longer).
import os from 'node:os';
import type { KeyCatalog, ReplicatedStorage, VerifyReport } from '@rollcall/storage';
import type { Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import type { InFlight } from '../jobs/in-flight.js';
import type { Logger } from '../logger.js';

const STALE_MS = 60 * 60_000;

export interface TaskRow {
  id: number;
  kind: 'verify' | 'verify_repair';
  status: 'running' | 'done' | 'failed';
  started_by: number;
  node: string;
  started_at: number;
  finished_at: number | null;
  report: string | null;
}

export class VerifyTasks {
  /** The task running on this node, for tests and for a clean stop. */
  current: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly storage: ReplicatedStorage,
    private readonly catalog: KeyCatalog,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly background: InFlight,
  ) {}

  latest(limit = 5): Promise<TaskRow[]> {
    return this.db<TaskRow>('admin_tasks').select('*').orderBy('id', 'desc').limit(limit);
  }

  /** Starts a verify unless one is running; returns the task id, or null when one is running. */
  async start(userId: number, repair: boolean): Promise<number | null> {
    const now = this.clock.now();
    const id = await this.db.transaction(async (trx) => {
      const running = await trx('admin_tasks')
        .where({ status: 'running' })
        .andWhere('started_at', '>', now - STALE_MS)
        .first('id');
      if (running) return null;
      const [row] = await trx('admin_tasks')
        .insert({
          kind: repair ? 'verify_repair' : 'verify',
          status: 'running',
          started_by: userId,
          node: `${os.hostname()}:${process.pid}`,
          started_at: now,
        })
        .returning('id');
      return typeof row === 'object' ? (row as { id: number }).id : (row as number);
    });
    if (id === null) return null;
    this.current = this.background.track(
      this.run(id, repair).finally(() => {
        this.current = null;
      }),
    );
    return id;
  }

  private async run(id: number, repair: boolean): Promise<void> {
    let report: VerifyReport | { error: string };
    let status: TaskRow['status'] = 'done';
    try {
      report = await this.storage.verify(this.catalog, { repair });
      // Only the first lost keys are worth a page; the count stays exact.
      report = { ...report, lost: report.lost.slice(0, 100), lostCount: report.lost.length } as VerifyReport;
    } catch (err) {
      status = 'failed';
      report = { error: (err as Error).message };
      this.logger.error({ err }, 'admin verify failed');
    }
    try {
      await this.db('admin_tasks')
        .where({ id })
        .update({ status, finished_at: this.clock.now(), report: JSON.stringify(report) });
    } catch (err) {
      this.logger.warn({ error: (err as Error).message }, 'admin verify: report not saved');
    }
  }
}
