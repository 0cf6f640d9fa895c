import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { offsetFileClock } from '../../../server/clock.js';

describe('offsetFileClock (TEST_CLOCK_FILE)', () => {
  const DAY = 24 * 3600_000;

  it('runs on real time until the file says otherwise, then as far ahead as the file says, re-read each time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-clock-'));
    try {
      const file = path.join(dir, 'offset');
      const clock = offsetFileClock(file);
      const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1000, `${a} is not within 1 s of ${b}`);
      near(clock.now(), Date.now()); // no file
      fs.writeFileSync(file, '');
      near(clock.now(), Date.now()); // empty
      fs.writeFileSync(file, `${2 * DAY}\n`);
      near(clock.now(), Date.now() + 2 * DAY);
      fs.writeFileSync(file, String(7 * DAY));
      near(clock.now(), Date.now() + 7 * DAY);
      fs.writeFileSync(file, 'two days');
      assert.throws(() => clock.now(), /not a whole number of milliseconds/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
