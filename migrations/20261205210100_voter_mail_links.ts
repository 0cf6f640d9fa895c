// Voter mail, the sending side (issue 15). `voter_mail_links`: the token each email carries (256
// random bits, stored as a SHA-256, expiring after VOTER_MAIL_LINK_DAYS) that opens the email link
// page, which mints a fresh PDF link and offers "I mailed it" and "stop emails".
// `voter_mail_follow_ups`: when an address last got a follow-up, keyed by an HMAC of the
// normalised address (never the address), for the at-most-once-per-30-days rule, and which message
// holds it (reserved before sending, so two registrations' follow-ups to one address never both go).
// On registrations: when the voter stopped mail, said they mailed the form, first downloaded the
// PDF, and the resume token sealed with the field cipher (so a message can carry the resume link;
// the hash stays the lookup key).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('voter_mail_links', (t) => {
    t.increments('id');
    t.string('token_hash', 64).notNullable().unique();
    t.integer('registration_id').notNullable().references('registrations.id');
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('created_at').notNullable();
    t.index(['registration_id']);
  });
  await knex.schema.createTable('voter_mail_follow_ups', (t) => {
    t.string('address_hmac', 64).primary();
    t.bigInteger('sent_at').notNullable();
    t.integer('voter_mail_id');
  });
  await knex.schema.alterTable('registrations', (t) => {
    t.bigInteger('mail_stopped_at');
    t.bigInteger('mailed_at');
    t.bigInteger('pdf_downloaded_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('registrations', (t) => {
    t.dropColumn('pdf_downloaded_at');
    t.dropColumn('mailed_at');
    t.dropColumn('mail_stopped_at');
  });
  await knex.schema.dropTableIfExists('voter_mail_follow_ups');
  await knex.schema.dropTableIfExists('voter_mail_links');
}
