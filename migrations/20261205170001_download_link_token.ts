// A PDF link's token, sealed with the field cipher, so that the API's GET of a registration can
// answer the same link while it is valid instead of writing a new row on every poll. The
// hash stays the lookup key; older rows have no sealed token and are simply not reused.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('download_links', (t) => {
    t.text('token_sealed');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('download_links', (t) => {
    t.dropColumn('token_sealed');
  });
}
