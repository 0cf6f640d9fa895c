// One zod schema for every setting. Boot validates the whole environment at once and reports
// every bad variable in one message, so an operator fixes them in one go.
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { VOLUME_NAME_PATTERN, VOLUME_NAME_RULE } from '@rollcall/storage';

const volumeSchema = z.object({
  name: z.string().regex(VOLUME_NAME_PATTERN, VOLUME_NAME_RULE),
  paths: z.array(z.string().min(1)).min(1, 'each volume needs at least one path'),
});

const DAY_MS = 24 * 60 * 60_000;

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres|postgresql):\/\//, 'must be a postgres:// URL (leave unset for SQLite in DATA_DIR)')
    .optional(),
  STORAGE_VOLUMES: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return undefined;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
        return z.NEVER;
      }
      const result = z.array(volumeSchema).min(1).safeParse(parsed);
      if (!result.success) {
        ctx.addIssue({ code: 'custom', message: result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
        return z.NEVER;
      }
      return result.data;
    }),
  STORAGE_WRITE_QUORUM: z.coerce.number().int().min(1).optional(),
  STORAGE_MIN_FREE_MB: z.coerce.number().int().min(0).default(512),
  STORAGE_TEMP_MAX_AGE_SECONDS: z.coerce.number().int().min(1).default(3600),
  STORAGE_SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(600),
  STORAGE_FAULTS_FILE: z.string().min(1).optional(),
  TEST_CLOCK_FILE: z.string().min(1).optional(),
  BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  APP_KEY: z
    .string()
    .optional()
    .refine((v) => v === undefined || Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)'),
  /** Keys a rotation retired: they still open what was sealed under them (comma-separated, like APP_KEY each). */
  APP_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const keys = (raw ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== '');
      keys.forEach((k, i) => {
        if (Buffer.from(k, 'base64').length !== 32)
          ctx.addIssue({ code: 'custom', message: `key ${i + 1}: must be 32 bytes, base64-encoded (openssl rand -base64 32)` });
      });
      return keys;
    }),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  JOB_WORKERS: z.coerce.number().int().min(0).max(64).default(8),
  WEBHOOK_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  JOB_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(30),
  MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(256),
  MAX_IN_FLIGHT_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(32),
  /** The whole request (headers and body) must arrive within this; 408 and the connection closed otherwise. */
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /** On SIGTERM, /readyz answers 503 and the node keeps serving this long before it stops listening. */
  DRAIN_SECONDS: z.coerce.number().min(0).max(120).default(0),
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  PDF_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** A partner user's session ends after this long without a request (staff: 30 minutes, fixed). */
  PARTNER_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(12 * 60)
    .default(120),
  PDF_LINK_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(60 * 24),
  FOLLOW_UP_DELAY_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL (leave unset to write mail to DATA_DIR/outbox)')
    .optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Rollcall <no-reply@localhost>'),
  // Voter mail (docs/voter-mail.md): days after the PDF is ready; fractions allowed (0.5 = 12 hours).
  VOTER_MAIL_REMINDER_1_DAYS: z.coerce.number().min(0).max(365).default(2),
  VOTER_MAIL_REMINDER_2_DAYS: z.coerce.number().min(0).max(365).default(7),
  VOTER_MAIL_LAST_REMINDER_DAYS: z.coerce.number().min(0).max(365).default(10),
  /** How long the link in a voter's email opens the email link page. */
  VOTER_MAIL_LINK_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /**
   * The proxies (a load balancer) whose X-Forwarded-For is believed: addresses, CIDRs, or
   * loopback / linklocal / uniquelocal, comma-separated. Unset: none, and the client is the
   * socket's peer (docs/deploy.md).
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every(isProxySpec), 'each entry must be an IP address, a CIDR (10.0.0.0/8), loopback, linklocal or uniquelocal'),
  WEBHOOK_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
  WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  /**
   * The bearer token for /metrics (then required) and for /readyz's details (volume names, path
   * states); unset, /metrics is open and /readyz never gives details (docs/deploy.md).
   */
  METRICS_TOKEN: z.string().min(32, 'at least 32 characters (e.g. openssl rand -base64 32)').optional(),
});

