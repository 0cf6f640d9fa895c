// Partners' widget: the origins allowed to frame the voter flow (CSP frame-ancestors, postMessage
// target), and the utm_* parameters a registration arrived with.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partners', (t) => {
    t.text('allowed_origins').notNullable().defaultTo('[]'); // JSON array of "https://host[:port]"
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.text('utm'); // JSON object of utm_* parameters, or null
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => t.dropColumn('utm'));
  await knex.schema.alterTable('partners', (t) => t.dropColumn('allowed_origins'));
}
