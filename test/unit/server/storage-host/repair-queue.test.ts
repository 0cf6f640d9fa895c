// The database's repair queue keeps each entry's kind (restore or delete): the library acts on the
// kind, never on the reason text; entries queued before the kind existed are converted.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../../server/clock.js';
import { migrateLatest, openDb, type Db } from '../../../../server/db/connect.js';
import { projectPath } from '../../../../server/project-root.js';
import { DbRepairQueue } from '../../../../server/storage-host/repair-queue.js';

const KIND_MIGRATION = '20261205160001_storage_repair_kind.js';

describe('DbRepairQueue', () => {
  let db: Db;
  let queue: DbRepairQueue;
  before(async () => {
    db = openDb({ sqliteFile: ':memory:' });
    await migrateLatest(db);
    queue = new DbRepairQueue(db, new FakeClock(1_000));
  });
  after(() => db.destroy());

  it('round-trips the kind; a second entry for the same volume and key replaces the first, kind included', async () => {
    await queue.add({ volume: 'a', key: 'pdfs/1.pdf', kind: 'restore', sha256: 'f'.repeat(64), reason: 'put missed: hung' });
    await queue.add({ volume: 'a', key: 'pdfs/2.pdf', kind: 'delete', sha256: '', reason: 'delete missed: hung' });
    await queue.add({ volume: 'b', key: 'pdfs/1.pdf', kind: 'restore', sha256: 'f'.repeat(64), reason: 'read-repair: missing' });
    await queue.add({ volume: 'b', key: 'pdfs/1.pdf', kind: 'delete', sha256: '', reason: 'delete missed: EIO' });
    assert.deepEqual(
      (await queue.pending('a', 10)).map((e) => [e.key, e.kind]),
      [
        ['pdfs/1.pdf', 'restore'],
        ['pdfs/2.pdf', 'delete'],
      ],
    );
    assert.deepEqual(
      (await queue.pending('b', 10)).map((e) => [e.key, e.kind, e.reason]),
      [['pdfs/1.pdf', 'delete', 'delete missed: EIO']],
    );
    await db('storage_repairs').delete();
  });

  it("a delete queued by a node older than the kind column (reason 'delete', default kind) stays a delete", async () => {
    await db('storage_repairs').insert({ volume: 'c', key: 'pdfs/rolling.pdf', sha256: '', reason: 'delete', created_at: 3 });
    assert.deepEqual(
      (await queue.pending('c', 10)).map((e) => e.kind),
      ['delete'],
    );
    await db('storage_repairs').delete();
  });

  it("the migration turns a queued reason 'delete' into kind 'delete', and any other entry into a restore", async () => {
    const directory = projectPath('dist', 'migrations');
    await db.migrate.down({ directory, loadExtensions: ['.js'], name: KIND_MIGRATION });
    await db('storage_repairs').insert([
      { volume: 'a', key: 'pdfs/old-delete.pdf', sha256: '', reason: 'delete', created_at: 1 },
      { volume: 'a', key: 'pdfs/old-put.pdf', sha256: 'e'.repeat(64), reason: 'put missed: full', created_at: 2 },
    ]);
    await migrateLatest(db);
    assert.deepEqual(
      (await queue.pending('a', 10)).map((e) => [e.key, e.kind]),
      [
        ['pdfs/old-delete.pdf', 'delete'],
        ['pdfs/old-put.pdf', 'restore'],
      ],
    );
  });
});
