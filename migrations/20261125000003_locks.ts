// Named locks with a lease, for work only one node should do at a time (the purge, sweeps).
// A node that dies holding one lets the lease run out.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('locks', (t) => {
    t.string('name', 64).primary();
    t.string('holder', 128).notNullable();
    t.bigInteger('lease_until').notNullable();
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.index(['purged_at', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropIndex(['purged_at', 'created_at']);
  });
  await knex.schema.dropTableIfExists('locks');
}