/** One TRUSTED_PROXIES entry: what express's "trust proxy" (proxy-addr) takes. */
function isProxySpec(spec: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(spec)) return true;
  const [address, bits, extra] = spec.split('/');
  const family = net.isIP(address ?? '');
  if (!family || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

export type VolumeSetting = z.infer<typeof volumeSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  storageVolumes: VolumeSetting[];
  /** True when STORAGE_VOLUMES is unset: two local directories under DATA_DIR, created at boot. */
  defaultVolumes: boolean;
  storageWriteQuorum: number | undefined;
  /** A volume with less free space than this takes no new writes (before it is full). */
  storageMinFreeBytes: number;
  /** The temp-file sweep removes scratch files left by interrupted writes once they are this old. */
  storageTempMaxAgeMs: number;
  /** Time between temp-file sweeps (and one at boot); 0 = never. */
  storageSweepIntervalMs: number;
  /** Fault drills: a JSON file of faults per path, re-read by the running server (never set in production). */
  storageFaultsFile: string | undefined;
  /**
   * Tests of a server process only (NODE_ENV=test, else boot refuses it): a file holding a number of
   * milliseconds the server's clock runs ahead of the real one, re-read at every reading of the clock.
   */
  testClockFile: string | undefined;
  baseUrl: string;
  appKey: string | undefined;
  /** APP_KEY_PREVIOUS: retired keys, used only to open (and verify) what was made under them. */
  appKeyPrevious: string[];
  retentionDays: number;
  logLevel: (typeof logLevels)[number];
  jobWorkers: number;
  /** TRUSTED_PROXIES: express's "trust proxy" list (empty: trust no X-Forwarded-For). */
  trustedProxies: string[];
  /** METRICS_TOKEN: required (bearer) for /metrics and for /readyz's details; undefined: /metrics open, no details. */
  metricsToken: string | undefined;
  /** Job slots for webhook deliveries, apart from jobWorkers (render and voter mail). */
  webhookWorkers: number;
  /** How long a claimed job is held before another worker or node may redo it. */
  jobLeaseMs: number;
  /** Requests at once per process before new ones are answered 503 + Retry-After (load shedding). */
  maxInFlight: number;
  /** Requests one client (address; IPv6: /64) may have open at once, bodies still arriving included. */
  maxInFlightPerClient: number;
  requestTimeoutMs: number;
  /** DRAIN_SECONDS: after SIGTERM, /readyz says 503 and requests are still served this long (drain.ts). */
  drainMs: number;
  /** HTTP worker processes on this machine (node's cluster); 1 = this process serves. */
  workers: number;
  pdfThreads: number | undefined;
  pdfLinkTtlMinutes: number;
  /** A partner user's session ends after this long without a request (staff sessions: 30 minutes). */
  partnerSessionIdleMs: number;
  /** How long after a voter gives an email address the follow-up for an unfinished registration is due. */
  followUpDelayMs: number;
  /** Outgoing mail server; undefined: messages are written to DATA_DIR/outbox instead. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Voter mail: delays after the PDF is ready (ms), and how long an email's link works (ms). */
  voterMail: { reminder1Ms: number; reminder2Ms: number; lastReminderMs: number; linkTtlMs: number };
  /** Development and tests only: webhook URLs may be http:// (default: https only). */
  webhookAllowHttp: boolean;
  /** Development and tests only: webhooks may target loopback, private and other non-public addresses. */
  webhookAllowPrivate: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads every setting from `env`; throws one ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankToUndefined = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = envSchema.safeParse(blankToUndefined);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const volumes = e.STORAGE_VOLUMES ?? [
    { name: 'local-a', paths: [path.join(dataDir, 'volumes', 'a')] },
    { name: 'local-b', paths: [path.join(dataDir, 'volumes', 'b')] },
  ];
  const problems: string[] = [];
  if (e.STORAGE_WRITE_QUORUM !== undefined && e.STORAGE_WRITE_QUORUM > volumes.length) {
    problems.push(`STORAGE_WRITE_QUORUM: ${e.STORAGE_WRITE_QUORUM} is more than the ${volumes.length} configured volume(s)`);
  }
  const names = volumes.map((v) => v.name);
  if (new Set(names).size !== names.length) problems.push('STORAGE_VOLUMES: volume names must be unique');
  // Moving a server's time is for test suites: a production server must never run on another time.
  if (e.TEST_CLOCK_FILE !== undefined && env.NODE_ENV !== 'test')
    problems.push('TEST_CLOCK_FILE: only for tests; the server refuses it unless NODE_ENV=test');
  if (problems.length) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    storageVolumes: volumes,
    defaultVolumes: e.STORAGE_VOLUMES === undefined,
    storageWriteQuorum: e.STORAGE_WRITE_QUORUM,
    storageMinFreeBytes: e.STORAGE_MIN_FREE_MB * 1024 * 1024,
    storageTempMaxAgeMs: e.STORAGE_TEMP_MAX_AGE_SECONDS * 1000,
    storageSweepIntervalMs: e.STORAGE_SWEEP_INTERVAL_SECONDS * 1000,
    storageFaultsFile: e.STORAGE_FAULTS_FILE,
    testClockFile: e.TEST_CLOCK_FILE,
    baseUrl: (e.BASE_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    appKey: e.APP_KEY,
    appKeyPrevious: e.APP_KEY_PREVIOUS,
    retentionDays: e.RETENTION_DAYS,
    logLevel: e.LOG_LEVEL,
    jobWorkers: e.JOB_WORKERS,
    trustedProxies: e.TRUSTED_PROXIES,
    metricsToken: e.METRICS_TOKEN,
    // Webhook deliveries' own slots (4; none when this process takes no jobs at all).
    webhookWorkers: e.WEBHOOK_WORKERS ?? (e.JOB_WORKERS === 0 ? 0 : 4),
    jobLeaseMs: e.JOB_LEASE_SECONDS * 1000,
    maxInFlight: e.MAX_IN_FLIGHT,
    maxInFlightPerClient: e.MAX_IN_FLIGHT_PER_CLIENT,
    requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
    drainMs: Math.round(e.DRAIN_SECONDS * 1000),
    workers: e.WORKERS,
    pdfThreads: e.PDF_THREADS,
    pdfLinkTtlMinutes: e.PDF_LINK_TTL_MINUTES,
    partnerSessionIdleMs: e.PARTNER_SESSION_IDLE_MINUTES * 60_000,
    followUpDelayMs: Math.round(e.FOLLOW_UP_DELAY_HOURS * 60 * 60_000),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    voterMail: {
      reminder1Ms: Math.round(e.VOTER_MAIL_REMINDER_1_DAYS * DAY_MS),
      reminder2Ms: Math.round(e.VOTER_MAIL_REMINDER_2_DAYS * DAY_MS),
      lastReminderMs: Math.round(e.VOTER_MAIL_LAST_REMINDER_DAYS * DAY_MS),
      linkTtlMs: e.VOTER_MAIL_LINK_DAYS * DAY_MS,
    },
    webhookAllowHttp: e.WEBHOOK_ALLOW_HTTP === 'true',
    webhookAllowPrivate: e.WEBHOOK_ALLOW_PRIVATE === 'true',
  };
}
