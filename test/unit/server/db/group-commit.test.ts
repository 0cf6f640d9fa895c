// Group commit: concurrent writes share one transaction, each caller hears only about its own write.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GroupCommit } from '../../../../server/db/group-commit.js';
import { makeTestApp, type TestApp } from '../../../support/app-fixture.js';

describe('group commit', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
    await t.ctx.db.schema.createTable('gc_probe', (tb) => {
      tb.integer('n').primary();
    });
  });
  after(() => t.close());

  it('commits writes made in the same turn together, and answers each with its own result', async () => {
    const gc = new GroupCommit(t.ctx.db);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        gc.run(async (trx) => {
          await trx('gc_probe').insert({ n });
          return n * 2;
        }),
      ),
    );
    assert.deepEqual(
      results,
      Array.from({ length: 50 }, (_, n) => n * 2),
    );
    assert.equal(gc.stats.writes, 50);
    assert.ok(gc.stats.batches < 50, `50 writes took ${gc.stats.batches} transactions`);
    assert.equal(Number((await t.ctx.db('gc_probe').count({ c: '*' }).first())!.c), 50);
  });

  it('rejects only the write that fails; the others in its batch are still committed', async () => {
    const gc = new GroupCommit(t.ctx.db);
    const outcomes = await Promise.allSettled(
      [100, 101, 0 /* duplicate key */, 102].map((n) => gc.run((trx) => trx('gc_probe').insert({ n }))),
    );
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
    );
    const stored = (await t.ctx.db('gc_probe').whereIn('n', [100, 101, 102]).select('n')).map((r) => r.n).sort();
    assert.deepEqual(stored, [100, 101, 102]);
  });
});
