// A partner's reports, always scoped to that partner: the dashboard's numbers (the funnel by step,
// started vs completed by day, and by state) and the CSV export's rows (csv-export.ts formats
// them). Plain SQL that runs on SQLite and PostgreSQL; the only place partner reports query.
import type { Db } from '../db/connect.js';
import type { RegistrationRecords } from '../registrations/registration-records.js';
import { STEPS } from '../voter/steps.js';
import { listedInPartnerExport } from './partner-access.js';

export const DAY_MS = 86_400_000;

export interface Range {
  /** Inclusive start, epoch ms at 00:00 UTC. */
  from: number;
  /** Exclusive end, epoch ms at 00:00 UTC of the day after the last day. */
  until: number;
}

export interface FunnelStep {
  step: string;
  reached: number;
}

export interface DayCount {
  day: string; // YYYY-MM-DD (UTC)
  started: number;
  completed: number;
}

export interface StateCount {
  state: string;
  started: number;
  completed: number;
  /** Went on to the state's own online registration through Rollcall's link (Rocky's "finished with state"). */
  finishedWithState: number;
}

const COMPLETED = 'case when submitted_at is not null then 1 else 0 end';
// Counted on its own, as Rocky counts `finish_with_state`: a voter who followed the link may also
// have completed the paper form; both are counted.
const FINISHED_WITH_STATE = 'case when finished_with_state_at is not null then 1 else 0 end';

/** One registration as the CSV export reads it. */
export interface ExportRow {
  id: number;
  uid: string;
  created_at: number;
  status: string;
  submitted_at: number | null;
  lang: string;
  source: string | null;
  tracking: string | null;
  utm: string | null;
  answers: string;
  state_code: string | null;
  finished_with_state_at: number | null;
}

export class PartnerReports {
  constructor(
    private readonly db: Db,
    /** The registrations table's owner opens each exported row (personal data is sealed at rest). */
    private readonly records: Pick<RegistrationRecords, 'open'>,
  ) {}

  private scoped(partnerId: string, range: Range) {
    return this.db('registrations')
      .where('partner_id', partnerId)
      .andWhere('created_at', '>=', range.from)
      .andWhere('created_at', '<', range.until);
  }

  /** The CSV export's registrations in the range (those partner-access lists), keyset-paginated on id (rows after `after`, at most `limit`). */
  async exportPage(partnerId: string, range: Range, after: number, limit: number): Promise<ExportRow[]> {
    const rows = (await listedInPartnerExport(this.db('registrations'))
      .select(
        'id',
        'uid',
        'created_at',
        'status',
        'submitted_at',
        'lang',
        'source',
        'tracking',
        'utm',
        'answers',
        'state_code',
        'finished_with_state_at',
      )
      .where('partner_id', partnerId)
      .andWhere('created_at', '>=', range.from)
      .andWhere('created_at', '<', range.until)
      .andWhere('id', '>', after)
      .orderBy('id')
      .limit(limit)) as ExportRow[];
    return rows.map((r) => this.records.open(r));
  }

  /** How many registrations reached each step (a completed one reached every step). */
  async funnel(
    partnerId: string,
    range: Range,
  ): Promise<{ started: number; completed: number; finishedWithState: number; steps: FunnelStep[] }> {
    const rows = (await this.scoped(partnerId, range)
      .select('step')
      .select(this.db.raw(`sum(${COMPLETED}) as completed`))
      .select(this.db.raw(`sum(${FINISHED_WITH_STATE}) as finished`))
      .count({ n: '*' })
      .groupBy('step')) as Array<{ step: string; n: number | string; completed: number | string | null; finished: number | string | null }>;
    const atStep = new Map<number, number>();
    let started = 0;
    let completed = 0;
    let finishedWithState = 0;
    for (const r of rows) {
      const n = Number(r.n);
      const done = Number(r.completed ?? 0);
      started += n;
      completed += done;
      finishedWithState += Number(r.finished ?? 0);
      // Rows still in progress sit at their step; completed rows passed every step.
      const index = STEPS.indexOf(r.step as (typeof STEPS)[number]);
      atStep.set(STEPS.length, (atStep.get(STEPS.length) ?? 0) + done);
      const open = n - done;
      const at = index >= 0 ? index : 0;
      atStep.set(at, (atStep.get(at) ?? 0) + open);
    }
    const steps: FunnelStep[] = STEPS.map((step, i) => {
      let reached = 0;
      for (const [at, n] of atStep) if (at >= i) reached += n;
      return { step, reached };
    });
    return { started, completed, finishedWithState, steps };
  }

  async byDay(partnerId: string, range: Range): Promise<DayCount[]> {
    const rows = (await this.scoped(partnerId, range)
      .select(this.db.raw(`cast(created_at / ${DAY_MS} as integer) as d`))
      .select(this.db.raw(`sum(${COMPLETED}) as completed`))
      .count({ n: '*' })
      .groupByRaw(`cast(created_at / ${DAY_MS} as integer)`)) as Array<{
      d: number | string;
      n: number | string;
      completed: number | string | null;
    }>;
    const byDay = new Map(rows.map((r) => [Number(r.d), r]));
    const out: DayCount[] = [];
    for (let d = Math.floor(range.from / DAY_MS); d < Math.floor(range.until / DAY_MS); d++) {
      const r = byDay.get(d);
      out.push({ day: new Date(d * DAY_MS).toISOString().slice(0, 10), started: Number(r?.n ?? 0), completed: Number(r?.completed ?? 0) });
    }
    return out;
  }

  async byState(partnerId: string, range: Range): Promise<StateCount[]> {
    const rows = (await this.scoped(partnerId, range)
      .whereNotNull('state_code')
      .select('state_code')
      .select(this.db.raw(`sum(${COMPLETED}) as completed`))
      .select(this.db.raw(`sum(${FINISHED_WITH_STATE}) as finished`))
      .count({ n: '*' })
      .groupBy('state_code')) as Array<{
      state_code: string;
      n: number | string;
      completed: number | string | null;
      finished: number | string | null;
    }>;
    return rows
      .map((r) => ({
        state: r.state_code,
        started: Number(r.n),
        completed: Number(r.completed ?? 0),
        finishedWithState: Number(r.finished ?? 0),
      }))
      .sort((a, b) => b.completed - a.completed || b.started - a.started || a.state.localeCompare(b.state));
  }
}

/** ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive, UTC), default the last 30 days; at most 366 days. */
/** Why the asked range was changed: a key under dashboard.rangeErrors in the partner locale. */
export type RangeProblem = 'format' | 'order' | 'tooLong';

export function parseRange(
  query: Record<string, unknown>,
  now: number,
): { range: Range; from: string; to: string; error: RangeProblem | null } {
  const day = (v: unknown): number | null =>
    typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))
      ? Date.parse(`${v}T00:00:00Z`)
      : null;
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  let from = day(query.from) ?? today - 29 * DAY_MS;
  let to = day(query.to) ?? today;
  let error: RangeProblem | null = null;
  if ((query.from && day(query.from) === null) || (query.to && day(query.to) === null)) error = 'format';
  if (to < from) {
    error = 'order';
    to = from;
  }
  if (to - from > 365 * DAY_MS) {
    error = 'tooLong';
    from = to - 365 * DAY_MS;
  }
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  return { range: { from, until: to + DAY_MS }, from: iso(from), to: iso(to), error };
}
