// Partner management for the admin side: the queries (search, keys, each partner's numbers) and
// status changes and key rotation, which partner-records.ts (the partners table's owner) writes.
import type { Db } from '../db/connect.js';
import type { Clock } from '../clock.js';
import { PartnerRecords, type Partner, type PartnerStatus } from '../partners/partner-records.js';

export interface PartnerNumbers {
  started: number;
  completed: number;
  byState: Array<{ state: string; started: number; completed: number }>;
}

/** Statuses counted as completed: submitted, whether or not the PDF or the personal data still exist. */
const COMPLETED = ['accepted', 'pdf_ready', 'purged'];

export class PartnerAdmin {
  private readonly records: PartnerRecords;

  constructor(
    private readonly db: Db,
    clock: Clock,
  ) {
    this.records = new PartnerRecords(db, clock);
  }

  async list(q: string, status: string): Promise<Array<Partner & { keys: number }>> {
    const query = this.db('partners as p')
      .select('p.*')
      .select(this.db.raw('(select count(*) from api_keys k where k.partner_id = p.id and k.revoked_at is null) as keys'))
      .orderBy('p.name')
      .limit(500);
    // ESCAPE spelled out: SQLite has no default escape character for LIKE.
    if (q) query.whereRaw("lower(p.name) like ? escape '\\'", [`%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
    if (status) query.where('p.status', status);
    const rows = (await query) as Array<Partner & { keys: number | string }>;
    return rows.map((r) => ({ ...r, keys: Number(r.keys) }));
  }

  setStatus(id: string, status: PartnerStatus): Promise<boolean> {
    return this.records.setStatus(id, status);
  }

  /** Revokes every live key of the partner and issues one new key, shown once. */
  rotateKey(partnerId: string): Promise<string> {
    return this.records.rotateKeys(partnerId);
  }

  keys(
    partnerId: string,
  ): Promise<
    Array<{ id: number; name: string; key_prefix: string; created_at: number; last_used_at: number | null; revoked_at: number | null }>
  > {
    return this.db('api_keys')
      .select('id', 'name', 'key_prefix', 'created_at', 'last_used_at', 'revoked_at')
      .where({ partner_id: partnerId })
      .orderBy('id', 'desc')
      .limit(50);
  }

  /** Started (every registration) and completed, overall and by state; uses the partner index. */
  async numbers(partnerId: string): Promise<PartnerNumbers> {
    const rows = (await this.db('registrations')
      .select('state_code', 'status')
      .count({ n: '*' })
      .where({ partner_id: partnerId })
      .groupBy('state_code', 'status')) as Array<{ state_code: string | null; status: string; n: number | string }>;
    const byState = new Map<string, { state: string; started: number; completed: number }>();
    let started = 0;
    let completed = 0;
    for (const r of rows) {
      const n = Number(r.n);
      const state = r.state_code ?? '—';
      const entry = byState.get(state) ?? { state, started: 0, completed: 0 };
      entry.started += n;
      started += n;
      if (COMPLETED.includes(r.status)) {
        entry.completed += n;
        completed += n;
      }
      byState.set(state, entry);
    }
    return { started, completed, byState: [...byState.values()].sort((a, b) => b.started - a.started || a.state.localeCompare(b.state)) };
  }
}
