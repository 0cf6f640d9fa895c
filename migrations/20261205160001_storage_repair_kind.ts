// The storage library's repair entries carry a typed kind ('restore' | 'delete') instead of the
// reason text 'delete' marking a delete; rows queued before this migration are converted.
// Same DDL on SQLite and PostgreSQL.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('storage_repairs', (t) => {
    t.string('kind', 16).notNullable().defaultTo('restore');
  });
  await knex('storage_repairs').where({ reason: 'delete' }).update({ kind: 'delete' });
}

export async function down(knex: Knex): Promise<void> {
  await knex('storage_repairs').where({ kind: 'delete' }).update({ reason: 'delete' });
  await knex.schema.alterTable('storage_repairs', (t) => {
    t.dropColumn('kind');
  });
}
