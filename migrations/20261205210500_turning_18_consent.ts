// Under 18 in a state that does not let them register yet (issue 15): the voter may ask to be told
// by email when they can. The email is the registration's own (registrations.email, from the
// answers); this is when they ticked the box, the consent the turning_18 message rests on. The
// purge wipes it with the rest of the registration's personal data.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.bigInteger('turning_18_consent_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('turning_18_consent_at');
  });
}
