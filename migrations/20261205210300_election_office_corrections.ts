// Admins' corrections of the county and town election offices (server/offices/). Append-only: each
// row is the whole corrected office as from `created_at`, so a registration's PDF is rendered with
// the office as it stood when the voter submitted (the same row renders the same bytes, as storage's
// re-derivation needs), and the history of an office is its rows. `restored` marks a row that puts
// the source's address back. No personal data: offices and the admin's user id.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('election_office_corrections', (t) => {
    t.increments('id');
    t.string('office_key', 200).notNullable();
    t.boolean('restored').notNullable().defaultTo(false);
    t.string('addressee', 200).notNullable();
    t.string('street1', 200).notNullable();
    t.string('street2', 200).notNullable();
    t.string('city', 100).notNullable();
    t.string('zip', 10).notNullable();
    t.string('phone', 40).notNullable();
    t.integer('user_id').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['office_key', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('election_office_corrections');
}
