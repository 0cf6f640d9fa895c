// The crash test's invariants, checked on the stopped server's SQLite file and volume directories.
// Each check returns its violations (empty = holds), so the driver can also prove that a planted
// fault is caught (see plant.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import { jobCountsIn } from '../../../support/db-watch.js';
import { looksComplete, scratchFiles, storedKeys, type VolumeDirs } from './volumes.js';

export interface RegistrationRow {
  id: number;
  uid: string;
  status: string;
  pdf_key: string | null;
  pdf_sha256: string | null;
}

export interface Snapshot {
  rows: Map<string, RegistrationRow>;
  jobs: Record<string, number>;
  pendingRepairs: number;
  integrity: string;
}

/** Reads what the checks need from the database (read-only) and runs PRAGMA integrity_check. */
export async function snapshot(sqliteFile: string): Promise<Snapshot> {
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: sqliteFile, options: { readonly: true } },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  try {
    const integrity = ((await db.raw('PRAGMA integrity_check')) as Array<{ integrity_check: string }>)
      .map((r) => r.integrity_check)
      .join('; ');
    const rows = new Map<string, RegistrationRow>();
    for (const r of (await db('registrations').select('id', 'uid', 'status', 'pdf_key', 'pdf_sha256')) as RegistrationRow[])
      rows.set(r.uid, r);
    const jobs = await jobCountsIn(db, Date.now());
    const repairs = (await db('storage_repairs').count({ n: '*' }).first()) as { n: number } | undefined;
    return { rows, jobs, pendingRepairs: Number(repairs?.n ?? 0), integrity };
  } finally {
    await db.destroy();
  }
}

/** Polls the database (every 500 ms, at most `timeoutMs`) until no registration is waiting for its PDF, no job is due or running and no repair is pending. */
export async function waitForDrain(sqliteFile: string, timeoutMs: number): Promise<{ drained: boolean; ms: number; last: string }> {
  const started = Date.now();
  let last = '';
  for (;;) {
    const snap = await snapshot(sqliteFile);
    const backlog = [...snap.rows.values()].filter((r) => r.status === 'accepted').length;
    const { done: _done, scheduled: _scheduled, ...unfinished } = snap.jobs;
    const busy = Object.values(unfinished).reduce((a, b) => a + b, 0);
    last = `backlog ${backlog}, jobs ${JSON.stringify(unfinished)}, repairs ${snap.pendingRepairs}`;
    if (backlog === 0 && busy === 0 && snap.pendingRepairs === 0) return { drained: true, ms: Date.now() - started, last };
    if (Date.now() - started > timeoutMs) return { drained: false, ms: Date.now() - started, last };
    await new Promise((r) => setTimeout(r, 500));
  }
}

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Every registration the API answered 2xx is in the database and reached pdf_ready; the queue is empty. */
export function checkDatabase(snap: Snapshot, accepted: string[]): string[] {
  const problems: string[] = [];
  if (snap.integrity !== 'ok') problems.push(`PRAGMA integrity_check: ${snap.integrity}`);
  const lost = accepted.filter((uid) => !snap.rows.has(uid));
  if (lost.length) problems.push(`${lost.length} accepted registration(s) missing from the database: ${lost.slice(0, 5).join(', ')}`);
  const notReady = accepted
    .map((uid) => snap.rows.get(uid))
    .filter((r): r is RegistrationRow => !!r && (r.status !== 'pdf_ready' || !r.pdf_key || !r.pdf_sha256));
  if (notReady.length)
    problems.push(
      `${notReady.length} accepted registration(s) not pdf_ready: ${notReady
        .slice(0, 5)
        .map((r) => `${r.uid} (${r.status})`)
        .join(', ')}`,
    );
  // `scheduled`: voter reminders due days from now, waiting by design (support/db-watch.ts).
  const { done: _done, scheduled: _scheduled, ...unfinished } = snap.jobs;
  if (Object.values(unfinished).some((n) => n > 0)) problems.push(`jobs not done: ${JSON.stringify(unfinished)}`);
  if (snap.pendingRepairs > 0) problems.push(`${snap.pendingRepairs} storage repair(s) still pending`);
  return problems;
}

/**
 * Every pdf_ready registration's PDF is on every volume with the recorded sha256 and is a complete
 * PDF; and every file under a final name on any volume belongs to a registration and matches it
 * (no half-written PDF visible, nothing rendered twice into different bytes).
 */
export function checkVolumes(snap: Snapshot, volumes: VolumeDirs[]): { problems: string[]; files: number } {
  const problems: string[] = [];
  const byKey = new Map([...snap.rows.values()].filter((r) => r.pdf_key).map((r) => [r.pdf_key as string, r]));
  let files = 0;
  for (const v of volumes) {
    const bad: string[] = [];
    for (const r of snap.rows.values()) {
      if (r.status !== 'pdf_ready' || !r.pdf_key) continue;
      const file = path.join(v.root, r.pdf_key);
      if (!fs.existsSync(file)) bad.push(`${r.pdf_key} missing`);
    }
    for (const key of storedKeys(v)) {
      files++;
      const bytes = fs.readFileSync(path.join(v.root, key));
      const row = byKey.get(key);
      if (!looksComplete(bytes)) bad.push(`${key} is not a complete PDF (${bytes.length} bytes)`);
      else if (!row) bad.push(`${key} belongs to no registration`);
      else if (row.status === 'pdf_ready' && sha256(bytes) !== row.pdf_sha256) bad.push(`${key} differs from its recorded sha256`);
    }
    if (bad.length) problems.push(`volume ${v.name}: ${bad.length} bad: ${bad.slice(0, 5).join('; ')}`);
  }
  return { problems, files };
}

/** No scratch file is left on any volume. */
export function checkNoScratch(volumes: VolumeDirs[]): string[] {
  const left = scratchFiles(volumes);
  return left.length ? [`${left.length} temp file(s) left after the sweep: ${left.slice(0, 5).join(', ')}`] : [];
}
