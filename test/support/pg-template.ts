// One migrated PostgreSQL database per set of migrations, which every test database copies
// (CREATE DATABASE … TEMPLATE): the migrations then run once a suite, not once a test app. They
// were most of a PostgreSQL test app's cost (about 350 ms of 490 ms measured here on 2026-12-06;
// a copy takes about 20 ms), and the PostgreSQL suite makes hundreds of apps.
//
// Several test processes start at once (--test-concurrency), so the template is built under a
// PostgreSQL advisory lock and marked a template only when its migrations are complete: a run
// killed half-way leaves an unmarked database, which the next run drops and builds again. The
// name carries a digest of the compiled migrations, so a changed migration gets a new template.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { migrateLatest, openDb } from '../../server/db/connect.js';
import { projectPath } from '../../server/project-root.js';

const TEMPLATE_PREFIX = 'rollcall_tpl_';
/** Any fixed number: the advisory lock every test process takes to build the template. */
const TEMPLATE_LOCK = 72_410_615;

let template: Promise<string> | null = null;

/**
 * What follows `create database <name>` to copy the migrated template on the cluster at
 * `adminUrl` (built on first use in this process). FILE_COPY (PostgreSQL 15 and later) copies the
 * files instead of logging every page: about 20 ms against 55 ms on a cluster without fsync.
 */
export function fromMigratedTemplate(adminUrl: string): Promise<string> {
  template ??= buildTemplate(adminUrl);
  return template;
}

function migrationsDigest(): string {
  const dir = projectPath('dist', 'migrations');
  const hash = crypto.createHash('sha256');
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.js'))
    .sort()) {
    hash
      .update(name)
      .update('\0')
      .update(fs.readFileSync(path.join(dir, name)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

async function buildTemplate(adminUrl: string): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${migrationsDigest()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const ready = await admin.query('select 1 from pg_database where datname = $1 and datistemplate', [name]);
    if (ready.rowCount === 0) {
      // Earlier templates (other migrations, or this one left half-built) go first.
      const stale = await admin.query('select datname from pg_database where datname like $1', [`${TEMPLATE_PREFIX}%`]);
      for (const { datname } of stale.rows as { datname: string }[]) {
        await admin.query(`alter database ${datname} is_template false`);
        await admin.query(`drop database ${datname} with (force)`);
      }
      await admin.query(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = openDb({ databaseUrl: url.toString() });
      try {
        await migrateLatest(db);
      } finally {
        await db.destroy();
      }
      await admin.query(`alter database ${name} is_template true`);
    }
    const version = await admin.query<{ server_version_num: string }>('show server_version_num');
    return Number(version.rows[0]!.server_version_num) >= 150000 ? `template ${name} strategy file_copy` : `template ${name}`;
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => {});
    await admin.end();
  }
}
