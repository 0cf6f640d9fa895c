// `rollcall serve` on a port it cannot have: one clear line and exit 1, never "running" (which
// used to be printed while whatever held the port answered the URL).
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { bindProblem } from '../../../../server/main.js';
import { runCli, tempDataDir } from '../../../support/run-cli.js';

describe('rollcall serve, port taken', { timeout: 90_000 }, () => {
  let holder: net.Server;
  let port: number;
  before(async () => {
    holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    port = (holder.address() as net.AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  for (const workers of ['1', '2']) {
    it(`says the port is in use and exits 1, having closed what it opened (WORKERS=${workers})`, async () => {
      const data = tempDataDir();
      try {
        const run = await runCli(['serve'], {
          env: { DATA_DIR: data.dir, HOST: '127.0.0.1', PORT: String(port), WORKERS: workers },
          timeoutMs: 60_000,
        });
        assert.equal(run.code, 1, `exit code\n${run.stdout}\n${run.stderr}`);
        assert.doesNotMatch(run.stdout + run.stderr, /running/i);
        const lines = run.stderr.split('\n').filter((l) => l.includes('in use'));
        assert.deepEqual(lines, [`port ${port} on 127.0.0.1 is in use: stop what holds it or set PORT`], run.stderr);
        assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
      } finally {
        data.cleanup();
      }
    });
  }

  it('says an address this machine does not have is not available', async () => {
    const data = tempDataDir();
    try {
      // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to an interface
      const run = await runCli(['serve'], { env: { DATA_DIR: data.dir, HOST: '192.0.2.1', PORT: '0' }, timeoutMs: 60_000 });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /^cannot listen on 192\.0\.2\.1: no network interface of this machine has that address: set HOST/m);
      assert.doesNotMatch(run.stdout, /running/i);
    } finally {
      data.cleanup();
    }
  });

  it('says what to change for a port it may not use (EACCES), as root cannot reproduce it here', () => {
    const error = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES' });
    assert.equal(
      bindProblem(error, '0.0.0.0', 80),
      'port 80 on 0.0.0.0 is not allowed to this user (ports below 1024 need privileges): set PORT to 1024 or more',
    );
  });
});
