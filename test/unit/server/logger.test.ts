// A full log disk must not hang or crash the server (issue 16, Low a). pino's own destination
// (sonic-boom) retried a failed write for ever in its exit flush (only EAGAIN/EBUSY are judged;
// ENOSPC looped), and with no 'error' listener a failed write was an uncaught exception. The
// process here logs to /dev/full (every write: ENOSPC), keeps working, and exits.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../../../server/logger.js';

const loggerModule = fileURLToPath(new URL('../../../server/logger.js', import.meta.url));

/** Runs `body` in a child whose stdout is /dev/full; resolves with its exit code and stderr (killed after 20 s: a hang). */
function runOnFullDisk(body: string): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const out = fs.openSync('/dev/full', 'w');
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', `import { createLogger } from ${JSON.stringify(loggerModule)};\n${body}`],
    {
      stdio: ['ignore', out, 'pipe'],
    },
  );
  fs.closeSync(out);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stderr });
    }),
  );
}

describe('the log on a full disk', { skip: !fs.existsSync('/dev/full') && 'no /dev/full here', timeout: 60_000 }, () => {
  it('keeps the process working and lets it exit', async () => {
    const r = await runOnFullDisk(`
      const logger = createLogger('info');
      for (let i = 0; i < 2000; i++) logger.info({ i }, 'a line the disk has no room for');
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (let i = 0; i < 2000; i++) logger.info({ i }, 'more');
      process.stderr.write('still serving\\n');
      process.exit(0);
    `);
    assert.equal(r.signal, null, `the process hung and was killed; stderr: ${r.stderr}`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /still serving/);
  });

  it('exits on a signal-style shutdown with lines still buffered', async () => {
    const r = await runOnFullDisk(`
      const logger = createLogger('info');
      logger.info('one line, never written');
      process.exit(3);
    `);
    assert.equal(r.signal, null, `the process hung and was killed; stderr: ${r.stderr}`);
    assert.equal(r.code, 3);
  });

  it('writes to a given destination as before', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream);
    logger.info({ email: 'x@example.org' }, 'hello');
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /"msg":"hello"/);
    assert.doesNotMatch(lines[0]!, /x@example/);
  });
});
