// A whole Rollcall app for tests: in-memory SQLite, two temporary local volumes, the real
// renderer run in-thread (the pool has its own tests), no background timers, optional fake clock.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import type { Response } from 'supertest';
import { createApp } from '../../server/app.js';
import { FakeClock, type Clock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { buildContext, type AppContext } from '../../server/context.js';
import { openDb, type Db } from '../../server/db/connect.js';
import { createLogger } from '../../server/logger.js';
import { renderRegistrationPdf } from '../../server/pdf/render.js';
import { FaultSwitch, type StorageOptions } from '@rollcall/storage';

export interface TestApp {
  app: Express;
  /** A fault switch on every storage path (all clear): make a volume hang, fail or fill up. */
  faults: FaultSwitch[];
  ctx: AppContext;
  dir: string;
  clock: Clock;
  /**
   * The node restarted with other settings (`env` over the first ones: a new APP_KEY, say): this
   * app is closed, and a new one opens the same database, data directory and clock. The database
   * must outlive the first connection: SQLite in a file (`sqliteFile: true`) or PostgreSQL.
   */
  restart(env: Record<string, string>): Promise<TestApp>;
  close(): Promise<void>;
}

/**
 * In-memory SQLite by default; with TEST_DATABASE_URL=postgres://… each app gets a fresh
 * PostgreSQL database (dropped on close), so the same suite proves both.
 */
async function openTestDb(sqliteFile = ':memory:'): Promise<{ db: Db; reopen(): Db; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    return {
      db: openDb({ sqliteFile }),
      reopen() {
        if (sqliteFile === ':memory:') throw new Error('restart: an in-memory database dies with its app; use { sqliteFile: true }');
        return openDb({ sqliteFile });
      },
      drop: async () => {},
    };
  }
  const name = `rollcall_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = openDb({ databaseUrl: adminUrl });
  await admin.raw(`create database ${name}`);
  await admin.destroy();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    db: openDb({ databaseUrl: url.toString() }),
    reopen: () => openDb({ databaseUrl: url.toString() }),
    async drop() {
      const cleanup = openDb({ databaseUrl: adminUrl });
      try {
        // An autovacuum worker may be in the fresh database: FORCE may not end a superuser's
        // process (42501), and without it the database is in use (55006). It finishes within
        // moments, so try again for a while before calling it a failure.
        for (let attempt = 1; ; attempt++) {
          try {
            await cleanup.raw(`drop database if exists ${name} with (force)`);
            return;
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (attempt >= 50 || (code !== '42501' && code !== '55006')) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
      } finally {
        await cleanup.destroy();
      }
    },
  };
}

export const TEST_NOW = Date.UTC(2026, 9, 1, 15, 0, 0); // 1 October 2026

export interface TestAppOptions {
  clock?: Clock;
  env?: Record<string, string>;
  storageOptions?: Partial<StorageOptions>;
  logTo?: NodeJS.WritableStream;
  /** SQLite in a file (DATA_DIR/rollcall.sqlite) rather than in memory, for tests that read the file's bytes (or restart). */
  sqliteFile?: boolean;
}

export async function makeTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-test-'));
  const env = { APP_KEY: crypto.randomBytes(32).toString('base64'), ...options.env };
  const testDb = await openTestDb(options.sqliteFile ? path.join(dir, 'rollcall.sqlite') : undefined);
  return startTestApp(options, dir, env, options.clock ?? new FakeClock(TEST_NOW), testDb, testDb.db);
}

async function startTestApp(
  options: TestAppOptions,
  dir: string,
  env: Record<string, string>,
  clock: Clock,
  testDb: Awaited<ReturnType<typeof openTestDb>>,
  db: Db,
): Promise<TestApp> {
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    JOB_WORKERS: '0',
    // supertest connects from loopback; tests stand for other clients with X-Forwarded-For
    TRUSTED_PROXIES: 'loopback',
    BASE_URL: 'http://rollcall.test',
    ...env,
  });
  const faults = config.storageVolumes.flatMap((v) => v.paths).map(() => new FaultSwitch());
  const faultByPath = Object.fromEntries(config.storageVolumes.flatMap((v) => v.paths).map((p, i) => [p, faults[i]!]));
  const ctx = await buildContext(config, options.logTo ? createLogger('debug', options.logTo) : createLogger('silent'), {
    db,
    clock,
    renderer: { render: async (reg) => renderRegistrationPdf(reg), close: async () => {} },
    storageOptions: { probeIntervalMs: 0, repairIntervalMs: 0, minFreeBytes: 0, faults: faultByPath, ...options.storageOptions },
  });
  // The storage page's samples are the only background work tests want (a subscriber, no timer);
  // main.ts starts it with the job runner and maintenance loop, which tests drive by hand.
  await ctx.storage.probeNow();
  ctx.admin.samples.start();
  let closed = false;
  return {
    app: createApp(ctx),
    faults,
    ctx,
    dir,
    clock,
    async restart(more) {
      const db = testDb.reopen();
      closed = true;
      await ctx.close();
      return startTestApp(options, dir, { ...env, ...more }, clock, testDb, db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await ctx.close();
      await testDb.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A complete, valid API body for a California voter; override any field. */
export function apiBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    lang: 'en',
    email: 'maria.garcia@example.org',
    dateOfBirth: '1990-04-28',
    usCitizen: true,
    eighteenByElectionDay: true,
    firstName: 'Maria',
    lastName: 'Garcia',
    homeAddress: { street: '1500 11th Street', city: 'Sacramento', state: 'CA', zip: '95814' },
    idNumber: 'D1234567',
    party: 'democratic',
    race: 'hispanic',
    attest: true,
    ...overrides,
  };
}

/** supertest body parser that keeps a response's bytes as one Buffer (PDFs, ZIPs, images). */
export function binaryBody(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
