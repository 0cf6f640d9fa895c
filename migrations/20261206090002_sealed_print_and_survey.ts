// Issue 16, ASVS 6.1.1: a voter's mailing address in print_requests (street, unit, city) and their
// survey answer and SMS number in registration_survey (answer, phone) are now written sealed
// (field-cipher: `v2.<key id>.<iv>.<tag>.<body>`, base64url), longer than the varchar(200), (50),
// (100), (500) and (20) they were made with. On PostgreSQL they become text. SQLite ignores
// varchar lengths, and knex's .alter() on SQLite rebuilds the whole table: nothing is done there.
// The plain values already there are sealed by `rollcall keys reseal` (docs/deploy.md).
import type { Knex } from 'knex';

const WIDENED: Record<string, readonly string[]> = {
  print_requests: ['street', 'unit', 'city'],
  registration_survey: ['answer', 'phone'],
};

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  for (const [table, columns] of Object.entries(WIDENED)) {
    // ALTER ... TYPE text keeps NOT NULL and every value (text holds any varchar).
    await knex.raw(`alter table ?? ${columns.map(() => 'alter column ?? type text').join(', ')}`, [table, ...columns]);
  }
}

export async function down(): Promise<void> {
  // Left as text: narrowing back would fail on (or cut) the sealed values now there. Text is a
  // superset of the old types, so the previous release reads and writes these columns as before.
}
