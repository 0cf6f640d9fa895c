// Partner webhooks: one URL per partner (its signing secret sealed with APP_KEY) and a log of
// deliveries, one row per (registration, event), so an event is never queued twice.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partners', (t) => {
    t.string('webhook_url', 500);
    t.text('webhook_secret_enc');
  });
  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.increments('id');
    t.string('partner_id', 32).notNullable().references('partners.id');
    t.integer('registration_id').notNullable();
    t.string('event', 32).notNullable(); // registration.completed | registration.pdf_ready
    t.string('url', 500).notNullable();
    t.string('status', 16).notNullable(); // pending | delivered | retrying | failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('last_status_code');
    t.string('last_error', 300);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('delivered_at');
    t.unique(['registration_id', 'event']);
    t.index(['partner_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('webhook_deliveries');
  await knex.schema.alterTable('partners', (t) => {
    t.dropColumn('webhook_secret_enc');
    t.dropColumn('webhook_url');
  });
}
