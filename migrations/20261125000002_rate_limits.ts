// Rate-limit counters: shared by every node, so they live in the database. They need no
// durability: on PostgreSQL the table is UNLOGGED (no WAL writes, emptied after a crash).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      'create unlogged table rate_limits (key varchar(100) primary key, window_start bigint not null, count integer not null)',
    );
  } else {
    await knex.schema.createTable('rate_limits', (t) => {
      t.string('key', 100).primary();
      t.bigInteger('window_start').notNullable();
      t.integer('count').notNullable();
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('rate_limits');
}
