// Structured logs (pino). Personal data never goes into a log line: log uids, never answers.
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

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
    destination as never,
  );
}
