// `rollcall storage status` as a monitor runs it: silent and 0 when healthy; 2, with the state
// printed (the hung path shown hung), when a mount hangs — never a SIGKILL (137).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, tempDataDir } from '../../../support/run-cli.js';

describe('rollcall storage status', { timeout: 120_000 }, () => {
  let data: ReturnType<typeof tempDataDir>;
  before(() => (data = tempDataDir()));
  after(() => data.cleanup());

  it('healthy local volumes: exit 0, "storage: OK", and nothing on stderr (no false sweep warnings)', async () => {
    for (let run = 0; run < 2; run++) {
      const r = await runCli(['storage', 'status'], { env: { DATA_DIR: data.dir } });
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /^ {2}up +\S+volumes\/a /m);
      assert.match(r.stdout, /^storage: OK$/m);
      assert.equal(r.stderr, '', 'no warning of any kind');
    }
    const json = await runCli(['storage', 'status', '--json'], { env: { DATA_DIR: data.dir } });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual((({ ok, problems }) => ({ ok, problems }))(JSON.parse(json.stdout) as { ok: boolean; problems: string[] }), {
      ok: true,
      problems: [],
    });
  });

  it('a hung mount: exit 2 with the state printed, the hung path named, within a few deadlines', async () => {
    const faults = path.join(data.dir, 'faults.json');
    const hung = path.join(data.dir, 'volumes', 'a');
    fs.writeFileSync(faults, JSON.stringify({ [hung]: 'hang' }));
    const r = await runCli(['storage', 'status'], { env: { DATA_DIR: data.dir, STORAGE_FAULTS_FILE: faults }, timeoutMs: 60_000 });
    assert.equal(r.signal, null, 'not killed');
    assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^ {2}hung +${hung} .*missed its \\d+ ms deadline`, 'm'));
    assert.match(r.stdout, /^storage: NOT OK$/m);
    assert.match(r.stdout, /is hung \(its probe timed out\)/);
    assert.match(r.stdout, /^ {2}up +\S+volumes\/b /m, 'the healthy path is reported too');
    assert.doesNotMatch(r.stderr, /sweep stopped early/);
  });

  it('a usage error is 1, not 2 (2 is "storage not OK" to a monitor)', async () => {
    const r = await runCli(['storage', 'status', '--bogus'], { env: { DATA_DIR: data.dir } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^rollcall: Unknown option '--bogus'/);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
  });
});
