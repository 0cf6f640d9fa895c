// A dump of every table, to prove a refused request changed nothing. Rate-limit counters are left
// out (counting a refused request is their job), and so is a session's last-seen time.
import type { Db } from '../../../server/db/connect.js';

const IGNORED_TABLES = new Set(['rate_limits', 'storage_samples']);

async function tableNames(db: Db): Promise<string[]> {
  if (db.client.config.client === 'pg') {
    const res = (await db.raw('select tablename from pg_tables where schemaname = current_schema()')) as {
      rows: Array<{ tablename: string }>;
    };
    return res.rows.map((r) => r.tablename);
  }
  const rows = (await db.raw("select name from sqlite_master where type = 'table'")) as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

export async function snapshot(db: Db): Promise<string> {
  const out: Record<string, unknown[]> = {};
  for (const name of (await tableNames(db))
    .filter((n) => !IGNORED_TABLES.has(n) && !n.startsWith('knex_') && !n.startsWith('sqlite_'))
    .sort()) {
    const rows = (await db(name).select('*')) as Array<Record<string, unknown>>;
    out[name] = rows
      .map((r) => {
        const { last_seen_at: _seen, ...rest } = r;
        return JSON.stringify(rest, Object.keys(rest).sort());
      })
      .sort();
  }
  return JSON.stringify(out);
}
