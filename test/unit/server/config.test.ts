import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../../server/config.js';

describe('configuration', () => {
  it('has working defaults: SQLite and two local volumes under DATA_DIR, majority quorum', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/rc-config-test' });
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.databaseUrl, undefined);
    assert.deepEqual(
      config.storageVolumes.map((v) => v.paths[0]),
      [path.join('/tmp/rc-config-test', 'volumes', 'a'), path.join('/tmp/rc-config-test', 'volumes', 'b')],
    );
    assert.equal(config.defaultVolumes, true);
    assert.equal(config.storageWriteQuorum, undefined);
    assert.equal(config.retentionDays, 14);
    assert.equal(config.baseUrl, 'http://127.0.0.1:3000');
  });

  it('reads STORAGE_VOLUMES in the documented format', () => {
    const config = loadConfig({
      STORAGE_VOLUMES: '[{"name":"a","paths":["/mnt/a1","/mnt/a2"]},{"name":"b","paths":["/srv/b"]}]',
      STORAGE_WRITE_QUORUM: '1',
    });
    assert.deepEqual(config.storageVolumes, [
      { name: 'a', paths: ['/mnt/a1', '/mnt/a2'] },
      { name: 'b', paths: ['/srv/b'] },
    ]);
    assert.equal(config.storageWriteQuorum, 1);
    assert.equal(config.defaultVolumes, false);
  });

  it('reports every bad variable at once, each by name', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        STORAGE_VOLUMES: '[{',
        APP_KEY: 'short',
        RETENTION_DAYS: '0',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://x',
      });
      assert.fail('expected a ConfigError');
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      const names = err.problems.map((p) => p.split(':')[0]);
      for (const name of ['PORT', 'STORAGE_VOLUMES', 'APP_KEY', 'RETENTION_DAYS', 'LOG_LEVEL', 'DATABASE_URL'])
        assert.ok(names.includes(name), `${name} missing from: ${err.message}`);
    }
  });

  it('refuses a volume list that does not fit the format, naming the field', () => {
    assert.throws(() => loadConfig({ STORAGE_VOLUMES: '[{"name":"a","paths":[]}]' }), /STORAGE_VOLUMES: .*paths/);
    assert.throws(() => loadConfig({ STORAGE_VOLUMES: '[{"name":"a","paths":["/x"]},{"name":"a","paths":["/y"]}]' }), /unique/);
  });

  it('refuses a write quorum larger than the number of volumes', () => {
    assert.throws(() => loadConfig({ STORAGE_WRITE_QUORUM: '3' }), /STORAGE_WRITE_QUORUM: 3 is more than the 2/);
  });

  it('reads APP_KEY_PREVIOUS as a comma-separated list of keys, naming the bad one', () => {
    const a = Buffer.alloc(32, 1).toString('base64');
    const b = Buffer.alloc(32, 2).toString('base64');
    assert.deepEqual(loadConfig({}).appKeyPrevious, []);
    assert.deepEqual(loadConfig({ APP_KEY_PREVIOUS: `${a}, ${b},` }).appKeyPrevious, [a, b]);
    assert.throws(() => loadConfig({ APP_KEY_PREVIOUS: `${a},short` }), /APP_KEY_PREVIOUS: key 2: must be 32 bytes, base64-encoded/);
  });

  it('treats empty variables as unset', () => {
    assert.equal(loadConfig({ PORT: '', DATABASE_URL: '' }).port, 3000);
  });

  it('accepts TEST_CLOCK_FILE only with NODE_ENV=test, so a production server cannot be moved in time', () => {
    assert.equal(loadConfig({ TEST_CLOCK_FILE: '/tmp/clock', NODE_ENV: 'test' }).testClockFile, '/tmp/clock');
    assert.equal(loadConfig({}).testClockFile, undefined);
    for (const NODE_ENV of [undefined, 'production', 'development'])
      assert.throws(() => loadConfig({ TEST_CLOCK_FILE: '/tmp/clock', NODE_ENV }), /TEST_CLOCK_FILE: only for tests/);
  });
});
