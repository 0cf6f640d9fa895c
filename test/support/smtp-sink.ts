// A real SMTP server on an ephemeral loopback port (the smtp-server package) that keeps every
// message it receives, so tests see what nodemailer really sent over the wire.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SinkMessage {
  to: string[];
  raw: string;
  /** The body with quoted-printable soft breaks and escapes undone (enough to find a link). */
  text: string;
}

export interface SmtpSink {
  url: string;
  messages: SinkMessage[];
  /** The next message to `to` (already arrived, or arriving within `ms`). */
  waitFor(to: string, ms?: number): Promise<SinkMessage>;
  close(): Promise<void>;
}

const decodeQuotedPrintable = (s: string): string =>
  Buffer.from(
    s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
    'latin1',
  ).toString('utf8');

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const waiting: Array<{ to: string; resolve: (m: SinkMessage) => void }> = [];
  const taken = new Set<SinkMessage>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const message = { to: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeQuotedPrintable(raw) };
        messages.push(message);
        const i = waiting.findIndex((w) => message.to.includes(w.to));
        if (i >= 0) {
          taken.add(message);
          waiting.splice(i, 1)[0]!.resolve(message);
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(to, ms = 10_000) {
      const ready = messages.find((m) => m.to.includes(to) && !taken.has(m));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no mail to ${to} within ${ms} ms`)), ms);
        waiting.push({ to, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
