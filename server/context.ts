// Builds every service the app needs from configuration. main.ts uses it for the real process,
// tests use it with an in-memory database and temporary volumes; nothing global.
import fs from 'node:fs';
import path from 'node:path';
import { createStorage, type ReplicatedStorage } from '../storage/index.js';
import type { StorageOptions } from '../storage/options.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { migrateLatest, openDb, type Db } from './db/connect.js';
import { GroupCommit } from './db/group-commit.js';
import { JobQueue } from './jobs/queue.js';
import { JobRunner } from './jobs/runner.js';
import type { Logger } from './logger.js';
import { PartnerRecords } from './partners/partner-records.js';
import { Webhooks } from './partners/webhooks.js';
import { createPdfRenderer } from './pdf/pool.js';
import { DownloadLinks } from './registrations/download-links.js';
import { PdfService, type PdfRenderer } from './registrations/pdf-service.js';
import { fingerprintKeyFrom, IdempotencyKeys } from './registrations/idempotency.js';
import { RegistrationService } from './registrations/service.js';
import { resolveAppKey } from './security/app-key.js';
import { createFieldCipher, type FieldCipher } from './security/field-cipher.js';
import { PdfCatalog } from './storage-host/pdf-catalog.js';
import { DbRepairQueue } from './storage-host/repair-queue.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { CsrfTokens } from './http/csrf.js';
import { RateLimiter } from './http/rate-limit.js';
import { Locks } from './jobs/locks.js';
import { Maintenance } from './jobs/maintenance.js';
import { Purger } from './privacy/purge.js';
import { Sessions } from './auth/sessions.js';
import { Users } from './auth/users.js';
import { PasswordResets } from './auth/password-resets.js';
import { createMailer, type Mailer } from './mail/mailer.js';

export interface AppContext {
  config: Config;
  db: Db;
  /** The process's one group commit: small writes of concurrent requests and jobs share a transaction (one fsync). */
  commits: GroupCommit;
  clock: Clock;
  logger: Logger;
  storage: ReplicatedStorage;
  queue: JobQueue;
  jobs: JobRunner;
  registrations: RegistrationService;
  pdfs: PdfService;
  links: DownloadLinks;
  partners: PartnerRecords;
  repairs: DbRepairQueue;
  metrics: Metrics;
  csrf: CsrfTokens;
  limiter: RateLimiter;
  purger: Purger;
  users: Users;
  sessions: Sessions;
  /** Seals sensitive fields at rest (ID numbers, TOTP secrets) with APP_KEY. */
  cipher: FieldCipher;
  maintenance: Maintenance;
  mailer: Mailer;
  passwordResets: PasswordResets;
  close(): Promise<void>;
}

export interface ContextOverrides {
  db?: Db;
  clock?: Clock;
  renderer?: PdfRenderer;
  /** Extra storage options (timings, fault switches) for tests and drills. */
  storageOptions?: Partial<StorageOptions>;
}

export async function buildContext(config: Config, logger: Logger, overrides: ContextOverrides = {}): Promise<AppContext> {
  const clock = overrides.clock ?? systemClock;
  const db = overrides.db ?? openDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'rollcall.sqlite3') });
  await migrateLatest(db);
  // The embedded default's two volumes are plain directories we own; real mount points are never created here.
  if (config.defaultVolumes) for (const v of config.storageVolumes) for (const p of v.paths) fs.mkdirSync(p, { recursive: true });
  const appKey = resolveAppKey(config.appKey, config.dataDir, (msg) => logger.warn(msg));
  const metrics = createMetrics();
  const commits = new GroupCommit(db);
  const queue = new JobQueue(db, clock, commits);
  const repairs = new DbRepairQueue(db, clock);
  // Storage needs the catalog (to re-render lost PDFs) and the PDF service needs storage: the
  // catalog and the registration service reach the later-built services through `late`.
  const late: { pdfs?: PdfService; jobs?: JobRunner } = {};
  const storage = createStorage({
    volumes: config.storageVolumes,
    writeQuorum: config.storageWriteQuorum,
    minFreeBytes: config.storageMinFreeBytes,
    tempMaxAgeMs: config.storageTempMaxAgeMs,
    sweepIntervalMs: config.storageSweepIntervalMs,
    faultControlFile: config.storageFaultsFile,
    repairQueue: repairs,
    catalog: new PdfCatalog(db, () => late.pdfs!),
    logger: logger.child({ component: 'storage' }),
    onEvent: metrics.onStorageEvent,
    ...overrides.storageOptions,
  });
  const renderer = overrides.renderer ?? createPdfRenderer({ threads: config.pdfThreads });
  const cipher = createFieldCipher(appKey);
  const registrations = new RegistrationService(db, commits, queue, cipher, clock, new IdempotencyKeys(fingerprintKeyFrom(appKey)), () => late.jobs?.nudge());
  const pdfs = (late.pdfs = new PdfService(registrations, renderer, storage, clock, logger));
  // Partner webhooks ride on the render job (completed when it is taken, pdf_ready with its commit).
  const webhooks = new Webhooks(db, queue, cipher, clock, logger.child({ component: 'webhooks' }), { allowHttp: config.webhookAllowHttp, allowPrivate: config.webhookAllowPrivate });
  const jobs = (late.jobs = new JobRunner(queue, { render_pdf: webhooks.aroundRender((job) => pdfs.runRenderJob(job)), deliver_webhook: (job) => webhooks.deliver(job) }, logger.child({ component: 'jobs' }), { concurrency: config.jobWorkers, leaseMs: config.jobLeaseMs }));
  const links = new DownloadLinks(db, clock, config.pdfLinkTtlMinutes * 60_000);
  const partners = new PartnerRecords(db, clock);
  const limiter = new RateLimiter(db, clock, commits);
  const sessions = new Sessions(db, clock, config.baseUrl.startsWith('https:'));
  const users = new Users(db, clock);
  const passwordResets = new PasswordResets(db, clock, users, sessions);
  const purger = new Purger(db, storage, clock, config.retentionDays, logger.child({ component: 'purge' }));
  const maintenance = new Maintenance(
    new Locks(db, clock),
    [
      { name: 'purge', run: () => purger.run({ dryRun: false }) },
      { name: 'expired links', run: () => links.sweep() },
      { name: 'rate-limit windows', run: () => limiter.sweep(60 * 60_000) },
      { name: 'expired sessions', run: () => sessions.sweep() },
      { name: 'expired password resets', run: () => passwordResets.sweep() },
    ],
    logger.child({ component: 'maintenance' }),
  );
  return {
    config, db, commits, clock, logger, storage, queue, jobs, registrations, pdfs, links, partners, repairs, metrics,
    csrf: new CsrfTokens(appKey, clock),
    limiter,
    purger,
    users,
    sessions,
    mailer: createMailer(config, logger.child({ component: 'mail' })),
    passwordResets,
    cipher,
    maintenance,
    async close() {
      await maintenance.stop();
      await jobs.stop();
      await storage.close();
      await renderer.close();
      await db.destroy();
    },
  };
}
