// When the voter followed Rollcall's link to their state's online registration (Rocky's
// `finish_with_state`): the first time only, epoch ms. Counted in a partner's statistics and CSV.
// Not personal data, so the purge keeps it. Same DDL on SQLite and PostgreSQL.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.bigInteger('finished_with_state_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('finished_with_state_at');
  });
}
