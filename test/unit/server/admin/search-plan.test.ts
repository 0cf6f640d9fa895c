// The search's main queries use an index on SQLite (EXPLAIN QUERY PLAN: no full scan of
// registrations, no sort of the matches), and a page is fast on many rows. ADMIN_SEARCH_ROWS
// (default 20,000) sets the table size; ADMIN_SEARCH_ROWS=1000000 gives the figure in docs/admin.md.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrateLatest, openDb, type Db } from '../../../../server/db/connect.js';
import { countMatches, pageQuery, parseFilter, type Cursor } from '../../../../server/admin/registration-search.js';
import { RegistrationRecords } from '../../../../server/registrations/registration-records.js';
import { createFieldCipher } from '../../../../server/security/field-cipher.js';

const ROWS = Number(process.env.ADMIN_SEARCH_ROWS ?? 20_000);
const STATES = ['CA', 'TX', 'NY', 'FL', 'PA', 'OH', 'GA', 'NC', 'MI', 'WA'];
const LAST = ['Garcia', 'Smith', 'Nguyen', 'Johnson', 'Brown', 'Lee', 'Martinez', 'Davis', 'Lopez', 'Wilson'];
const STATUSES = ['in_progress', 'accepted', 'pdf_ready', 'pdf_ready', 'purged'];

describe(`registration search on ${ROWS} rows`, () => {
  let db: Db;
  let records: RegistrationRecords;
  const cipher = createFieldCipher(Buffer.alloc(32, 3));
  const timings: string[] = [];
  before(async () => {
    db = openDb({ sqliteFile: ':memory:' });
    await migrateLatest(db);
    records = new RegistrationRecords(db, cipher);
    await db('partners').insert([{ id: 'f'.repeat(32), name: 'P', status: 'active', created_at: 0 }]);
    const start = Date.UTC(2026, 0, 1);
    const batch = 2000;
    for (let from = 0; from < ROWS; from += batch) {
      const rows: Array<Record<string, unknown>> = [];
      for (let i = from; i < Math.min(ROWS, from + batch); i++) {
        const email = `voter${i}@example.org`;
        const firstName = `First${i % 1000}`;
        const lastName = `${LAST[i % LAST.length]}${Math.floor(i / 100) % 500}`;
        // Plain names beside their blind indexes: the plans depend on the index columns, not on sealing.
        rows.push({
          uid: i.toString(16).padStart(32, '0'),
          partner_id: i % 3 === 0 ? 'f'.repeat(32) : null,
          channel: 'web',
          lang: 'en',
          status: STATUSES[i % STATUSES.length],
          step: 'review',
          state_code: STATES[i % STATES.length],
          zip: String(10000 + (i % 89999)),
          email,
          first_name: firstName,
          last_name: lastName,
          email_hmac: cipher.blindIndex(email),
          first_name_hmac: cipher.blindIndex(firstName),
          last_name_hmac: cipher.blindIndex(lastName),
          answers: '{}',
          created_at: start + i * 30_000,
          updated_at: start + i * 30_000,
        });
      }
      await db.transaction(async (trx) => {
        // SQLite caps bound variables per statement: insert in slices
        for (let k = 0; k < rows.length; k += 200) await trx('registrations').insert(rows.slice(k, k + 200));
      });
    }
    await db.raw('analyze');
  });
  after(async () => {
    if (timings.length) process.stderr.write(`search timings on ${ROWS} rows:\n  ${timings.join('\n  ')}\n`);
    await db.destroy();
  });

  const cases: Array<[string, Record<string, string>]> = [
    ['no filter', {}],
    ['name', { name: 'garcia7' }],
    ['first and last name', { name: 'First10 Garcia0' }],
    ['email', { email: 'Voter12345@example.org' }],
    ['ZIP', { zip: '12345' }],
    ['state', { state: 'TX' }],
    ['partner', { partner: 'f'.repeat(32) }],
    ['status', { status: 'pdf_ready' }],
    ['too fast', { pace: 'too_fast' }],
    ['date range', { from: '2026-01-02', to: '2026-01-03' }],
    ['state + status', { state: 'CA', status: 'accepted' }],
    ['partner + dates', { partner: 'f'.repeat(32), from: '2026-01-02', to: '2026-01-05' }],
  ];

  for (const [label, query] of cases) {
    it(`${label}: uses an index, no full scan, no sort`, async () => {
      const { filter, errors } = parseFilter(query, records);
      assert.deepEqual(errors, {});
      const after: Cursor = { createdAt: Date.UTC(2030, 0, 1), id: 1e12 };
      for (const cursor of [undefined, after]) {
        const sql = pageQuery(db, filter, cursor, 51).toSQL().toNative();
        const plan = (await db.raw(`explain query plan ${sql.sql}`, sql.bindings as never[])) as Array<{ detail: string }>;
        const details = plan.map((p) => p.detail);
        assert.ok(
          details.some((d) => /USING (COVERING )?INDEX/.test(d)),
          `${label}: ${details.join(' | ')}`,
        );
        assert.ok(!details.some((d) => /^SCAN registrations$/.test(d)), `${label} scans the table: ${details.join(' | ')}`);
        assert.ok(!details.some((d) => /TEMP B-TREE/.test(d)), `${label} sorts: ${details.join(' | ')}`);
      }
      const started = performance.now();
      const rows = await pageQuery(db, filter, undefined, 51);
      const ms = performance.now() - started;
      const countStarted = performance.now();
      const n = await countMatches(db, filter);
      timings.push(
        `${label}: first page ${ms.toFixed(1)} ms (${rows.length} rows); count ${(performance.now() - countStarted).toFixed(1)} ms (${n})`,
      );
      assert.ok(ms < 500, `${label}: a page took ${ms} ms`);
    });
  }
});
