// The group commit's deferred WAL fsync: callers hear "done" only after an fsync that began after
// their commit; the event loop never waits for it; every other write keeps synchronous=FULL.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { batchTransaction } from '../../../../server/db/batch-transaction.js';
import { openDb, type Db, sqliteFileIn } from '../../../../server/db/connect.js';
import { WalSync } from '../../../../server/db/wal-sync.js';
import { GroupCommit } from '../../../../server/db/group-commit.js';

/** An fsync that waits until the test lets it finish, recording which file it was asked for. */
function gatedFsync() {
  const calls: string[] = [];
  const gates: Array<() => void> = [];
  const fsync = (file: string) =>
    new Promise<void>((resolve) => {
      calls.push(file);
      gates.push(resolve);
    });
  const releaseAll = () => gates.splice(0).forEach((open) => open());
  return { fsync, calls, releaseAll };
}

/** Waits (a bounded number of event-loop turns) until the batch has asked for its fsync. */
async function fsyncRequested(calls: string[]): Promise<void> {
  for (let i = 0; i < 1000 && calls.length === 0; i++) await nextTurn();
  assert.ok(calls.length > 0, 'the batch never asked for an fsync');
}

async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 5; i++) await nextTurn();
  return done;
}

describe('WalSync', () => {
  it('a sync asked for while one runs waits for the next one, which all such callers share', async () => {
    const gated = gatedFsync();
    const wal = new WalSync('/db-wal', '/db', gated.fsync);
    const first = wal.sync();
    const second = wal.sync();
    const third = wal.sync();
    assert.equal(second, third, 'callers waiting for the same next fsync share it');
    assert.equal(gated.calls.length, 1, 'the second fsync starts only after the first');
    gated.releaseAll();
    await first;
    assert.equal(await settled(second), false, 'the first fsync may have started before the second caller committed');
    assert.equal(gated.calls.length, 2);
    gated.releaseAll();
    await second;
    assert.equal(wal.syncs, 2);
  });

  it('without a WAL file (SQLite removed it after checkpointing) it syncs the database file', async () => {
    const synced: string[] = [];
    const wal = new WalSync('/db-wal', '/db', async (file) => {
      synced.push(file);
      if (file === '/db-wal') throw Object.assign(new Error('gone'), { code: 'ENOENT' });
    });
    await wal.sync();
    assert.deepEqual(synced, ['/db-wal', '/db']);
  });

  it('an fsync error reaches the caller', async () => {
    const wal = new WalSync('/db-wal', '/db', async () => {
      throw Object.assign(new Error('I/O error'), { code: 'EIO' });
    });
    await assert.rejects(wal.sync(), /I\/O error/);
  });
});

describe('group commit on a SQLite file', () => {
  let dir: string;
  let db: Db;
  const file = () => sqliteFileIn(dir);
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-walsync-'));
    db = openDb({ sqliteFile: file() });
    await db.schema.createTable('jobs', (t) => t.increments('id'));
    await db.schema.createTable('probe', (t) => t.integer('n').primary());
  });
  after(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers its callers only after the WAL fsync, and leaves the event loop free while it runs', async () => {
    const gated = gatedFsync();
    const commits = new GroupCommit(db, { transaction: batchTransaction(db, gated.fsync) });
    const writes = [1, 2, 3].map((n) => commits.run((trx) => trx('probe').insert({ n })));
    await fsyncRequested(gated.calls); // the batch committed and asked for its fsync
    assert.deepEqual(gated.calls, [`${file()}-wal`]);
    // Committed (visible to a reader) but nobody told yet; other queries still run meanwhile.
    assert.equal(Number((await db('probe').count({ c: '*' }).first())!.c), 3);
    assert.equal(await settled(Promise.all(writes)), false);
    gated.releaseAll();
    await Promise.all(writes);
  });

  it('every write outside the group commit keeps synchronous=FULL', async () => {
    const gated = gatedFsync();
    const commits = new GroupCommit(db, { transaction: batchTransaction(db, gated.fsync) });
    const write = commits.run((trx) => trx('probe').insert({ n: 10 }));
    await fsyncRequested(gated.calls);
    const rows = (await db.raw('pragma synchronous')) as Array<{ synchronous: number }>;
    assert.equal(rows[0]?.synchronous, 2, 'FULL (2) while the batch waits for its fsync');
    gated.releaseAll();
    await write;
  });

  it('a batch that fails to become durable rejects its callers and is not redone', async () => {
    const commits = new GroupCommit(db, {
      transaction: batchTransaction(db, async () => {
        throw Object.assign(new Error('I/O error'), { code: 'EIO' });
      }),
    });
    const outcomes = await Promise.allSettled([20, 21].map((n) => commits.run((trx) => trx('probe').insert({ n }))));
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['rejected', 'rejected'],
    );
    // Redoing would have failed on the primary key and hidden the I/O error behind a duplicate.
    for (const o of outcomes) assert.match(String((o as PromiseRejectedResult).reason), /I\/O error/);
  });

  it('with the real fsync, the writes are in the file once answered', async () => {
    const commits = new GroupCommit(db);
    await Promise.all([30, 31].map((n) => commits.run((trx) => trx('probe').insert({ n }))));
    const reader = openDb({ sqliteFile: file() });
    try {
      assert.equal((await reader('probe').whereIn('n', [30, 31])).length, 2);
    } finally {
      await reader.destroy();
    }
  });
});
