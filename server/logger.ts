// Structured logs (pino). Personal data never goes into a log line: log uids, never answers.
//
// A log that cannot be written must not take the server down (issue 16, Low a). pino's own
// destination (sonic-boom) turned a failed write (ENOSPC on a full disk, EIO) into an uncaught
// 'error', and its exit flush retried every error but EAGAIN for ever: the process hung at exit.
// Lines go to a LogSink instead: writes are asynchronous and buffered (at most MAX_BUFFERED_BYTES,
// then lines are dropped and counted); a failed write drops what was buffered, counts it and is
// tried again with the next line (so logging resumes when space returns, with a line saying how
// many were lost); at exit, what is buffered is written once, synchronously, and given up on the
// first error (a pipe that is merely full gets a few short retries).
import fs from 'node:fs';
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

/** What the sink holds in memory while the destination is slow or failing; past it lines are dropped. */
export const MAX_BUFFERED_BYTES = 1024 * 1024;
/** EAGAIN retries at exit (a non-blocking pipe that is full): each waits a millisecond. */
const EXIT_RETRIES = 50;

export class LogSink {
  private queue: string[] = [];
  private bytes = 0;
  private writing = false;
  /** Lines lost since the last successful write (reported in the next line written). */
  private dropped = 0;
  private lastError: string | undefined;
  /** Lines lost in all (tests, and the curious). */
  droppedTotal = 0;

  constructor(private readonly fd: number) {
    process.on('exit', () => this.flushAtExit());
  }

  write(line: string): boolean {
    if (this.bytes + line.length > MAX_BUFFERED_BYTES) {
      this.lose(1, 'buffer full');
      return true;
    }
    this.queue.push(line);
    this.bytes += line.length;
    if (!this.writing) this.drain();
    return true;
  }

  private lose(lines: number, why: string) {
    this.dropped += lines;
    this.droppedTotal += lines;
    this.lastError = why;
  }

  private notice(): string {
    const line = `${JSON.stringify({ level: 40, time: Date.now(), pid: process.pid, droppedLogLines: this.dropped, reason: this.lastError, msg: 'log lines were lost: the log could not be written' })}\n`;
    this.dropped = 0;
    return line;
  }

  private drain() {
    if (this.queue.length === 0) {
      this.writing = false;
      return;
    }
    this.writing = true;
    const chunk = (this.dropped ? this.notice() : '') + this.queue.join('');
    const lines = this.queue.length;
    this.queue = [];
    this.bytes = 0;
    const buffer = Buffer.from(chunk);
    const attempt = (offset: number) =>
      fs.write(this.fd, buffer, offset, buffer.length - offset, null, (err, written) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN' || code === 'EBUSY') return setTimeout(() => attempt(offset), 10).unref();
          // ENOSPC, EIO, EPIPE, EBADF…: these lines are lost; the next line tries again.
          this.lose(lines, code ?? 'write failed');
          this.writing = false;
          return;
        }
        if (offset + written < buffer.length) return attempt(offset + written);
        this.drain();
      });
    attempt(0);
  }

  /** At exit (no event loop): one synchronous try at what is buffered; never loops on an error. */
  flushAtExit() {
    if (this.queue.length === 0) return;
    const buffer = Buffer.from(this.queue.join(''));
    this.queue = [];
    this.bytes = 0;
    let offset = 0;
    for (let retries = 0; offset < buffer.length;) {
      try {
        offset += fs.writeSync(this.fd, buffer, offset, buffer.length - offset);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if ((code === 'EAGAIN' || code === 'EBUSY') && retries++ < EXIT_RETRIES) {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
          continue;
        }
        return;
      }
    }
  }
}

/** One sink for standard output, however many loggers write to it (one exit hook). */
let stdoutSink: LogSink | undefined;

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      // Belt and braces: if a request or registration object slips into a log call, these never print.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'email',
          'idNumber',
          'answers',
          '*.email',
          '*.idNumber',
          '*.answers',
          'dateOfBirth',
          '*.dateOfBirth',
        ],
        censor: '[redacted]',
      },
    },
    (destination ?? (stdoutSink ??= new LogSink(process.stdout.fd))) as never,
  );
}
