// Mail to voters (issue 15). One row per message a registration may receive, keyed by
// (registration, kind): the key is what makes "never twice for the same reason" a constraint, not
// a hope. The row names the job that sends it (jobs.id), so the purge can delete queued mail with
// the registration. `voter_mail_enabled` is decided once, when the registration is created (the
// partner's setting, or the API request's), and read by the sender.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('voter_mail', (t) => {
    t.increments('id');
    t.integer('registration_id').notNullable().references('registrations.id');
    t.string('kind', 32).notNullable();
    t.string('status', 16).notNullable(); // scheduled | sent | cancelled | dead
    t.bigInteger('due_at').notNullable();
    t.integer('job_id');
    t.bigInteger('sent_at');
    t.bigInteger('created_at').notNullable();
    t.unique(['registration_id', 'kind']);
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.boolean('voter_mail_enabled').notNullable().defaultTo(true);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('voter_mail_enabled');
  });
  await knex.schema.dropTableIfExists('voter_mail');
}
