// Opens the database: SQLite in DATA_DIR by default, PostgreSQL when DATABASE_URL is set.
// Both run the same knex migrations from migrations/.
import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { projectPath } from '../project-root.js';
import { cachePreparedStatements } from './statement-cache.js';

export type Db = Knex;

export interface DbOptions {
  databaseUrl?: string;
  /** SQLite file path; ':memory:' for tests. */
  sqliteFile?: string;
}

/** The SQLite file in DATA_DIR, used when DATABASE_URL is not set: the one place its name is written. */
export function sqliteFileIn(dataDir: string): string {
  return path.join(dataDir, 'rollcall.sqlite3');
}

/** The database the configuration names: PostgreSQL at DATABASE_URL, else SQLite in DATA_DIR. */
export function openConfiguredDb(config: { databaseUrl?: string; dataDir: string }): Db {
  return openDb({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileIn(config.dataDir) });
}

/** For a one-shot command: the configured database, migrated, and closed after `work` whatever happens. */
export async function withConfiguredDb<T>(config: { databaseUrl?: string; dataDir: string }, work: (db: Db) => Promise<T>): Promise<T> {
  const db = openConfiguredDb(config);
  try {
    await migrateLatest(db);
    return await work(db);
  } finally {
    await db.destroy();
  }
}

export function openDb(options: DbOptions): Db {
  if (options.databaseUrl) {
    // bigint (our epoch-millisecond times) arrives as a string by default; ours fit a JS number.
    pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
    return knexFactory({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 10 } });
  }
  const file = options.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    // One connection: better-sqlite3 is synchronous, and one writer avoids SQLITE_BUSY inside a process.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { pragma(sql: string): unknown; prepare(sql: string): unknown }, done: (err: Error | null, conn: unknown) => void) {
        conn.pragma('journal_mode = WAL');
        // FULL: a registration the voter was told is accepted survives a power cut, not just a crash.
        conn.pragma('synchronous = FULL');
        conn.pragma('busy_timeout = 5000');
        conn.pragma('foreign_keys = ON');
        // Deleted and overwritten content is zeroed in the page, so a purged voter's data is not
        // left readable in free space (retention-purge.ts also checkpoints the WAL after a purge).
        conn.pragma('secure_delete = ON');
        cachePreparedStatements(conn);
        done(null, conn);
      },
    },
  });
}

export async function migrateLatest(db: Db): Promise<void> {
  await db.migrate.latest({
    directory: projectPath('dist', 'migrations'),
    loadExtensions: ['.js'],
  });
}

/** The readiness check: the database answers a trivial query (throws when it does not). */
export async function ping(db: Db): Promise<void> {
  await db.raw('select 1');
}

export function isPostgres(db: Db): boolean {
  return db.client.config.client === 'pg';
}
