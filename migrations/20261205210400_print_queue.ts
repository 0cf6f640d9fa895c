// The print queue (issue 15, "a voter without a printer"). A voter asks for a printed form: one
// print_requests row per registration (unique: asking twice never queues twice), holding the
// mailing address the voter confirmed and who prints it (NULL: Rollcall's staff; a partner id:
// that partner, when it prints its own voters' forms). Staff (or the partner) gather waiting
// requests into a print_batches row; print_batch_items lists what each batch prints, in order. A
// request enters exactly one first batch (its batch_id, set in the transaction that makes the
// batch); a reprint is another batch (reprint_of) listing chosen requests again, explicitly.
// print_settings holds each partner's choices (offer the printed form; print its own voters').
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('print_batches', (t) => {
    t.increments('id');
    t.string('printer_partner_id', 64).references('partners.id');
    t.integer('count').notNullable();
    t.integer('reprint_of').references('print_batches.id');
    t.bigInteger('created_at').notNullable();
    t.integer('created_by').notNullable();
    t.bigInteger('mailed_at');
    t.integer('mailed_by');
    t.index(['printer_partner_id', 'id']);
  });
  await knex.schema.createTable('print_requests', (t) => {
    t.increments('id');
    t.integer('registration_id').notNullable().unique().references('registrations.id');
    t.string('printer_partner_id', 64).references('partners.id');
    t.string('status', 16).notNullable(); // waiting | batched | mailed
    // The address the printed form is mailed to (personal data: deleted by the purge).
    t.string('street', 200).notNullable();
    t.string('unit', 50);
    t.string('city', 100).notNullable();
    t.string('state', 2).notNullable();
    t.string('zip', 10).notNullable();
    t.bigInteger('requested_at').notNullable();
    t.integer('batch_id').references('print_batches.id');
    t.bigInteger('mailed_at');
    t.index(['printer_partner_id', 'status', 'requested_at']);
  });
  await knex.schema.createTable('print_batch_items', (t) => {
    t.integer('batch_id').notNullable().references('print_batches.id');
    t.integer('request_id').notNullable().references('print_requests.id');
    t.integer('position').notNullable();
    t.primary(['batch_id', 'request_id']);
    t.index(['request_id']);
  });
  await knex.schema.createTable('print_settings', (t) => {
    t.string('partner_id', 64).primary().references('partners.id');
    t.boolean('offer_enabled').notNullable().defaultTo(true);
    t.boolean('prints_own').notNullable().defaultTo(false);
    t.bigInteger('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('print_settings');
  await knex.schema.dropTableIfExists('print_batch_items');
  await knex.schema.dropTableIfExists('print_requests');
  await knex.schema.dropTableIfExists('print_batches');
}
