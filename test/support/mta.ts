// What a suite needs to run the real server against the real MTA (test/integration/mail/mta.sh):
// the MTA's address and Maildir (from the environment its run.sh exports), a free port (so the
// links in mail carry the server's real address), the server's environment, and a handle on the
// server's clock (TEST_CLOCK_FILE, honoured only with NODE_ENV=test) to move it days ahead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Mta {
  smtpUrl: string;
  maildir: string;
}

/**
 * The MTA that mta.sh started, or why there is none. The run.sh scripts export what mta.sh prints
 * as MTA_SMTP_URL and MTA_MAILDIR (not SMTP_URL: the other servers of a suite inherit the
 * environment and must not start mailing through it); only the servers given serverEnvFor do.
 */
export function mtaFromEnv(): Mta | string {
  const smtpUrl = process.env.MTA_SMTP_URL;
  const maildir = process.env.MTA_MAILDIR;
  if (!smtpUrl || !maildir)
    return 'no MTA: MTA_SMTP_URL and MTA_MAILDIR are unset (run through test/integration/mail/run.sh or browser/run.sh, as root)';
  if (!fs.existsSync(path.join(maildir, 'new'))) return `no MTA: ${maildir} is not a Maildir`;
  return { smtpUrl, maildir };
}

/** The server's time, moved from the outside: writes the offset TEST_CLOCK_FILE points at. */
export class ServerClock {
  readonly file: string;
  private offsetMs = 0;

  constructor() {
    this.file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-clock-')), 'offset-ms');
    fs.writeFileSync(this.file, '0');
  }

  /** Moves the server's time on by `ms` (the server reads the file at every reading of its clock). */
  advance(ms: number): void {
    this.offsetMs += ms;
    // Written whole then renamed, so the server never reads half a number.
    fs.writeFileSync(`${this.file}.tmp`, String(this.offsetMs));
    fs.renameSync(`${this.file}.tmp`, this.file);
  }

  /** The server's "now" (real time plus the offset). */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  remove(): void {
    fs.rmSync(path.dirname(this.file), { recursive: true, force: true });
  }
}

export const DAY_MS = 24 * 3600_000;
export const TEST_MAIL_FROM = 'Rollcall <no-reply@rollcall.test>';

/** The environment for startServer (test/support/browser/server.ts): mail through the MTA, a movable clock, a fixed port. */
export function serverEnvFor(mta: Mta, clock: ServerClock, port: number): Record<string, string> {
  return {
    PORT: String(port),
    SMTP_URL: mta.smtpUrl,
    MAIL_FROM: TEST_MAIL_FROM,
    NODE_ENV: 'test',
    TEST_CLOCK_FILE: clock.file,
    // Jobs due after a clock move are picked up by the runner's next poll (every 0.5 s).
  };
}
