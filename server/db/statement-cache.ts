// knex's better-sqlite3 dialect compiles every query afresh (connection.prepare on each call):
// 6–7 % of the event loop at 200 registrations/s. SQLite statements are reusable, and the same SQL
// text always compiles to the same program, so the connection keeps its most recently used ones.
// (knex runs each statement to completion with all()/run(); it never leaves one iterating, which is
// the one state in which better-sqlite3 refuses to run a statement again.)
import { LRUCache } from 'lru-cache';

interface Preparer {
  prepare(sql: string): unknown;
}

export function cachePreparedStatements(conn: Preparer, capacity = 500): void {
  const compile = conn.prepare.bind(conn);
  const cache = new LRUCache<string, object>({ max: capacity });
  conn.prepare = (sql: string) => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = compile(sql) as object;
      cache.set(sql, statement);
    }
    return statement;
  };
}
