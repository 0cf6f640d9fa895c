// Outgoing mail (password-reset links, voter mail). With SMTP_URL set, nodemailer sends through
// that server. Without it (the embedded one-machine default) each message is written as an .eml
// file to DATA_DIR/outbox/ (owner-only, mode 0600): nothing leaves the machine, the operator can
// open the file and forward it, and the log says only that a message was written, never to whom
// or what (a link in it is a secret, an address is personal data). Both ways build the message
// the same way (one nodemailer message object): the same parts, headers and Message-ID.
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { newSecret } from '../security/tokens.js';

export interface MailMessage {
  to: string;
  subject: string;
  /** The plain-text part (always). */
  text: string;
  /** The HTML part, when the message has one (multipart/alternative with `text`). */
  html?: string;
  /** A Message-ID of our own (`<id@host>`): a message sent again carries the same one. */
  messageId?: string;
  /** Extra headers (List-Unsubscribe, List-Unsubscribe-Post). */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

function mailOf(from: string, m: MailMessage): Mail.Options {
  return {
    from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    ...(m.html !== undefined ? { html: m.html } : {}),
    ...(m.messageId !== undefined ? { messageId: m.messageId } : {}),
    ...(m.headers !== undefined ? { headers: m.headers } : {}),
  };
}

export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>, logger: Logger): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      async send(m) {
        await transport.sendMail(mailOf(config.mailFrom, m));
      },
    };
  }
  const outbox = path.join(config.dataDir, 'outbox');
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(m) {
      const built = await builder.sendMail(mailOf(config.mailFrom, m));
      fs.mkdirSync(outbox, { recursive: true, mode: 0o700 });
      const file = path.join(outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${newSecret().slice(0, 8)}.eml`);
      fs.writeFileSync(file, built.message as Buffer, { mode: 0o600 });
      logger.info({ file: path.basename(file) }, 'mail written to DATA_DIR/outbox (SMTP_URL is not set)');
    },
  };
}
