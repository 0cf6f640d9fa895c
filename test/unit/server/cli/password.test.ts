// `admin create` and `partner user create` read the password from a pipe; with nothing on stdin
// they say so in one line and exit 1 — never a stack trace.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli, tempDataDir } from '../../../support/run-cli.js';

const PASSWORD = 'correct horse battery staple';

describe('password on stdin', { timeout: 120_000 }, () => {
  let data: ReturnType<typeof tempDataDir>;
  before(() => (data = tempDataDir()));
  after(() => data.cleanup());

  it('admin create takes one line from a pipe', async () => {
    const r = await runCli(['admin', 'create', '--email', 'ana@example.org'], { env: { DATA_DIR: data.dir }, stdin: `${PASSWORD}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { id: 1, email: 'ana@example.org', role: 'admin' });
    assert.doesNotMatch(r.stderr, /Password for/, 'no prompt when nobody is typing');
  });

  for (const [command, args, what, stdin] of [
    ['admin create', ['admin', 'create', '--email', 'bo@example.org'], 'no stdin', null],
    ['partner user create', ['partner', 'user', 'create', '--partner', 'p1', '--email', 'bo@example.org'], 'an empty line', '\n'],
  ] as const) {
    it(`${command} with ${what}: one line, exit 1, no stack trace`, async () => {
      const r = await runCli([...args], { env: { DATA_DIR: data.dir }, stdin });
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr,
        `${command}: no password on stdin: run the command in a terminal to be asked for it, or pipe it: printf '%s\\n' "$PW" | rollcall … --email bo@example.org\n`,
      );
      assert.equal(r.stdout, '');
    });
  }
});
