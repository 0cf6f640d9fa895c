// ASVS 11.1.2: a web registration whose voter went from the start to the submit faster than a person
// can (registrations/pace.ts) is accepted like any other, and flagged here for staff to review (the
// admin registration page and search). Never shown to the voter, never sent to a partner. API
// registrations come from partners' servers: always false.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.boolean('too_fast').notNullable().defaultTo(false);
    // The admin search's "too fast" filter, in its newest-first order (as every other filter).
    t.index(['too_fast', 'created_at', 'id'], 'registrations_too_fast_created');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropIndex(['too_fast', 'created_at', 'id'], 'registrations_too_fast_created');
    t.dropColumn('too_fast');
  });
}
