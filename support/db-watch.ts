// Reads the registrations the load driver created straight from the database (read-only on
// SQLite, a plain client on PostgreSQL): when each was submitted and made durable, and how many
// jobs are still waiting. Polling the API instead would mint download links and add load.
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

export interface ReadyRow {
  uid: string;
  status: string;
  submitted_at: number;
  pdf_ready_at: number | null;
  pdf_key: string | null;
  pdf_sha256: string | null;
}

export interface DbWatch {
  rows(uids: string[]): Promise<ReadyRow[]>;
  /**
   * Job rows by status, with queued jobs not yet due (a voter's reminder days away) counted apart
   * as `scheduled`: they are waiting by design, so `queued` means due and not yet taken.
   */
  jobCounts(): Promise<Record<string, number>>;
  /** Registrations accepted but not yet pdf_ready. */
  backlog(): Promise<number>;
  /** Submitted registrations (accepted or pdf_ready) and API idempotency keys stored: with every
   *  request keyed, more registrations than keys means a retry made a duplicate. */
  keyCounts(): Promise<{ registrations: number; keys: number }>;
  /** The registration uid each stored idempotency key (by sha256 of the key) points to. */
  uidsByKeyHash(hashes: string[]): Promise<Map<string, string>>;
  /** PDF render jobs running under a lease whose holder's id contains `fragment` (a runner id is host:pid:random). */
  runningBy(fragment: string): Promise<number>;
  close(): Promise<void>;
}

/** Job rows by status at `now`; queued jobs due later are `scheduled` (see DbWatch.jobCounts). */
export async function jobCountsIn(db: Knex, now: number): Promise<Record<string, number>> {
  const rows = (await db('jobs')
    .select(db.raw("case when status = 'queued' and run_at > ? then 'scheduled' else status end as state", [now]))
    .count({ n: '*' })
    .groupByRaw('1')) as Array<{ state: string; n: number | string }>;
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

/** Waits (polling every 250 ms, at most `timeoutMs`) until no job is due or running: the queue's work is done. */
export async function waitForJobs(
  watch: DbWatch,
  timeoutMs: number,
): Promise<{ settled: boolean; ms: number; jobs: Record<string, number> }> {
  const start = Date.now();
  for (;;) {
    const jobs = await watch.jobCounts();
    if (!jobs.queued && !jobs.running) return { settled: true, ms: Date.now() - start, jobs };
    if (Date.now() - start > timeoutMs) return { settled: false, ms: Date.now() - start, jobs };
    await new Promise((r) => setTimeout(r, 250));
  }
}

function watch(db: Knex): DbWatch {
  return {
    async rows(uids) {
      const out: ReadyRow[] = [];
      for (let i = 0; i < uids.length; i += 500) {
        out.push(
          ...((await db('registrations')
            .select('uid', 'status', 'submitted_at', 'pdf_ready_at', 'pdf_key', 'pdf_sha256')
            .whereIn('uid', uids.slice(i, i + 500))) as ReadyRow[]),
        );
      }
      return out;
    },
    async jobCounts() {
      return jobCountsIn(db, Date.now());
    },
    async backlog() {
      const row = (await db('registrations').where('status', 'accepted').count({ n: '*' }).first()) as { n: number | string } | undefined;
      return Number(row?.n ?? 0);
    },
    async keyCounts() {
      const regs = (await db('registrations').whereIn('status', ['accepted', 'pdf_ready']).count({ n: '*' }).first()) as
        { n: number | string } | undefined;
      const keys = (await db('idempotency_keys').count({ n: '*' }).first()) as { n: number | string } | undefined;
      return { registrations: Number(regs?.n ?? 0), keys: Number(keys?.n ?? 0) };
    },
    async uidsByKeyHash(hashes) {
      const out = new Map<string, string>();
      for (let i = 0; i < hashes.length; i += 500) {
        const rows = (await db('idempotency_keys as k')
          .join('registrations as r', 'r.id', 'k.registration_id')
          .select('k.key_hash', 'r.uid')
          .whereIn('k.key_hash', hashes.slice(i, i + 500))) as Array<{ key_hash: string; uid: string }>;
        for (const r of rows) out.set(r.key_hash, r.uid);
      }
      return out;
    },
    async runningBy(fragment) {
      // Render jobs only: the kill tests follow PDFs through a redo; a voter's mail job held by the killed node is not one.
      const row = (await db('jobs')
        .where({ status: 'running', kind: 'render_pdf' })
        .andWhere('locked_by', 'like', `%${fragment}%`)
        .count({ n: '*' })
        .first()) as { n: number | string } | undefined;
      return Number(row?.n ?? 0);
    },
    async close() {
      await db.destroy();
    },
  };
}

/** Read-only on the server's SQLite file (WAL lets a reader in beside the writer). */
export function watchSqlite(file: string): DbWatch {
  return watch(
    knexFactory({
      client: 'better-sqlite3',
      connection: { filename: file, options: { readonly: true } },
      useNullAsDefault: true,
      pool: { min: 1, max: 1 },
    }),
  );
}

export function watchPostgres(url: string): DbWatch {
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  return watch(knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 2 } }));
}

/** Waits (polling every 250 ms, at most `timeoutMs`) until no registration is left in `accepted`. */
export async function waitForDrain(
  watch: DbWatch,
  timeoutMs: number,
  onTick?: (backlog: number) => void,
): Promise<{ drained: boolean; ms: number }> {
  const start = Date.now();
  for (;;) {
    const n = await watch.backlog();
    onTick?.(n);
    if (n === 0) return { drained: true, ms: Date.now() - start };
    if (Date.now() - start > timeoutMs) return { drained: false, ms: Date.now() - start };
    await new Promise((r) => setTimeout(r, 250));
  }
}
