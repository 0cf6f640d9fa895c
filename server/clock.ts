// Injected time, so retention, link expiry and job back-off are testable with a fake clock.
import fs from 'node:fs';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export class FakeClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * For tests of a server process (TEST_CLOCK_FILE, accepted only with NODE_ENV=test: see config.ts):
 * real time plus the offset in milliseconds written in `file`, re-read at every reading so a test can
 * move a running server days ahead (reminders, expiry) by writing the file. A missing or empty file
 * is no offset; anything but an integer is an error, loudly.
 */
export function offsetFileClock(file: string): Clock {
  const offset = (): number => {
    let raw: string;
    try {
      raw = fs.readFileSync(file, 'utf8').trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    if (raw === '') return 0;
    if (!/^[+-]?\d+$/.test(raw))
      throw new Error(`TEST_CLOCK_FILE holds ${JSON.stringify(raw.slice(0, 40))}, not a whole number of milliseconds`);
    return Number(raw);
  };
  return { now: () => Date.now() + offset() };
}
