// Outgoing mail (password-reset links). With SMTP_URL set, nodemailer sends through that server.
// Without it (the embedded one-machine default) each message is written as an .eml file to
// DATA_DIR/outbox/ (owner-only, mode 0600): nothing leaves the machine, the operator can open the
// file and forward it, and the log says only that a message was written, never to whom or what
// (a reset link is a secret, an address is personal data).
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { newSecret } from '../security/tokens.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>, logger: Logger): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      async send(m) {
        await transport.sendMail({ from: config.mailFrom, to: m.to, subject: m.subject, text: m.text });
      },
    };
  }
  const outbox = path.join(config.dataDir, 'outbox');
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(m) {
      const built = await builder.sendMail({ from: config.mailFrom, to: m.to, subject: m.subject, text: m.text });
      fs.mkdirSync(outbox, { recursive: true, mode: 0o700 });
      const file = path.join(outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${newSecret().slice(0, 8)}.eml`);
      fs.writeFileSync(file, built.message as Buffer, { mode: 0o600 });
      logger.info({ file: path.basename(file) }, 'mail written to DATA_DIR/outbox (SMTP_URL is not set)');
    },
  };
}
