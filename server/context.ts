// The composition root: builds every service the app needs from configuration, once, grouped by
// the folder that owns it. main.ts uses it for the real process, tests use it with an in-memory
// database and temporary volumes; nothing global. Routers receive only the services they use
// (app.ts), and no route file constructs one (lint). main.ts starts the background work;
// close() stops it in the reverse order and waits for work in flight.
import fs from 'node:fs';
import { createStorage, type ReplicatedStorage, type StorageOptions } from '@rollcall/storage';
import { offsetFileClock, systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { migrateLatest, openConfiguredDb, type Db } from './db/connect.js';
import { GroupCommit } from './db/group-commit.js';
import { JobQueue } from './jobs/queue.js';
import { JobRunner } from './jobs/runner.js';
import type { Logger } from './logger.js';
import { PartnerRecords } from './partners/partner-records.js';
import { Webhooks } from './partners/webhooks.js';
import { createPdfRenderer } from './pdf/pool.js';
import { DownloadLinks } from './registrations/download-links.js';
import { PdfService } from './registrations/pdf-service.js';
import { rowRenderer, type PdfRenderer } from './registrations/row-renderer.js';
import { fingerprintKeyFrom, IdempotencyKeys } from './registrations/idempotency.js';
import { RegistrationService } from './registrations/service.js';
import { resolveAppKeys } from './security/app-key.js';
import { createBlobCipher } from './security/blob-cipher.js';
import { createFieldCipher, type FieldCipher } from './security/field-cipher.js';
import { PdfCatalog } from './storage-host/pdf-catalog.js';
import { DbRepairQueue } from './storage-host/repair-queue.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { createDrain } from './http/drain.js';
import { CsrfTokens } from './http/csrf.js';
import { SecurityLog } from './http/security-log.js';
import { RateLimiter, rateLimitKeyFrom } from './http/rate-limit.js';
import { Locks } from './jobs/locks.js';
import { Maintenance } from './jobs/maintenance.js';
import { Purger } from './privacy/retention-purge.js';
import { Sessions } from './auth/sessions.js';
import { Users } from './auth/users.js';
import { PasswordResets } from './auth/password-resets.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { AccountNotices } from './mail/account-notice.js';
import { VoterMail } from './mail/voter-mail.js';
import { PrintQueue } from './print/print-queue.js';
import { MailLinks } from './mail/mail-links.js';
import { FOLLOW_UP_EVERY_MS, VoterMailSender, voterMailKeyFrom } from './mail/voter-mail-sender.js';
import { InFlight } from './jobs/in-flight.js';
import { WakeUp } from './jobs/wake-up.js';
import { AuditLog } from './admin/audit.js';
import { ElectionOffices } from './offices/offices.js';
import { PartnerAdmin } from './admin/partner-admin.js';
import { SampleRecorder } from './admin/storage-samples.js';
import { Totp } from './auth/totp.js';
import { SecurityKeys } from './auth/security-keys.js';
import { VerifyTasks } from './admin/verify-task.js';
import { PartnerLogos } from './partners/logo-store.js';
import { PartnerQuestions } from './partners/questions.js';
import { PartnerReports } from './partners/partner-reports.js';
import { SurveyRecords } from './registrations/survey-records.js';

export type AppContext = Awaited<ReturnType<typeof buildContext>>;

export interface ContextOverrides {
  db?: Db;
  clock?: Clock;
  renderer?: PdfRenderer;
  /** Extra storage options (timings, fault switches) for tests and drills. */
  storageOptions?: Partial<StorageOptions>;
}

export async function buildContext(config: Config, logger: Logger, overrides: ContextOverrides = {}) {
  const clock: Clock = overrides.clock ?? (config.testClockFile ? offsetFileClock(config.testClockFile) : systemClock);
  const db: Db = overrides.db ?? openConfiguredDb(config);
  await migrateLatest(db);
  // The embedded default's two volumes are plain directories we own; real mount points are never created here.
  if (config.defaultVolumes) for (const v of config.storageVolumes) for (const p of v.paths) fs.mkdirSync(p, { recursive: true });
  // APP_KEY signs and seals everything new; APP_KEY_PREVIOUS (a rotation) only opens and verifies.
  const { current: appKey, previous: previousKeys } = resolveAppKeys(config, (msg) => logger.warn(msg));
  const metrics: Metrics = createMetrics();
  const cipher: FieldCipher = createFieldCipher(appKey, previousKeys);
  /** In-process work no request waits for (mail, storage samples, an admin verify): close() waits for it. */
  const background = new InFlight();
  /** The process's one group commit: small writes of concurrent requests and jobs share a transaction (one fsync). */
  const commits = new GroupCommit(db);
  const queue = new JobQueue(db, clock, commits);
  const enqueued = new WakeUp();
  // Built before the registration service: a voter's step schedules the follow-up in its own transaction.
  const voterMail = new VoterMail(queue, clock, config.voterMail);
  const registrations = new RegistrationService(
    db,
    commits,
    queue,
    cipher,
    clock,
    new IdempotencyKeys(fingerprintKeyFrom(appKey), previousKeys.map(fingerprintKeyFrom)),
    voterMail,
    config.followUpDelayMs,
    () => enqueued.ring(),
  );
  // What storage needs to re-render a lost PDF needs no storage: built first, so nothing is built late.
  const renderer = overrides.renderer ?? createPdfRenderer({ threads: config.pdfThreads });
  const audit = new AuditLog(db, clock);
  /** County and town election offices (data in the repository) with admins' corrections (database). */
  const offices = new ElectionOffices(db, clock, audit);
  const renderRow = rowRenderer(
    renderer,
    (row) => registrations.idNumberOf(row),
    (row) => offices.officeFor(row),
  );
  const repairs = new DbRepairQueue(db, clock);
  // Voters' PDFs are sealed on the storage volumes (ASVS 6.1.1); partner logos stay plain.
  const blobs = createBlobCipher(appKey, previousKeys);
  const catalog = new PdfCatalog(db, registrations.store, renderRow, blobs);
  const storage: ReplicatedStorage = createStorage({
    volumes: config.storageVolumes,
    writeQuorum: config.storageWriteQuorum,
    minFreeBytes: config.storageMinFreeBytes,
    tempMaxAgeMs: config.storageTempMaxAgeMs,
    sweepIntervalMs: config.storageSweepIntervalMs,
    faultControlFile: config.storageFaultsFile,
    repairQueue: repairs,
    catalog,
    logger: logger.child({ component: 'storage' }),
    onEvent: metrics.onStorageEvent,
    ...overrides.storageOptions,
  });
  const pdfs = new PdfService(registrations, renderRow, storage, clock, logger, blobs);
  // Partner webhooks ride on the render job (completed when it is taken, pdf_ready with its commit).
  const webhooks = new Webhooks(db, queue, cipher, clock, logger.child({ component: 'webhooks' }), {
    allowHttp: config.webhookAllowHttp,
    allowPrivate: config.webhookAllowPrivate,
  });
  const mailLinks = new MailLinks(db, commits, clock, config.voterMail.linkTtlMs, registrations.store, voterMail);
  const mail = createMailer(config, logger.child({ component: 'mail' }));
  const voterMailSender = new VoterMailSender({
    db,
    clock,
    voterMail,
    links: mailLinks,
    registrations,
    mailer: mail,
    baseUrl: config.baseUrl,
    mailKey: voterMailKeyFrom(appKey),
    previousMailKeys: previousKeys.map(voterMailKeyFrom),
    logger: logger.child({ component: 'voter-mail' }),
    offices,
  });
  // Mail to a staff or partner user about their own account (password, second factor, a replayed
  // code): queued by the action, sent by the runner (mail/account-notice.ts).
  const accountNotices = new AccountNotices({
    db,
    clock,
    queue,
    wake: () => enqueued.ring(),
    mailer: mail,
    baseUrl: config.baseUrl,
    logger: logger.child({ component: 'account-notice' }),
  });
  const runner = new JobRunner(
    queue,
    {
      // The PDF ready schedules the voter's confirmation and reminders in the same commit.
      render_pdf: voterMail.aroundRender(webhooks.aroundRender((job) => pdfs.runRenderJob(job))),
      deliver_webhook: (job) => webhooks.deliver(job),
      send_voter_mail: voterMailSender.handle,
      send_account_notice: accountNotices.handle,
    },
    logger.child({ component: 'jobs' }),
    {
      // Webhook deliveries have slots of their own: a partner's receiver that answers slowly (up
      // to a delivery's deadline) holds one of those, never one that renders a voter's PDF.
      lanes: [
        { name: 'voters', kinds: ['render_pdf', 'send_voter_mail', 'send_account_notice'], concurrency: config.jobWorkers },
        { name: 'webhooks', kinds: ['deliver_webhook'], concurrency: config.webhookWorkers },
      ],
      leaseMs: config.jobLeaseMs,
      onDead: { send_voter_mail: voterMailSender.onDead },
    },
  );
  enqueued.listen(() => runner.nudge());
  const links = new DownloadLinks(db, clock, config.pdfLinkTtlMinutes * 60_000, cipher);
  const partners = new PartnerRecords(db, clock);
  const security = new SecurityLog(logger.child({ component: 'security' }));
  const limiter = new RateLimiter(db, clock, commits, rateLimitKeyFrom(appKey), security);
  const sessions = new Sessions(db, clock, config.baseUrl.startsWith('https:'), config.partnerSessionIdleMs);
  const users = new Users(db, clock);
  const passwordResets = new PasswordResets(db, clock, users, sessions);
  const purger = new Purger(db, registrations.store, storage, clock, config.retentionDays, logger.child({ component: 'purge' }), queue);
  const maintenance = new Maintenance(
    new Locks(db, clock),
    [
      { name: 'purge', run: () => purger.run({ dryRun: false }) },
      // A storage outage longer than a render job's retries left it dead: once storage can take
      // writes again, the voter's PDF is made after all (their page has kept offering it meanwhile).
      { name: 'dead renders', run: async () => (storage.health().hasWriteQuorum ? queue.requeueDead('render_pdf') : 0) },
      { name: 'expired links', run: () => links.sweep() },
      { name: 'rate-limit windows', run: () => limiter.sweep(60 * 60_000) },
      { name: 'expired sessions', run: () => sessions.sweep() },
      { name: 'expired password resets', run: () => passwordResets.sweep() },
      { name: 'voter mail records', run: async () => (await mailLinks.sweep()) + (await voterMail.sweepFollowUps(db, FOLLOW_UP_EVERY_MS)) },
    ],
    logger.child({ component: 'maintenance' }),
  );
  // A reset mail is sent after the page is answered: tracked, so a shutdown lets it finish.
  const mailer: Mailer = { send: (message) => background.track(mail.send(message)) };
  const adminLogger = logger.child({ component: 'admin' });
  const samples = new SampleRecorder(db, storage, clock, adminLogger, background);

  return {
    config,
    logger,
    clock,
    db,
    commits,
    cipher,
    /** The replicated PDF and logo store (storage/); its probes, repairer and sweeper stop in close(). */
    storage,
    background,
    storageHost: { repairs, catalog },
    jobs: { queue, runner, maintenance },
    registrations: { service: registrations, pdfs, links, surveys: new SurveyRecords(db, cipher) },
    /** The voter's own election office (server/offices/): the PDF, the end page, the confirmation email. */
    offices,
    partners: {
      store: partners,
      logos: new PartnerLogos(db, storage, logger),
      questions: new PartnerQuestions(db, clock),
      reports: new PartnerReports(db, registrations.store),
      webhooks,
      /** The partner users' second factor (the staff one is admin.totp). */
      totp: new Totp(db, cipher, clock, 'Rollcall partner'),
    },
    auth: {
      users,
      sessions,
      passwordResets,
      /** Security keys and passkeys, the other second factor of staff and partner users (beside TOTP). */
      securityKeys: new SecurityKeys(db, clock, sessions, config.baseUrl, 'Rollcall'),
    },
    admin: {
      audit,
      totp: new Totp(db, cipher, clock, 'Rollcall admin'),
      partners: new PartnerAdmin(db, clock),
      verifyTasks: new VerifyTasks(db, storage, catalog, clock, adminLogger, background),
      samples,
    },
    http: { metrics, csrf: new CsrfTokens(appKey, clock, previousKeys), limiter, security, drain: createDrain() },
    mail: {
      /** Sends a message after the page is answered (password resets): tracked, so a shutdown lets it finish. */
      transport: mailer,
      /** Mail to voters: scheduled with the change that calls for it, sent by the send_voter_mail job. */
      voter: voterMail,
      /** The email link page's tokens and the voter's answers there ("I mailed it", stop). */
      links: mailLinks,
      /** The send_voter_mail job's handler: send-time checks, the message, the record. */
      sender: voterMailSender,
      /** Mail to a staff or partner user after a change to how they sign in: queued, sent by the send_account_notice job. */
      notices: accountNotices,
    },
    /** The print queue: voters' requests for a printed form, batches, mailed (print/). */
    print: new PrintQueue(db, clock, voterMail, cipher, registrations.store),
    privacy: { purger },
    /**
     * Stops everything main.ts started, in the reverse order (maintenance, jobs, storage samples),
     * waits for in-process work, then closes what buildContext opened (storage with its probes,
     * repairer and sweeper; the renderer pool; the database).
     */
    async close(): Promise<void> {
      await maintenance.stop();
      await runner.stop();
      samples.stop();
      await background.settled();
      await storage.close();
      await renderer.close();
      await db.destroy();
    },
  };
}
