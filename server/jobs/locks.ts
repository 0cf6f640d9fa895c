// Database locks with a lease: the holder renews by acquiring again; anyone may take an expired one.
import type { Db } from '../db/connect.js';
import type { Clock } from '../clock.js';

export class Locks {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** True when `holder` now holds `name` until now + leaseMs. */
  async tryAcquire(name: string, holder: string, leaseMs: number): Promise<boolean> {
    const now = this.clock.now();
    const rows = (await this.db('locks')
      .insert({ name, holder, lease_until: now + leaseMs })
      .onConflict('name')
      .merge(['holder', 'lease_until'])
      .where('locks.lease_until', '<', now)
      .orWhere('locks.holder', holder)
      .returning('holder')) as Array<{ holder: string }>;
    return rows.length === 1 && rows[0]!.holder === holder;
  }

  async release(name: string, holder: string): Promise<void> {
    await this.db('locks').where({ name, holder }).delete();
  }
}
