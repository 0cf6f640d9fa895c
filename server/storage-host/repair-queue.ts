// The storage library's repair entries, kept in the database so any node can do the repair
// and none is lost when a node dies.
import type { Knex } from 'knex';
import type { Db } from '../db/connect.js';
import type { Clock } from '../clock.js';
import type { RepairEntry, RepairQueue } from '@rollcall/storage';

export class DbRepairQueue implements RepairQueue {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async add(entry: RepairEntry): Promise<void> {
    // One entry per (volume, key): a copy missed twice needs one repair.
    await this.db('storage_repairs')
      .insert({
        volume: entry.volume,
        key: entry.key,
        kind: entry.kind,
        sha256: entry.sha256,
        reason: entry.reason.slice(0, 200),
        created_at: this.clock.now(),
      })
      .onConflict(['volume', 'key'])
      .merge(['kind', 'sha256', 'reason']);
  }

  async pending(volume: string, limit: number): Promise<Array<RepairEntry & { id: number }>> {
    const rows: Array<RepairEntry & { id: number }> = await this.db('storage_repairs')
      .select('id', 'volume', 'key', 'kind', 'sha256', 'reason')
      .where({ volume })
      .orderBy('id')
      .limit(limit);
    // During a rolling upgrade a node older than the kind column still queues a missed delete as
    // reason 'delete' (kind takes the default): it must stay a delete (a purged PDF must go).
    return rows.map((row) => (row.reason === 'delete' ? { ...row, kind: 'delete' } : row));
  }

  async done(id: string | number): Promise<void> {
    await this.db('storage_repairs')
      .where({ id: Number(id) })
      .delete();
  }

  async count(): Promise<Record<string, number>> {
    const rows = (await this.db('storage_repairs').select('volume').count({ n: '*' }).groupBy('volume')) as Array<{
      volume: string;
      n: number | string;
    }>;
    return Object.fromEntries(rows.map((r) => [r.volume, Number(r.n)]));
  }
}

/**
 * The purge and an erase (privacy/retention-purge.ts), in their transaction: a deleted PDF's
 * pending restores are forgotten, so the repairer never copies it back to a volume from another
 * that was down during the delete and still holds it. Its delete entries stay.
 */
export async function forgetRestoresOf(trx: Knex | Knex.Transaction, key: string): Promise<number> {
  return trx('storage_repairs').where({ key }).andWhereNot({ kind: 'delete' }).andWhereNot({ reason: 'delete' }).delete();
}
