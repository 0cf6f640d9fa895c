// The prepared-statement cache: the same SQL reuses one compiled statement, the least recently
// used is dropped at capacity, and results stay right when a statement is reused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cachePreparedStatements } from '../../../../server/db/statement-cache.js';
import { openDb } from '../../../../server/db/connect.js';

describe('prepared statement cache', () => {
  it('compiles a SQL text once and drops the least recently used at capacity', () => {
    const compiled: string[] = [];
    const conn = { prepare: (sql: string) => (compiled.push(sql), { sql }) };
    cachePreparedStatements(conn, 2);
    const a = conn.prepare('select 1');
    assert.equal(conn.prepare('select 1'), a);
    conn.prepare('select 2');
    conn.prepare('select 1'); // now the most recent: 'select 2' is the one to go
    conn.prepare('select 3');
    conn.prepare('select 1');
    conn.prepare('select 2');
    assert.deepEqual(compiled, ['select 1', 'select 2', 'select 3', 'select 2']);
  });

  it('a reused statement gives each query its own bindings and results', async () => {
    const db = openDb({ sqliteFile: ':memory:' });
    try {
      await db.schema.createTable('t', (t) => t.integer('n'));
      for (const n of [1, 2, 3]) await db('t').insert({ n });
      for (const n of [1, 2, 3])
        assert.deepEqual(
          await db('t').where('n', '>=', n).pluck('n'),
          [1, 2, 3].filter((m) => m >= n),
        );
    } finally {
      await db.destroy();
    }
  });
});
